/**
 * Since 0312981 the reasoning memory knows a turn by the conversation before it and its calls'
 * names and arguments, and a tool result by which call of the conversation it answers, not by
 * the ids the client sends (Factory's Droid sends Kimi's `functions.get_time:0` back as
 * `call_tc-…_0`). Ids no longer tell conversations apart, so everything else must: the request's
 * `user`, every earlier message, every tool result's text and the call it answers. Each case
 * replays under the client's own ids, where a turn is found, and shows what keeps another
 * conversation's reasoning out.
 */
import { describe, expect, it } from "vitest";
import { ReasoningMemory } from "../../src/gateway/index.js";
import type { AssistantMessage, ChatMessage, ToolCall } from "../../src/providers/types.js";

const call = (id: string, city: string): ToolCall => ({
  id,
  type: "function",
  function: { name: "get_time", arguments: JSON.stringify({ city }) },
});
/** Moonshot's ids, as the gateway served the turns. */
const served = {
  paris: call("functions.get_time:0", "Paris"),
  lima: call("functions.get_time:1", "Lima"),
};
/** The same calls under the client's own ids. */
const renamed = { paris: call("call_tc-a1_0", "Paris"), lima: call("call_tc-a1_1", "Lima") };

const system: ChatMessage = { role: "system", content: "You tell the time." };
const question = (text: string): ChatMessage[] => [system, { role: "user", content: text }];
const turn = (calls: ToolCall[], reasoning?: string): AssistantMessage => ({
  role: "assistant",
  content: null,
  tool_calls: calls,
  ...(reasoning === undefined ? {} : { reasoning_content: reasoning }),
});
const result = (id: string, text: string): ChatMessage => ({
  role: "tool",
  tool_call_id: id,
  content: text,
});
const reasoningOf = (messages: ChatMessage[], index: number) =>
  (messages[index] as AssistantMessage).reasoning_content;

/**
 * One conversation served: a first turn calling for both cities, their results as `results`
 * says (by city), and a second turn after them. Returns the memory holding both turns' reasoning.
 */
function servedConversation(
  memory: ReasoningMemory,
  user: string | undefined,
  text: string,
  results: { paris: string; lima: string },
): void {
  const asked = question(text);
  memory.remember(asked, user, turn([served.paris, served.lima], `first: ${text}`));
  memory.remember(
    [
      ...asked,
      turn([served.paris, served.lima]),
      result(served.paris.id, results.paris),
      result(served.lima.id, results.lima),
    ],
    user,
    turn([call("functions.get_time:2", "Oslo")], `second: ${text}`),
  );
}

/** The conversation sent back under the client's ids, results given in the order listed. */
function replayed(text: string, results: [ToolCall, string][]): ChatMessage[] {
  return [
    ...question(text),
    turn([renamed.paris, renamed.lima]),
    ...results.map(([answered, text]) => result(answered.id, text)),
    turn([call("call_tc-b2_0", "Oslo")]),
    result("call_tc-b2_0", "13:00"),
  ];
}

const times = { paris: "12:00", lima: "06:00" };

describe("reasoning memory keyed without tool-call ids: one conversation's reasoning stays its own", () => {
  it("restores both turns of the same conversation sent back under the client's ids", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    servedConversation(memory, "alice", "Time in Paris and Lima?", times);
    const messages = replayed("Time in Paris and Lima?", [
      [renamed.paris, times.paris],
      [renamed.lima, times.lima],
    ]);
    expect(memory.restore(messages, "alice")).toBe(2);
    expect([reasoningOf(messages, 2), reasoningOf(messages, 5)]).toEqual([
      "first: Time in Paris and Lima?",
      "second: Time in Paris and Lima?",
    ]);
  });

  it("gives another user's identical conversation nothing, whatever its ids", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    servedConversation(memory, "alice", "Time in Paris and Lima?", times);
    const asBob = replayed("Time in Paris and Lima?", [
      [renamed.paris, times.paris],
      [renamed.lima, times.lima],
    ]);
    const anonymous = structuredClone(asBob);
    expect(memory.restore(asBob, "bob")).toBe(0);
    expect(memory.restore(anonymous, undefined)).toBe(0);
  });

  it("gives another user nothing under other instructions either (the lookup without them)", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    servedConversation(memory, "alice", "Time in Paris and Lima?", times);
    const handedOff = replayed("Time in Paris and Lima?", [
      [renamed.paris, times.paris],
      [renamed.lima, times.lima],
    ]);
    handedOff[0] = { role: "system", content: "You are the next agent." };
    const asAlice = structuredClone(handedOff);
    expect(memory.restore(handedOff, "bob")).toBe(0);
    expect(memory.restore(asAlice, "alice")).toBe(2);
  });

  it("gives a conversation with a different earlier message nothing", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    servedConversation(memory, undefined, "Time in Paris and Lima?", times);
    const messages = replayed("Time in Lima and Paris?", [
      [renamed.paris, times.paris],
      [renamed.lima, times.lima],
    ]);
    expect(memory.restore(messages, undefined)).toBe(0);
  });

  it("gives the turn after a different tool result nothing (the turn before it is the same)", () => {
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    servedConversation(memory, undefined, "Time in Paris and Lima?", times);
    const messages = replayed("Time in Paris and Lima?", [
      [renamed.paris, times.paris],
      [renamed.lima, "07:00"],
    ]);
    expect(memory.restore(messages, undefined)).toBe(1);
    expect([reasoningOf(messages, 2), reasoningOf(messages, 5)]).toEqual([
      "first: Time in Paris and Lima?",
      undefined,
    ]);
  });

  it("gives the turn after the same results answering other calls nothing", () => {
    // The same texts in the same order, but Paris's time answers Lima's call and Lima's Paris's:
    // ids left out, which call a result answers must still count.
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: 60_000 });
    servedConversation(memory, undefined, "Time in Paris and Lima?", times);
    const messages = replayed("Time in Paris and Lima?", [
      [renamed.lima, times.paris],
      [renamed.paris, times.lima],
    ]);
    expect(memory.restore(messages, undefined)).toBe(1);
    expect(reasoningOf(messages, 5)).toBeUndefined();
  });
});
