/**
 * Two tools of one name: the model calls a tool by its name, so a call could mean either, and
 * OpenAI and Anthropic refuse such a request. The gateway did not: both went upstream and a 200
 * came back. Each API now answers a 400 in its own format naming the second tool's own field
 * (its index in the client's `tools`, web search tools counted), the first's, and the part the
 * two differ in; nothing is sent upstream.
 *
 * The same tool given twice (an MCP server registered twice) was that 400 too, and the client's
 * set-up could not be used: it is now sent once, and x-openclaw-notes says which was left out.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const SCHEMA = { type: "object", properties: {} } as const;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("tools offered twice under one name", () => {
  it("/v1/messages answers Anthropic's 400 naming tools[1].name and the name", async () => {
    const before = env.sim.chatRequests().length;
    const error = await caught(
      env.anthropic().messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [
          { name: "get_time", input_schema: SCHEMA },
          { name: "get_time", description: "again", input_schema: SCHEMA },
        ],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message:
          'tools[1].name "get_time" is also the name of tools[0], and the two differ in their .description: tool names must be unique, as the model calls a tool by its name; rename one of them, or send it once (two tools alike in name, description and parameters are sent once)',
      },
    });
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("/v1/messages counts a web search tool before them in the index", async () => {
    const error = await caught(
      env.anthropic().messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [
          { type: "web_search_20250305", name: "web_search" },
          { name: "get_time", input_schema: SCHEMA },
          {
            name: "get_time",
            input_schema: { type: "object", properties: { tz: { type: "string" } } },
          },
        ],
      }),
    );
    const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
      error: { message: string };
    };
    expect(body.error.message).toContain(
      'tools[2].name "get_time" is also the name of tools[1], and the two differ in their .input_schema.properties.tz:',
    );
  });

  it("/v1/chat/completions answers a 400 naming tools[1].function.name and what differs", async () => {
    const before = env.sim.chatRequests().length;
    const error = await caught(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [
          { type: "function", function: { name: "get_time", parameters: SCHEMA } },
          {
            type: "function",
            function: { name: "get_time", parameters: { type: "object", required: ["tz"] } },
          },
        ],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("tools[1].function.name");
    expect(refused.code).toBe("duplicate_tool_name");
    expect(refused.message).toContain(
      'tools[1].function.name "get_time" is also the name of tools[0], and the two differ in their .function.parameters.properties:',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("/v1/chat/completions refuses the deprecated functions of one name that differ", async () => {
    const error = await caught(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        functions: [
          { name: "get_time", parameters: SCHEMA },
          { name: "get_date", parameters: SCHEMA },
          { name: "get_time", description: "the time", parameters: SCHEMA },
        ],
      }),
    );
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("functions[2].name");
  });

  it("/v1/responses answers a 400 naming tools[2].name and what differs", async () => {
    const before = env.sim.chatRequests().length;
    const tool = {
      type: "function" as const,
      name: "get_time",
      parameters: SCHEMA,
      strict: false,
    };
    const error = await caught(
      env.client().responses.create({
        model: "moonshot/kimi-k2.5",
        input: "what time is it?",
        tools: [{ type: "web_search" }, tool, { ...tool, description: "the time" }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("tools[2].name");
    expect(refused.message).toContain(
      'tools[2].name "get_time" is also the name of tools[1], and the two differ in their .description:',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("still takes tools of different names", async () => {
    const answer = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      tools: [
        { type: "function", function: { name: "get_time", parameters: SCHEMA } },
        { type: "function", function: { name: "get_date", parameters: SCHEMA } },
      ],
    });
    expect(answer.choices).toHaveLength(1);
  });
});

/** The names of the tools the last upstream request offered. */
function toolNamesSent(): string[] {
  const body = env.sim.chatRequests().at(-1)?.body as {
    tools?: { function: { name: string } }[];
  };
  return (body.tools ?? []).map((tool) => tool.function.name);
}

describe("the same tool given twice", () => {
  // Key order differs: the same JSON all the same.
  const PARAMS = {
    type: "object" as const,
    properties: { tz: { type: "string" } },
    required: ["tz"],
  };
  const REORDERED = {
    required: ["tz"],
    properties: { tz: { type: "string" } },
    type: "object" as const,
  };

  it("/v1/chat/completions sends it once and says so", async () => {
    const { data, response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [
          {
            type: "function",
            function: { name: "get_time", description: "t", parameters: PARAMS },
          },
          { type: "function", function: { name: "get_date", parameters: SCHEMA } },
          {
            type: "function",
            function: { name: "get_time", description: "t", parameters: REORDERED },
          },
        ],
      })
      .withResponse();
    expect(data.choices).toHaveLength(1);
    expect(toolNamesSent()).toEqual(["get_time", "get_date"]);
    expect(notesOf(response.headers)).toContain(
      'tools[2] left out: the same tool as tools[0] ("get_time", name, description and parameters alike), sent once',
    );
  });

  it("/v1/chat/completions sends the deprecated functions once too", async () => {
    const fn = { name: "get_time", parameters: SCHEMA };
    const { response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        functions: [fn, fn],
      })
      .withResponse();
    expect(toolNamesSent()).toEqual(["get_time"]);
    expect(notesOf(response.headers).join("\n")).toContain("functions[1] left out");
  });

  it("/v1/messages sends it once and says so", async () => {
    const tool = { name: "get_time", description: "t", input_schema: PARAMS };
    const { response } = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [
          { type: "web_search_20250305", name: "web_search" },
          tool,
          { ...tool, input_schema: REORDERED },
        ],
      })
      .withResponse();
    expect(response.status).toBe(200);
    // The web search tool goes as Moonshot's own.
    expect(toolNamesSent()).toEqual(["get_time", "$web_search"]);
    expect(notesOf(response.headers)).toContain(
      'tools[2] left out: the same tool as tools[1] ("get_time", name, description and parameters alike), sent once',
    );
  });

  it("/v1/responses sends it once and says so", async () => {
    const tool = { type: "function" as const, name: "get_time", parameters: PARAMS, strict: false };
    const { response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "what time is it?",
        tools: [tool, tool],
      })
      .withResponse();
    expect(response.status).toBe(200);
    expect(toolNamesSent()).toEqual(["get_time"]);
    expect(notesOf(response.headers)).toContain(
      'tools[1] left out: the same tool as tools[0] ("get_time", name, description and parameters alike), sent once',
    );
  });

  // A schema refused after a repeat was left out: the chat request's tools[1] is the client's
  // tools[2], and the 400 named tools[1], a tool with nothing wrong in it.
  const STRING_ROOT = { type: "string" } as const;

  async function refusedParam(promise: Promise<unknown>): Promise<unknown> {
    const error = await caught(promise);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    return (error as InstanceType<typeof OpenAI.BadRequestError>).param;
  }

  it("/v1/chat/completions names the client's index of a refused schema after a repeat", async () => {
    const fn = { name: "get_time", parameters: SCHEMA };
    const param = await refusedParam(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [
          { type: "function", function: fn },
          { type: "function", function: fn },
          { type: "function", function: { name: "get_zone", parameters: STRING_ROOT } },
        ],
      }),
    );
    expect(param).toBe("tools[2].function.parameters");
  });

  it("/v1/chat/completions names the client's functions index of a refused schema after a repeat", async () => {
    const fn = { name: "get_time", parameters: SCHEMA };
    const param = await refusedParam(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        functions: [fn, fn, { name: "get_zone", parameters: STRING_ROOT }],
      }),
    );
    expect(param).toBe("functions[2].parameters");
  });

  it("/v1/responses names the client's index of a refused schema after a repeat", async () => {
    const tool = { type: "function" as const, name: "get_time", parameters: SCHEMA, strict: false };
    const param = await refusedParam(
      env.client().responses.create({
        model: "moonshot/kimi-k2.5",
        input: "what time is it?",
        tools: [
          tool,
          tool,
          { type: "function", name: "get_zone", parameters: STRING_ROOT, strict: false },
        ],
      }),
    );
    expect(param).toBe("tools[2].parameters");
  });

  it("/v1/responses names a namespace's function by its place in the namespace", async () => {
    // Codex's namespace tools: their functions go upstream flat, ahead of the top-level ones, so
    // counting function tools named get_time (tools[1]) for the namespace's close_agent.
    const close = { type: "function", name: "close_agent", parameters: STRING_ROOT, strict: false };
    const spawn = { type: "function", name: "spawn_agent", parameters: SCHEMA, strict: false };
    const namespace = { type: "namespace", name: "multi_agent_v1", description: "Sub-agents." };
    const getTime = { type: "function", name: "get_time", parameters: SCHEMA, strict: false };
    const inner = await refusedParam(
      env.client().responses.create({
        model: "moonshot/kimi-k2.5",
        input: "go",
        tools: [
          { ...namespace, tools: [close, spawn] },
          getTime,
        ] as unknown as OpenAI.Responses.Tool[],
      }),
    );
    expect(inner).toBe("tools[0].tools[0].parameters");
    const second = await refusedParam(
      env.client().responses.create({
        model: "moonshot/kimi-k2.5",
        input: "go",
        tools: [
          { ...namespace, tools: [spawn, close] },
          getTime,
        ] as unknown as OpenAI.Responses.Tool[],
      }),
    );
    expect(second).toBe("tools[0].tools[1].parameters");

    // A top-level function after a namespace is named by its own index, as before.
    const topLevel = await refusedParam(
      env.client().responses.create({
        model: "moonshot/kimi-k2.5",
        input: "go",
        tools: [
          { ...namespace, tools: [spawn] },
          { ...getTime, parameters: STRING_ROOT },
        ] as unknown as OpenAI.Responses.Tool[],
      }),
    );
    expect(topLevel).toBe("tools[1].parameters");
  });
});
