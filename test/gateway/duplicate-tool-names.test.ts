/**
 * Two tools of one name: the model calls a tool by its name, so a call could mean either, and
 * OpenAI and Anthropic refuse such a request. The gateway did not: both went upstream and a 200
 * came back. Each API now answers a 400 in its own format naming the second tool's own field
 * (its index in the client's `tools`, web search tools counted) and the first's; nothing is
 * sent upstream.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

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
          'tools[1].name "get_time" is also the name of tools[0]: tool names must be unique, as the model calls a tool by its name; rename one of them or send it once',
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
          { name: "get_time", input_schema: SCHEMA },
        ],
      }),
    );
    const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
      error: { message: string };
    };
    expect(body.error.message).toContain('tools[2].name "get_time" is also the name of tools[1]:');
  });

  it("/v1/chat/completions answers a 400 naming tools[1].function.name", async () => {
    const before = env.sim.chatRequests().length;
    const tool = {
      type: "function" as const,
      function: { name: "get_time", parameters: SCHEMA },
    };
    const error = await caught(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        tools: [tool, tool],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("tools[1].function.name");
    expect(refused.code).toBe("duplicate_tool_name");
    expect(refused.message).toContain(
      'tools[1].function.name "get_time" is also the name of tools[0]:',
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("/v1/chat/completions refuses the deprecated functions given twice too", async () => {
    const error = await caught(
      env.client().chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "what time is it?" }],
        functions: [
          { name: "get_time", parameters: SCHEMA },
          { name: "get_date", parameters: SCHEMA },
          { name: "get_time", parameters: SCHEMA },
        ],
      }),
    );
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("functions[2].name");
  });

  it("/v1/responses answers a 400 naming tools[1].name", async () => {
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
        tools: [{ type: "web_search" }, tool, tool],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("tools[2].name");
    expect(refused.message).toContain('tools[2].name "get_time" is also the name of tools[1]:');
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
