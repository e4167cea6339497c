/**
 * A request that asks for a stream, answered with one JSON body instead of SSE: an
 * OpenAI-compatible upstream that does not stream does this (with the whole completion), and a
 * refusal may come as a 200 JSON error. The answer it holds is the answer, not a cut stream.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ChatStreamParser,
  NotACompletionError,
  StreamErrorPayload,
  TruncatedStreamError,
} from "../../src/providers/parse-chat-stream.js";
import type { ChatMessage, StreamEvent } from "../../src/providers/types.js";
import { moonshotModel } from "../helpers/models.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { collect, doneOf, testTransport } from "./transport-helpers.js";

let sim: Simulator;
const { transport, agent } = testTransport();
const hello: ChatMessage[] = [{ role: "user", content: "hello there" }];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});
beforeEach(() => sim.reset());

/** Every event a parser gives for `parts`, fed one after the other, or what it threw. */
function parse(parts: string[]): { events: StreamEvent[]; error?: unknown } {
  const parser = new ChatStreamParser();
  const events: StreamEvent[] = [];
  try {
    for (const part of parts) {
      events.push(...parser.feed(Buffer.from(part)));
      parser.check();
    }
    events.push(...parser.end(undefined));
  } catch (error) {
    return { events, error };
  }
  return { events };
}

describe("a stream request answered with a JSON body", () => {
  it("gives the completion it holds, text, tool calls and usage, as a stream would", async () => {
    sim.script([
      {
        respond: {
          ignoreStream: true,
          reply: {
            text: "你好, here is the weather",
            toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
            usage: { promptTokens: 12, completionTokens: 7 },
          },
        },
      },
    ]);
    const model = moonshotModel("kimi-k2.5", { baseUrl: sim.moonshotBaseUrl });
    const events = await collect(
      transport,
      model,
      {
        messages: hello,
        thinking: "off",
        tools: [
          {
            type: "function",
            function: { name: "get_weather", parameters: { type: "object", properties: {} } },
          },
        ],
      },
      { apiKey: sim.keys.moonshot, stream: true },
    );
    // The simulator answered a request that asked for a stream, with JSON.
    expect(sim.chatRequests()[0]?.body).toMatchObject({ stream: true });
    const done = doneOf(events);
    expect(done.message.content).toBe("你好, here is the weather");
    expect(done.message.tool_calls?.[0]?.function).toEqual({
      name: "get_weather",
      arguments: '{"city":"Paris"}',
    });
    expect(done.finishReason).toBe("tool_calls");
    expect(done.usage).toMatchObject({ promptTokens: 12, completionTokens: 7 });
    expect(done.traceId).toMatch(/^sim-ai-/);
    expect(
      events.filter((e) => e.type === "text").map((e) => e.type === "text" && e.delta),
    ).toEqual(["你好, here is the weather"]);
  });

  it("reads a body split inside a character and led by blank lines", () => {
    const body = `\r\n ${JSON.stringify({
      choices: [
        { index: 0, message: { role: "assistant", content: "好的" }, finish_reason: "stop" },
      ],
    })}`;
    const bytes = Buffer.from(body);
    const inside = bytes.indexOf(Buffer.from("好")) + 1;
    const parser = new ChatStreamParser();
    const events = [
      ...parser.feed(bytes.subarray(0, 2)),
      ...parser.feed(bytes.subarray(2, inside)),
      ...parser.feed(bytes.subarray(inside)),
      ...parser.end(undefined),
    ];
    expect(doneOf(events).message.content).toBe("好的");
    expect(doneOf(events).finishReason).toBe("stop");
  });

  it("raises the error object a JSON body carries, not a cut stream", () => {
    const { error } = parse([
      '{"error":{"type":"rate_limit_reached_error","message":"please try again after 1 seconds"}}',
    ]);
    expect(error).toBeInstanceOf(StreamErrorPayload);
    expect((error as StreamErrorPayload).body).toEqual({
      error: { type: "rate_limit_reached_error", message: "please try again after 1 seconds" },
    });
  });

  it("a JSON body that is neither a completion nor an error is no answer, not an empty one", () => {
    for (const body of ['{"detail":"Not Found"}', '{"choices":', "{}"]) {
      const { events, error } = parse([body]);
      expect(error, body).toBeInstanceOf(
        body === '{"choices":' ? TruncatedStreamError : NotACompletionError,
      );
      expect(events.some((event) => event.type === "done")).toBe(false);
    }
  });

  it("still reads SSE led by a blank line as SSE", () => {
    const chunk = JSON.stringify({
      choices: [{ index: 0, delta: { content: "hi" }, finish_reason: "stop" }],
    });
    const { events, error } = parse(["\n", `data: ${chunk}\n\n`, "data: [DONE]\n\n"]);
    expect(error).toBeUndefined();
    expect(doneOf(events).message.content).toBe("hi");
  });
});
