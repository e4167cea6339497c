/**
 * `max_tool_calls` (OpenAI's bound on a response's calls of built-in tools) was refused on
 * /v1/responses as "not supported by this gateway's Responses API". Without the web_search tool
 * no built-in tool is offered, so there is nothing it could bound: it is taken (a positive
 * integer, else a 400 naming it), kept out of the upstream request, repeated in the response as
 * OpenAI's does, and told in x-openclaw-notes. With web_search, whose searches the gateway cannot
 * bound, it is refused rather than promised.
 */
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

const NOTE =
  "max_tool_calls 3 has nothing to bound: it counts built-in tool calls, and without web_search this request offers none (function calls are the client's to count)";

const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "weather",
  parameters: { type: "object", properties: {} },
  strict: false,
};

async function refusal(params: Record<string, unknown>) {
  const error = await env
    .client()
    .responses.create({
      model: "moonshot/kimi-k2.5",
      input: "x",
      ...params,
    } as OpenAI.Responses.ResponseCreateParamsNonStreaming)
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  return error as InstanceType<typeof OpenAI.BadRequestError>;
}

describe("max_tool_calls on /v1/responses", () => {
  it("is taken with function tools, left out upstream, repeated and told in x-openclaw-notes", async () => {
    const before = env.sim.chatRequests().length;
    const { data, response } = await env
      .client()
      // This SDK's types do not know the field yet.
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "x",
        tools: [weather],
        max_tool_calls: 3,
      } as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();
    expect(data.status).toBe("completed");
    expect((data as unknown as Record<string, unknown>).max_tool_calls).toBe(3);
    expect(notesOf(response.headers)).toContain(NOTE);
    expect(env.sim.chatRequests().length).toBe(before + 1);
    const upstream = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    expect(upstream).not.toHaveProperty("max_tool_calls");
    expect(upstream.tools).toHaveLength(1);
  });

  it("is taken on a streamed response too", async () => {
    const { data: stream, response } = await env
      .client()
      .responses.create({
        model: "moonshot/kimi-k2.5",
        input: "x",
        stream: true,
        max_tool_calls: 3,
      } as OpenAI.Responses.ResponseCreateParamsStreaming)
      .withResponse();
    for await (const _event of stream) {
      // read to the end
    }
    expect(notesOf(response.headers)).toContain(NOTE);
  });

  it("must be a positive integer, the 400 naming it", async () => {
    for (const [value, said] of [
      [0, "got 0"],
      [2.5, "got 2.5"],
      ["3", "got a string"],
    ] as const) {
      const refused = await refusal({ max_tool_calls: value });
      expect(refused.param).toBe("max_tool_calls");
      expect(refused.message).toContain(`max_tool_calls must be a positive integer, ${said}`);
    }
  });

  it("is refused beside web_search, whose searches the gateway cannot bound", async () => {
    const before = env.sim.chatRequests().length;
    const refused = await refusal({ tools: [{ type: "web_search" }], max_tool_calls: 2 });
    expect(refused.param).toBe("max_tool_calls");
    expect(refused.message).toContain("max_tool_calls cannot be kept with the web_search tool");
    expect(env.sim.chatRequests().length).toBe(before);
  });
});
