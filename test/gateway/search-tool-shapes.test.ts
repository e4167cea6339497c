/**
 * A web search tool written as another route of the gateway writes it: OpenAI's Responses
 * `{"type": "web_search"}` on chat completions (which ask for a search with
 * `web_search_options`), Moonshot's `builtin_function` or OpenAI's tool on /v1/messages, Moonshot's
 * or Anthropic's on /v1/responses. Chat completions pointed to `builtin_function`, whose search
 * calls then come back for the client to answer; /v1/messages called OpenAI's tool "Anthropic's
 * server tool" and said web_search was answered; /v1/responses called Moonshot's tool one of
 * OpenAI's other built-in tools. Each 400 now names the form the route takes, and nothing goes
 * upstream.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

type Json = Record<string, unknown>;

const MOONSHOT_SEARCH = { type: "builtin_function", function: { name: "$web_search" } };
const ANTHROPIC_SEARCH = { type: "web_search_20250305", name: "web_search" };

describe("a web search tool in another route's shape", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The 400 the official `openai` client gets for `send`, with the requests sent upstream. */
  async function refusedOpenAi(send: (client: OpenAI) => Promise<unknown>) {
    const before = env.sim.chatRequests().length;
    const error = await send(env.client()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    return {
      status: apiError.status,
      body: apiError.error as Json,
      upstream: env.sim.chatRequests().length - before,
    };
  }

  it("on chat completions, the Responses or Anthropic tool: says to send web_search_options", async () => {
    const refused = await refusedOpenAi((client) =>
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "Any news today?" }],
        tools: [{ type: "web_search" } as unknown as OpenAI.ChatCompletionTool],
      }),
    );
    expect(refused).toEqual({
      status: 400,
      upstream: 0,
      body: expect.objectContaining({
        param: "tools[0].type",
        message: `tools[0] {"type":"web_search"} is the web search tool as the Responses API writes it; chat completions ask for a searched answer with web_search_options: {} (the gateway runs Moonshot's $web_search and answers from it): leave it out of tools and send that`,
      }),
    });
    const anthropic = await refusedOpenAi((client) =>
      client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "Any news today?" }],
        tools: [ANTHROPIC_SEARCH as unknown as OpenAI.ChatCompletionTool],
      }),
    );
    expect(anthropic.body.message).toMatch(
      /^tools\[0\] \{"type":"web_search_20250305","name":"web_search"\} is the web search tool as Anthropic's Messages API writes it; chat completions ask for a searched answer with web_search_options: \{\}/,
    );
  });

  it("on /v1/responses, Moonshot's or Anthropic's tool: says to send {type: web_search}", async () => {
    for (const [tool, api] of [
      [MOONSHOT_SEARCH, "Moonshot's API"],
      [ANTHROPIC_SEARCH, "Anthropic's Messages API"],
    ] as const) {
      const refused = await refusedOpenAi((client) =>
        client.responses.create({
          model: "moonshot/kimi-k2.5",
          input: "Any news today?",
          tools: [tool as unknown as OpenAI.Responses.Tool],
        }),
      );
      expect(refused).toEqual({
        status: 400,
        upstream: 0,
        body: expect.objectContaining({
          param: "tools[0].type",
          message: `tools[0] ${JSON.stringify(tool)} is the web search tool as ${api} writes it; the Responses API takes {"type": "web_search"}, answered with Moonshot's own search`,
        }),
      });
    }
  });

  it("on /v1/messages, OpenAI's or Moonshot's tool: says to send Anthropic's", async () => {
    for (const [tool, api] of [
      [{ type: "web_search" }, "the Responses API"],
      [MOONSHOT_SEARCH, "Moonshot's API"],
    ] as const) {
      const before = env.sim.chatRequests().length;
      const response = await postMessages(env.gateway.url, {
        model: "moonshot/kimi-k2.5",
        max_tokens: 256,
        messages: [{ role: "user", content: "Any news today?" }],
        tools: [tool],
      });
      expect(response.status).toBe(400);
      expect(env.sim.chatRequests().length).toBe(before);
      expect(((await response.json()) as { error: Json }).error.message).toBe(
        `tools[0].type: tools[0] ${JSON.stringify(tool)} is the web search tool as ${api} writes it; /v1/messages takes Anthropic's: {"type": "web_search_20250305", "name": "web_search"}, answered with Moonshot's own search`,
      );
    }
  });

  it("still takes each route's own form", async () => {
    const client = env.client();
    const chat = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "Any news today?" }],
      web_search_options: {},
    });
    expect(chat.choices[0]?.message.content).toContain("(searched the web)");
    const response = await client.responses.create({
      model: "moonshot/kimi-k2.5",
      input: "Any news today?",
      tools: [{ type: "web_search" }],
    });
    expect(response.output_text).toContain("(searched the web)");
    const message = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: "Any news today?" }],
      tools: [ANTHROPIC_SEARCH],
    });
    expect(message.status).toBe(200);
    expect(await message.text()).toContain("(searched the web)");
  });
});
