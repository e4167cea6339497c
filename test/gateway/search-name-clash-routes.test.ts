/**
 * A client tool named `$web_search`, Moonshot's own name for its web search, beside the web
 * search a route runs with it: Anthropic's search tool on /v1/messages, `{"type": "web_search"}`
 * on /v1/responses, `web_search_options` on chat completions. Upstream the two shared one name
 * and Moonshot refused the function (a name must begin with a letter): the client got the
 * provider's 400 blamed on the gateway's config. Now a 400 in the route's own format naming both
 * and what to do, nothing sent upstream. A tool named `web_search` on the OpenAI routes is told
 * apart (the search is a web_search_call item there, or not shown at all) and still goes through.
 * Through the official SDKs against the simulator.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const PARAMETERS = { type: "object" as const, properties: { q: { type: "string" } } };
const TAIL =
  'is Moonshot\'s own name for its web search, which answers SEARCH: upstream the two would share that name, a call of it taken for the search, and Moonshot takes no function so named (a letter first); rename your tool (such as "my_web_search"), or leave one of them out';
const clashText = (at: string, search: string) =>
  `${at} "$web_search" ${TAIL.replace("SEARCH", search)}`;

it("/v1/messages refuses a client tool named $web_search beside the search tool", async () => {
  const before = env.sim.chatRequests().length;
  const refused = await env
    .anthropic()
    .messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "Find the release notes" }],
      tools: [
        { type: "web_search_20250305", name: "web_search" },
        { name: "$web_search", description: "Searches the wiki", input_schema: PARAMETERS },
      ],
    })
    .catch((caught: unknown) => caught);
  expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
  expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toEqual({
    type: "error",
    error: {
      type: "invalid_request_error",
      message: clashText("tools[1].name", "tools[0], the web search server tool"),
    },
  });
  expect(env.sim.chatRequests()).toHaveLength(before);
});

it("/v1/messages refuses a client web_search beside a search tool named otherwise", async () => {
  // The answer's server_tool_use blocks name the search web_search, whatever the tool's name.
  const search = {
    type: "web_search_20250305",
    name: "$web_search",
  } as unknown as Anthropic.ToolUnion;
  const refused = await env
    .anthropic()
    .messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "Find the release notes" }],
      tools: [search, { name: "web_search", input_schema: PARAMETERS }],
    })
    .catch((caught: unknown) => caught);
  expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
  expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
    error: {
      message:
        'tools[1].name "web_search" is also the name of tools[0], the web search server tool, in the answer\'s server_tool_use blocks: a tool_use of that name in the answer could be either, and tool names must be unique; rename your tool (such as "my_web_search"), or leave one of them out',
    },
  });
});

it("/v1/responses refuses a function named $web_search beside the web_search tool", async () => {
  const before = env.sim.chatRequests().length;
  const refused = await env
    .client()
    .responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Find the release notes",
      tools: [
        { type: "web_search" },
        { type: "function", name: "$web_search", parameters: PARAMETERS, strict: false },
      ],
    })
    .catch((caught: unknown) => caught);
  expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
  const error = refused as InstanceType<typeof OpenAI.BadRequestError>;
  expect(error.param).toBe("tools[1].name");
  expect(error.message).toBe(`400 ${clashText("tools[1].name", "tools[0], the web_search tool")}`);
  expect(env.sim.chatRequests()).toHaveLength(before);
});

it("chat completions refuse a function named $web_search beside web_search_options", async () => {
  const before = env.sim.chatRequests().length;
  const refused = await env
    .client()
    .chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "Find the release notes" }],
      web_search_options: {},
      tools: [{ type: "function", function: { name: "$web_search", parameters: PARAMETERS } }],
    })
    .catch((caught: unknown) => caught);
  expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
  const error = refused as InstanceType<typeof OpenAI.BadRequestError>;
  expect(error.param).toBe("tools[0].function.name");
  expect(error.message).toBe(`400 ${clashText("tools[0].function.name", "web_search_options")}`);
  expect(env.sim.chatRequests()).toHaveLength(before);
});

it("still takes $web_search alone, and a web_search function beside the OpenAI routes' search", async () => {
  const alone = await env.client().chat.completions.create({
    model: "moonshot/kimi-k2.5",
    messages: [{ role: "user", content: "Find the release notes" }],
    tools: [{ type: "function", function: { name: "$web_search", parameters: PARAMETERS } }],
  });
  expect(alone.choices[0]?.finish_reason).toBe("stop");
  const chat = await env.client().chat.completions.create({
    model: "moonshot/kimi-k2.5",
    messages: [{ role: "user", content: "Find the release notes" }],
    web_search_options: {},
    tools: [{ type: "function", function: { name: "web_search", parameters: PARAMETERS } }],
  });
  expect(chat.choices[0]?.message.content).toContain("searched the web");
  const responses = await env.client().responses.create({
    model: "moonshot/kimi-k2.5",
    input: "Find the release notes",
    tools: [
      { type: "web_search" },
      { type: "function", name: "web_search", parameters: PARAMETERS, strict: false },
    ],
  });
  expect(responses.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
});

// A namespace's function goes upstream by the namespace and its own name joined with "__", so
// no namespace comes out as "$web_search" (it has no "__"): one spelled like it goes upstream
// under a name Moonshot takes, apart from the search, and is not refused. Pins that, as the
// refusal above would otherwise be owed to it.
it("/v1/responses: a namespace spelled like $web_search beside the search goes apart from it", async () => {
  const cases: Array<[string, string, string]> = [
    ["$web", "search", "fn__web__search"],
    ["$web_", "_search", "fn__web__search"],
    ["$", "web_search", "fn____web_search"],
  ];
  for (const [namespace, name, sent] of cases) {
    const response = await env.client().responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Find the release notes",
      tools: [
        { type: "web_search" },
        {
          type: "namespace",
          name: namespace,
          description: "Lookups.",
          tools: [{ type: "function", name, parameters: PARAMETERS }],
        },
      ],
    });
    expect(response.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    const upstream = env.sim.chatRequests().at(-1)?.body as {
      tools: Array<{ function: { name: string } }>;
    };
    const { tools } = upstream;
    expect(tools.map((tool) => tool.function.name).sort()).toEqual(["$web_search", sent].sort());
  }
});
