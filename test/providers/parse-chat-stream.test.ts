import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  eventsFromCompletion,
  parseChatStream,
  StreamErrorPayload,
  TruncatedStreamError,
} from "../../src/providers/index.js";
import { ChatStreamParser } from "../../src/providers/parse-chat-stream.js";
import type { StreamEvent } from "../../src/providers/types.js";

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/** Splits bytes into small uneven pieces, cutting through UTF-8 sequences and CRLF pairs. */
async function* pieces(bytes: Buffer, sizes = [1, 2, 3, 5, 7, 11]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = sizes[i++ % sizes.length] ?? 1;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function parse(bytes: Buffer, sizes?: number[]): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of parseChatStream(pieces(bytes, sizes), { traceId: "fx" }))
    events.push(event);
  return events;
}

describe("parseChatStream on recorded-style payloads", () => {
  it("parses a CRLF stream with comments, Chinese text split mid-character and index-less tool calls", async () => {
    for (const sizes of [[1], [3, 7], [4096]]) {
      const events = await parse(fixture("moonshot-thinking-tools-crlf.sse"), sizes);
      const reasoning = events.map((e) => (e.type === "reasoning" ? e.delta : "")).join("");
      const text = events.map((e) => (e.type === "text" ? e.delta : "")).join("");
      expect(reasoning).toBe("用户想知道北京的天气，我需要调用工具。");
      expect(text).toBe("我来查一下。");
      const calls = events.flatMap((e) => (e.type === "tool_call" ? [e.toolCall] : []));
      expect(calls).toEqual([
        {
          id: "functions.get_weather:0",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"北京"}' },
        },
        {
          id: "functions.get_time:1",
          type: "function",
          function: { name: "get_time", arguments: "{}" },
        },
      ]);
      const last = events[events.length - 1];
      expect(last).toMatchObject({
        type: "done",
        finishReason: "tool_calls",
        traceId: "fx",
        usage: { promptTokens: 210, completionTokens: 48, totalTokens: 258, cachedTokens: 192 },
      });
    }
  });

  it("emits each assembled tool call as soon as the next one starts", async () => {
    const events = await parse(fixture("moonshot-thinking-tools-crlf.sse"), [4096]);
    const firstCall = events.findIndex((e) => e.type === "tool_call");
    const secondStart = events.findIndex((e) => e.type === "tool_call_delta" && e.index === 1);
    expect(firstCall).toBeGreaterThan(-1);
    expect(firstCall).toBeLessThan(secondStart);
  });

  it("reads usage from a top-level chunk with prompt_tokens_details and maps content_filter", async () => {
    const events = await parse(fixture("openai-style-usage-content-filter.sse"));
    const done = events[events.length - 1];
    expect(done).toMatchObject({
      type: "done",
      finishReason: "content_filter",
      usage: { promptTokens: 12, completionTokens: 1, cachedTokens: 8 },
    });
  });

  it("surfaces an error object sent mid-stream", async () => {
    await expect(parse(fixture("moonshot-midstream-error.sse"))).rejects.toBeInstanceOf(
      StreamErrorPayload,
    );
  });

  it("refuses a stream that stops before any finish reason", async () => {
    const bytes = fixture("moonshot-thinking-tools-crlf.sse");
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    await expect(parse(cut)).rejects.toBeInstanceOf(TruncatedStreamError);
  });

  /** A tool call with empty arguments, as a completion carries it. */
  const call = (id: string, name: string) => ({
    id,
    type: "function",
    function: { name, arguments: "{}" },
  });
  /** A non-streamed completion whose one choice ends in these tool calls. */
  const toolCallCompletion = (message: Record<string, unknown>, toolCalls: unknown[]) => ({
    choices: [
      {
        index: 0,
        finish_reason: "tool_calls",
        message: { role: "assistant", ...message, tool_calls: toolCalls },
      },
    ],
  });

  it("turns a non-streamed completion into the same events", () => {
    const events = eventsFromCompletion(
      {
        ...toolCallCompletion({ content: "", reasoning_content: "think" }, [
          call("functions.f:0", "f"),
        ]),
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cached_tokens: 1 },
      },
      "t1",
    );
    expect(events.map((e) => e.type)).toEqual([
      "reasoning",
      "tool_call_delta",
      "tool_call",
      "usage",
      "done",
    ]);
    expect(events[4]).toMatchObject({
      message: { reasoning_content: "think", tool_calls: [{ id: "functions.f:0" }] },
      usage: { cachedTokens: 1 },
    });
  });

  it("reports tool calls under the caller's names when the request sent them renamed", () => {
    const events = eventsFromCompletion(
      toolCallCompletion({}, [call("functions.fn_9x:0", "fn_9x"), call("functions.g:1", "g")]),
      undefined,
      { toolNames: new Map([["fn_9x", "9x"]]) },
    );
    const names = (type: string) =>
      events.flatMap((event) =>
        event.type === "tool_call_delta" && type === event.type
          ? [event.name]
          : event.type === "tool_call" && type === event.type
            ? [event.toolCall.function.name]
            : event.type === "done" && type === event.type
              ? (event.message.tool_calls ?? []).map((call) => call.function.name)
              : [],
      );
    expect(names("tool_call_delta")).toEqual(["9x", "g"]);
    expect(names("tool_call")).toEqual(["9x", "g"]);
    expect(names("done")).toEqual(["9x", "g"]);
  });
});

describe("parseChatStream on tool calls an upstream interleaves by index", () => {
  /** A stream of these tool-call deltas, one chunk each, then the finish reason. */
  const streamOf = (parts: { index: number; id?: string; args: string }[]): Buffer => {
    const chunks = [
      ...parts.map((part) => ({
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index: part.index,
                  ...(part.id ? { id: part.id, type: "function" } : {}),
                  function: { ...(part.id ? { name: "get_time" } : {}), arguments: part.args },
                },
              ],
            },
          },
        ],
      })),
      { choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
    ];
    const payloads = [...chunks.map((chunk) => JSON.stringify(chunk)), "[DONE]"];
    return Buffer.from(payloads.map((data) => `data: ${data}\n\n`).join(""));
  };

  it("emits a call whole once its arguments close, not when the next call begins", async () => {
    const events = await parse(
      streamOf([
        { index: 0, id: "a", args: '{"tz": "Eu' },
        { index: 1, id: "b", args: '{"tz": "As' },
        { index: 0, args: 'rope/Paris"}' },
        { index: 1, args: 'ia/Tokyo"}' },
      ]),
      [4096],
    );
    expect(
      events.flatMap((e) =>
        e.type === "tool_call"
          ? [`call ${e.index}: ${e.toolCall.function.arguments}`]
          : e.type === "tool_call_delta"
            ? [`delta ${e.index}`]
            : [],
      ),
    ).toEqual([
      "delta 0",
      "delta 1",
      "delta 0",
      'call 0: {"tz": "Europe/Paris"}',
      "delta 1",
      'call 1: {"tz": "Asia/Tokyo"}',
    ]);
  });

  it("numbers the calls 0, 1… in the order they began, and lists them so in the final message", async () => {
    const events = await parse(
      streamOf([
        { index: 1, id: "b", args: '{"tz": "Asia/Tokyo"}' },
        { index: 0, id: "a", args: '{"tz": "Europe/Paris"}' },
      ]),
    );
    // A client assembling the stream by index gets [b, a]: the whole answer says the same.
    expect(
      events.flatMap((e) => (e.type === "tool_call" ? [`${e.index}: ${e.toolCall.id}`] : [])),
    ).toEqual(["0: b", "1: a"]);
    const done = events.at(-1);
    expect(done?.type === "done" && done.message.tool_calls?.map((call) => call.id)).toEqual([
      "b",
      "a",
    ]);
  });

  it("emits a call whose arguments never close at the end, with all that came of it", async () => {
    const events = await parse(
      streamOf([
        { index: 0, id: "a", args: '{"tz": "Eu' },
        { index: 1, id: "b", args: "{}" },
        { index: 0, args: "rope" },
      ]),
    );
    expect(
      events.flatMap((e) => (e.type === "tool_call" ? [e.toolCall.function.arguments] : [])),
    ).toEqual(['{"tz": "Europe', "{}"]);
  });
});

describe("parseChatStream: when a streamed tool call is complete", () => {
  /** A stream of these deltas (tool-call parts or text), one chunk each, then the finish reason. */
  const streamOf = (
    parts: ({ index: number; id?: string; args: string } | { text: string })[],
  ): Buffer => {
    const delta = (part: (typeof parts)[number]) =>
      "text" in part
        ? { content: part.text }
        : {
            tool_calls: [
              {
                index: part.index,
                ...(part.id ? { id: part.id, type: "function" } : {}),
                function: { ...(part.id ? { name: "get_time" } : {}), arguments: part.args },
              },
            ],
          };
    const chunks = [
      ...parts.map((part) => ({ choices: [{ index: 0, delta: delta(part) }] })),
      { choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
    ];
    const payloads = [...chunks.map((chunk) => JSON.stringify(chunk)), "[DONE]"];
    return Buffer.from(payloads.map((data) => `data: ${data}\n\n`).join(""));
  };

  /** The tool-call events in order: `delta <index>` and `call <index>: <arguments>`. */
  const callEvents = (events: StreamEvent[]): string[] =>
    events.flatMap((e) =>
      e.type === "tool_call"
        ? [`call ${e.index}: ${e.toolCall.function.arguments}`]
        : e.type === "tool_call_delta"
          ? [`delta ${e.index}`]
          : e.type === "text"
            ? ["text"]
            : [],
    );

  it("gives out a call with no arguments once a later call's arguments begin, not at the end", async () => {
    const events = await parse(
      streamOf([
        { index: 0, id: "a", args: "" },
        { index: 1, id: "b", args: "" },
        { index: 1, args: '{"tz": "UTC"}' },
        { text: "Done." },
      ]),
    );
    expect(callEvents(events)).toEqual([
      "delta 0",
      "delta 1",
      "call 0: ",
      "delta 1",
      'call 1: {"tz": "UTC"}',
      "text",
    ]);
  });

  it("gives out a call whose arguments are a whole string, array or literal when the next call begins", async () => {
    for (const args of ['"x"', "[1, 2]", "true"]) {
      const events = await parse(
        streamOf([
          { index: 0, id: "a", args },
          { index: 1, id: "b", args: "{}" },
          { index: 1, args: " " },
        ]),
      );
      expect(callEvents(events).slice(0, 3)).toEqual(["delta 0", `call 0: ${args}`, "delta 1"]);
    }
  });

  it("keeps a number open until the end: more digits may come", async () => {
    const events = await parse(
      streamOf([
        { index: 0, id: "a", args: "4" },
        { index: 1, id: "b", args: "" },
        { index: 0, args: "2" },
      ]),
    );
    expect(callEvents(events)).toEqual(["delta 0", "delta 1", "delta 0", "call 0: 42", "call 1: "]);
  });

  it("drops what comes for a call after its JSON ended, in the events and the final message alike", async () => {
    const events = await parse(
      streamOf([
        { index: 0, id: "a", args: '{"a": 1}' },
        { index: 1, id: "b", args: "" },
        { index: 0, args: '{"b": 2}' },
        { index: 1, args: "{}" },
      ]),
    );
    expect(callEvents(events)).toEqual([
      "delta 0",
      'call 0: {"a": 1}',
      "delta 1",
      "delta 1",
      "call 1: {}",
    ]);
    const done = events.at(-1);
    expect(
      done?.type === "done" && done.message.tool_calls?.map((call) => call.function.arguments),
    ).toEqual(['{"a": 1}', "{}"]);
  });

  it("gives out a call whose JSON ended when text comes after it", async () => {
    const events = await parse(
      streamOf([{ index: 0, id: "a", args: '{"tz": "UTC"}' }, { text: "Checking." }]),
    );
    expect(callEvents(events)).toEqual(["delta 0", 'call 0: {"tz": "UTC"}', "text"]);
  });
});

describe("parseChatStream: a tool call's name as each kind of upstream streams it", () => {
  /** A stream of these tool-call parts of call 0 (one chunk each), then the finish reason. */
  const streamOf = (parts: { name?: string; args: string }[]): Buffer => {
    const chunks = [
      ...parts.map((part, i) => ({
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [
                {
                  index: 0,
                  ...(i === 0 ? { id: "call_1", type: "function" } : {}),
                  function: {
                    ...(part.name !== undefined ? { name: part.name } : {}),
                    arguments: part.args,
                  },
                },
              ],
            },
          },
        ],
      })),
      { choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
    ];
    const payloads = [...chunks.map((chunk) => JSON.stringify(chunk)), "[DONE]"];
    return Buffer.from(payloads.map((data) => `data: ${data}\n\n`).join(""));
  };

  /** The names the deltas carried, the assembled call's and the final message's. */
  const namesIn = (events: StreamEvent[]) => ({
    deltas: events.flatMap((e) =>
      e.type === "tool_call_delta" && e.name !== undefined ? [e.name] : [],
    ),
    call: events.flatMap((e) => (e.type === "tool_call" ? [e.toolCall.function.name] : [])),
    final: events.flatMap((e) =>
      e.type === "done" ? (e.message.tool_calls ?? []).map((c) => c.function.name) : [],
    ),
    args: events.flatMap((e) => (e.type === "tool_call" ? [e.toolCall.function.arguments] : [])),
  });
  const expected = {
    deltas: ["get_weather"],
    call: ["get_weather"],
    final: ["get_weather"],
    args: ['{"city": "Paris"}'],
  };

  it("whole in the first part (OpenAI, Moonshot)", async () => {
    const events = await parse(
      streamOf([{ name: "get_weather", args: "" }, { args: '{"city": ' }, { args: '"Paris"}' }]),
    );
    expect(namesIn(events)).toEqual(expected);
  });

  it("in pieces to be joined (vLLM, some llama.cpp builds)", async () => {
    const events = await parse(
      streamOf([
        { name: "get", args: "" },
        { name: "_wea", args: "" },
        { name: "ther", args: '{"city": ' },
        { args: '"Paris"}' },
      ]),
    );
    expect(namesIn(events)).toEqual(expected);
  });

  it("whole, repeated in every part: not doubled", async () => {
    const events = await parse(
      streamOf([
        { name: "get_weather", args: "" },
        { name: "get_weather", args: '{"city": ' },
        { name: "get_weather", args: '"Paris"}' },
      ]),
    );
    expect(namesIn(events)).toEqual(expected);
  });

  it("in pieces under a name the request sent renamed: the caller's name, once", async () => {
    // The reader the transport makes for a request whose tool "9x" went out as "fn_9x".
    const parser = new ChatStreamParser({ toolNames: new Map([["fn_9x", "9x"]]) });
    const events: StreamEvent[] = [];
    for await (const bytes of pieces(
      streamOf([{ name: "fn_", args: "" }, { name: "9x", args: "" }, { args: "{}" }]),
    ))
      events.push(...parser.feed(bytes));
    events.push(...parser.end("fx"));
    expect(namesIn(events)).toEqual({ deltas: ["9x"], call: ["9x"], final: ["9x"], args: ["{}"] });
  });
});
