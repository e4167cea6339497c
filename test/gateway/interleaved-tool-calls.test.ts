/**
 * Tool calls whose streamed fragments interleave (call 0's arguments, call 1's, call 0's again,
 * told apart by `index`), as some OpenAI-compatible upstreams send them: the Messages and
 * Responses stream relays each assemble every call whole, and send them one after the other
 * (Anthropic's content blocks cannot interleave). Checked with the official SDKs, which rebuild
 * the calls from the events and fail on events out of order.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const TURBO = "moonshot/kimi-k2-turbo-preview";
const PARIS = { tz: "Europe/Paris", note: "the office in Paris, for the morning call" };
const TOKYO = { tz: "Asia/Tokyo", note: "the plant in Tokyo, before it closes" };

/** Two calls whose fragments take turns, a few characters each. */
function scriptInterleaved(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2-turbo-preview" },
      respond: {
        reply: {
          toolCalls: [
            { name: "get_time", arguments: PARIS },
            { name: "get_time", arguments: TOKYO },
          ],
        },
        stream: { chunkChars: 4, interleaveToolCalls: true },
      },
    },
  ]);
}

const tool = {
  name: "get_time",
  description: "The current time in a time zone",
  input_schema: {
    type: "object" as const,
    properties: { tz: { type: "string" }, note: { type: "string" } },
  },
};

describe("interleaved tool-call fragments", () => {
  it("come out of /v1/messages as two whole tool_use blocks, one after the other", async () => {
    scriptInterleaved();
    const client = new Anthropic({
      apiKey: GATEWAY_TOKEN,
      baseURL: env.gateway.url,
      maxRetries: 0,
      timeout: 15_000,
    });
    const stream = client.messages.stream({
      model: TURBO,
      max_tokens: 256,
      tools: [tool],
      messages: [{ role: "user", content: "What time is it in Paris and Tokyo?" }],
    });
    /** Each block's input_json_delta fragments, joined, by the block's index. */
    const partial = new Map<number, string>();
    stream.on("streamEvent", (event) => {
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
        partial.set(event.index, (partial.get(event.index) ?? "") + event.delta.partial_json);
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe("tool_use");
    expect(
      message.content.map((block) =>
        block.type === "tool_use" ? { id: block.id, input: block.input } : block.type,
      ),
    ).toEqual([
      { id: "functions.get_time:0", input: PARIS },
      { id: "functions.get_time:1", input: TOKYO },
    ]);
    expect([...partial.values()].map((text) => JSON.parse(text))).toEqual([PARIS, TOKYO]);
  });

  it("come out of /v1/responses as two whole function_call items", async () => {
    scriptInterleaved();
    const stream = env.client().responses.stream({
      model: TURBO,
      input: "What time is it in Paris and Tokyo?",
      tools: [
        {
          type: "function",
          name: "get_time",
          parameters: tool.input_schema,
          strict: false,
        },
      ],
    });
    /** Each item's argument deltas, joined, by its output index. */
    const deltas = new Map<number, string>();
    stream.on("response.function_call_arguments.delta", (event) => {
      deltas.set(event.output_index, (deltas.get(event.output_index) ?? "") + event.delta);
    });
    const response = await stream.finalResponse();
    const calls = response.output.flatMap((item) =>
      item.type === "function_call"
        ? [{ call_id: item.call_id, arguments: JSON.parse(item.arguments), status: item.status }]
        : [],
    );
    expect(calls).toEqual([
      { call_id: "functions.get_time:0", arguments: PARIS, status: "completed" },
      { call_id: "functions.get_time:1", arguments: TOKYO, status: "completed" },
    ]);
    expect([...deltas.values()].map((text) => JSON.parse(text))).toEqual([PARIS, TOKYO]);
  });

  it("still stream each call live when they come one after the other", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          reply: {
            toolCalls: [
              { name: "get_time", arguments: PARIS },
              { name: "get_time", arguments: TOKYO },
            ],
          },
          stream: { chunkChars: 4 },
        },
      },
    ]);
    const client = new Anthropic({
      apiKey: GATEWAY_TOKEN,
      baseURL: env.gateway.url,
      maxRetries: 0,
      timeout: 15_000,
    });
    const stream = client.messages.stream({
      model: TURBO,
      max_tokens: 256,
      tools: [tool],
      messages: [{ role: "user", content: "What time is it in Paris and Tokyo?" }],
    });
    /** How many input_json_delta events each block had. */
    const fragments = new Map<number, number>();
    stream.on("streamEvent", (event) => {
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
        fragments.set(event.index, (fragments.get(event.index) ?? 0) + 1);
    });
    await stream.finalMessage();
    // The second call's fragments went out as they came, not held back to the end as one.
    expect(fragments.get(1)).toBeGreaterThan(3);
  });
});
