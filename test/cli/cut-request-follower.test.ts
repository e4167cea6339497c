/**
 * What a cancel cut, as the cut-request row of chat and agent is written from: the request the
 * run says its provider had when the cancel came, none when it had none. After the first of two
 * tool calls ran, the turn's events already named the next request while the second tool still
 * ran: a Ctrl-C then wrote a session row (an estimated prompt) for a request never sent.
 */
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/agent/index.js";
import { cutRequestFollower } from "../../src/cli/chat-cancelled-usage.js";
import { OpenClawError } from "../../src/errors.js";
import type { ChatMessage } from "../../src/providers/types.js";
import { noteRunFailure, type RunFailure } from "../../src/runtime/run-failure.js";
import type { RunResult } from "../../src/runtime/types.js";

const MODEL = {
  ref: "moonshot/kimi-k2.5",
  cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 },
};
const USER: ChatMessage = { role: "user", content: "read both files" };

/** A run's report of a cancel: whether its provider had a request then. */
function runCancelled(inFlight: boolean): Error {
  const error = new OpenClawError("cancelled", "cancelled by Ctrl-C");
  const report: RunFailure = {
    model: MODEL.ref,
    fallbackFrom: undefined,
    failedAttempts: [],
    corrections: [],
    retries: 0,
    coolingMs: undefined,
    cancelledInFlight: inFlight,
    endedMidAttempt: inFlight,
  };
  noteRunFailure(error, report);
  return error;
}

/** A turn whose model asked for two tools, the first of which has run. */
function afterFirstOfTwoTools() {
  const follower = cutRequestFollower([], USER, [MODEL]);
  const call = (id: string) => ({
    id,
    type: "function" as const,
    function: { name: "read_file", arguments: '{"path":"a.txt"}' },
  });
  follower.onRecord(USER);
  const events: AgentEvent[] = [
    { type: "tool_call_delta", index: 0, argumentsDelta: '{"path":"a.txt"}' },
    { type: "result", result: { model: MODEL.ref } as RunResult },
    { type: "tool_start", toolCall: call("t1") },
    { type: "tool_result", toolCall: call("t1"), content: "a", isError: false },
    { type: "tool_start", toolCall: call("t2") },
  ];
  for (const event of events) follower.onEvent(event);
  return follower;
}

describe("the request a cancel cut", () => {
  it("is none while the second of two tools runs", () => {
    const follower = afterFirstOfTwoTools();
    expect(follower.cut(undefined, runCancelled(false))).toBeUndefined();
    // Nor when what ended the turn carries no run's report (a tool's own cancel).
    expect(follower.cut(undefined, new Error("cancelled while read_file ran"))).toBeUndefined();
  });

  it("is the request the provider had, its prompt the turn so far", () => {
    const follower = cutRequestFollower([], USER, [MODEL]);
    const cut = follower.cut(undefined, runCancelled(true));
    expect(cut).toMatchObject({ model: MODEL, streamed: "", messages: [USER] });
  });
});
