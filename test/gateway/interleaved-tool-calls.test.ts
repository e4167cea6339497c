/**
 * Tool calls whose streamed fragments interleave (call 0's arguments, call 1's, call 0's again,
 * told apart by `index`), as some OpenAI-compatible upstreams send them: the Messages, Responses
 * and chat-completions stream relays each assemble every call whole, and send them one after the
 * other (Anthropic's content blocks cannot interleave; OpenAI's chat stream never interleaves, and
 * its SDKs' stream helpers end a call when the next index begins). Checked with the official
 * SDKs, which rebuild the calls from the events and fail on events out of order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnthropicGrammar, sseEvents } from "./anthropic-grammar.js";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

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

/** The question the /v1/messages tests ask, with the tool. */
const question = {
  model: TURBO,
  max_tokens: 256,
  tools: [tool],
  messages: [{ role: "user" as const, content: "What time is it in Paris and Tokyo?" }],
};

describe("interleaved tool-call fragments", () => {
  it("come out of /v1/messages as two whole tool_use blocks, one after the other", async () => {
    scriptInterleaved();
    const client = env.anthropic();
    const stream = client.messages.stream(question);
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
      // `functions.get_time:0` and `:1`, in the alphabet Anthropic's ids have (anthropic-tool-ids).
      { id: "toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjA", input: PARIS },
      { id: "toolu_kimi_ZnVuY3Rpb25zLmdldF90aW1lOjE", input: TOKYO },
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
    const client = env.anthropic();
    const stream = client.messages.stream(question);
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

const TEXT = "Let me look up both clocks for you, one city after the other.";

/** Text whose pieces come between the two calls' interleaved fragments. */
function scriptTextAmongCalls(): void {
  env.sim.script([
    {
      when: { model: "kimi-k2-turbo-preview" },
      respond: {
        reply: {
          text: TEXT,
          toolCalls: [
            { name: "get_time", arguments: PARIS },
            { name: "get_time", arguments: TOKYO },
          ],
        },
        stream: { chunkChars: 4, interleaveToolCalls: true, textAmongToolCalls: true },
      },
    },
  ]);
}

describe("text between interleaved tool-call fragments", () => {
  it("comes out of /v1/messages in blocks after the call it interrupted, nothing lost", async () => {
    scriptTextAmongCalls();
    const response = await postMessages(env.gateway.url, { ...question, stream: true });
    expect(response.status).toBe(200);
    const events = sseEvents(await response.text());
    // Blocks cannot interleave: the text that came while call 0 was incomplete waits for it,
    // then call 1 (begun meanwhile) takes its turn, and the text after its start follows it.
    expect(expectAnthropicGrammar(events)).toEqual([
      "text",
      "tool_use",
      "text",
      "tool_use",
      "text",
    ]);

    scriptTextAmongCalls();
    const client = env.anthropic();
    const message = await client.messages.stream(question).finalMessage();
    const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
    expect(text).toBe(TEXT);
    expect(
      message.content.flatMap((block) => (block.type === "tool_use" ? [block.input] : [])),
    ).toEqual([PARIS, TOKYO]);
    expect(message.stop_reason).toBe("tool_use");
  });

  it("comes out of /v1/responses as message items between whole function calls, one item at a time", async () => {
    scriptTextAmongCalls();
    const stream = env.client().responses.stream({
      model: TURBO,
      input: "What time is it in Paris and Tokyo?",
      tools: [{ type: "function", name: "get_time", parameters: tool.input_schema, strict: false }],
    });
    /** Output indexes in the order their events came: an item's events all before the next's. */
    const order: number[] = [];
    stream.on("event", (event) => {
      if ("output_index" in event && order.at(-1) !== event.output_index)
        order.push(event.output_index);
    });
    const response = await stream.finalResponse();
    expect(order).toEqual(order.map((_, at) => at));
    expect(response.output.map((item) => item.type)).toEqual([
      "message",
      "function_call",
      "message",
      "function_call",
      "message",
    ]);
    expect(response.output_text).toBe(TEXT);
    expect(
      response.output.flatMap((item) =>
        item.type === "function_call" ? [JSON.parse(item.arguments)] : [],
      ),
    ).toEqual([PARIS, TOKYO]);
  });
});

describe("interleaved tool-call fragments on /v1/chat/completions with stream: true", () => {
  it("go out one whole call after the other, as OpenAI streams them, so the SDK's stream helper parses each call", async () => {
    scriptInterleaved();
    const client = env.client();
    // The helper that Python's `client.chat.completions.stream()` and `parse()` mirror: it takes
    // a new index as the end of the call before, and parses a strict tool's arguments then.
    const stream = client.chat.completions.stream({
      model: TURBO,
      tools: [
        {
          type: "function",
          function: {
            name: "get_time",
            strict: true,
            parameters: {
              ...tool.input_schema,
              required: ["tz", "note"],
              additionalProperties: false,
            },
          },
        },
      ],
      messages: [{ role: "user", content: "What time is it in Paris and Tokyo?" }],
    });
    const indexes: number[] = [];
    stream.on("chunk", (chunk) => {
      for (const part of chunk.choices[0]?.delta.tool_calls ?? []) indexes.push(part.index);
    });
    const done: { index: number; parsed: unknown }[] = [];
    stream.on("tool_calls.function.arguments.done", (event) => {
      done.push({ index: event.index, parsed: event.parsed_arguments });
    });
    const completion = await stream.finalChatCompletion();
    // Every fragment of call 0 before the first of call 1 (the upstream's took turns).
    expect(indexes.length).toBeGreaterThan(2);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(done).toEqual([
      { index: 0, parsed: PARIS },
      { index: 1, parsed: TOKYO },
    ]);
    expect(
      completion.choices[0]?.message.tool_calls?.map((call) =>
        call.type === "function" ? JSON.parse(call.function.arguments) : undefined,
      ),
    ).toEqual([PARIS, TOKYO]);
  });
});
