/**
 * Raw control characters inside the JSON strings of a tool call's arguments (MoonshotAI/kimi-cli
 * #1378) are escaped as the arguments arrive, however the stream cuts them; the whitespace between
 * tokens, and arguments that were JSON already, pass unchanged.
 */
import { describe, expect, it } from "vitest";
import { eventsFromCompletion } from "../../src/providers/index.js";
import { ChatStreamParser } from "../../src/providers/parse-chat-stream.js";
import { escapeRawControls } from "../../src/providers/raw-controls-in-strings.js";
import type { StreamEvent } from "../../src/providers/types.js";

const RAW = '{\n  "message": "line one\nline two\ttab\r\u0001",\n  "path": "a\\\\b\\"c\n"\n}';
const MEANT = { message: "line one\nline two\ttab\r\u0001", path: 'a\\b"c\n' };

function streamOf(pieces: string[]): string {
  const chunk = (delta: unknown, finish: string | null = null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return (
    pieces
      .map((args, i) =>
        chunk({
          tool_calls: [
            i === 0
              ? { index: 0, id: "functions.write:0", function: { name: "write", arguments: args } }
              : { index: 0, function: { arguments: args } },
          ],
        }),
      )
      .join("") +
    chunk({}, "tool_calls") +
    "data: [DONE]\n\n"
  );
}

function parsed(events: StreamEvent[]): { final: string; deltas: string } {
  let deltas = "";
  let final = "";
  for (const event of events) {
    if (event.type === "tool_call_delta") deltas += event.argumentsDelta;
    if (event.type === "tool_call") final = event.toolCall.function.arguments;
  }
  return { final, deltas };
}

describe("raw control characters in tool-call arguments", () => {
  it("parse to the value meant, cut at every place between two pieces", () => {
    expect(() => JSON.parse(RAW)).toThrow();
    for (let cut = 0; cut <= RAW.length; cut++) {
      const parser = new ChatStreamParser();
      const events = [
        ...parser.feed(streamOf([RAW.slice(0, cut), RAW.slice(cut)])),
        ...parser.end(undefined),
      ];
      const { final, deltas } = parsed(events);
      expect(JSON.parse(final)).toEqual(MEANT);
      expect(deltas).toBe(final);
    }
  });

  it("parse to the value meant in a completion that was not streamed", () => {
    const events = eventsFromCompletion(
      {
        choices: [
          {
            index: 0,
            finish_reason: "tool_calls",
            message: {
              role: "assistant",
              tool_calls: [
                {
                  id: "functions.write:0",
                  type: "function",
                  function: { name: "write", arguments: RAW },
                },
              ],
            },
          },
        ],
      },
      undefined,
    );
    expect(JSON.parse(parsed(events).final)).toEqual(MEANT);
  });

  it("keep a shell line continuation (a backslash, then a raw line break) as both characters", () => {
    const raw = '{"command":"git commit -m fix \\\n  --amend"}';
    expect(() => JSON.parse(raw)).toThrow();
    expect(JSON.parse(escapeRawControls(raw))).toEqual({
      command: "git commit -m fix \\\n  --amend",
    });
    for (let cut = 0; cut <= raw.length; cut++) {
      const parser = new ChatStreamParser();
      const events = [
        ...parser.feed(streamOf([raw.slice(0, cut), raw.slice(cut)])),
        ...parser.end(undefined),
      ];
      expect(JSON.parse(parsed(events).final).command).toBe("git commit -m fix \\\n  --amend");
    }
  });

  it("leave JSON as it was: whitespace between tokens, escapes already there", () => {
    const pretty = JSON.stringify(MEANT, null, 2);
    expect(escapeRawControls(pretty)).toBe(pretty);
    expect(escapeRawControls('{"a":"x\\n\\u0001"}')).toBe('{"a":"x\\n\\u0001"}');
  });
});
