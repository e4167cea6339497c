/**
 * The reasoning memory in a session longer than its time to live: a conversation replays its
 * first tool-call turns on every request, so they must stay while it goes on, and the turns of
 * conversations no longer used must be the ones that make room.
 */
import { describe, expect, it } from "vitest";
import { ReasoningMemory } from "../../src/gateway/index.js";
import type { AssistantMessage, ChatMessage, ToolCall } from "../../src/providers/types.js";

const HOUR = 3_600_000;

const call = (tz: string): ToolCall => ({
  id: "functions.get_time:0",
  type: "function",
  function: { name: "get_time", arguments: JSON.stringify({ tz }) },
});

/** A conversation's opening, its first tool-call turn as answered, and that turn replayed. */
function conversation(question: string, reasoning: string) {
  const history: ChatMessage[] = [{ role: "user", content: question }];
  const answered: AssistantMessage = {
    role: "assistant",
    content: null,
    reasoning_content: reasoning,
    tool_calls: [call(question)],
  };
  /** The conversation as a client sends it back later: the turn without its reasoning. */
  const replayed = (): ChatMessage[] => [
    ...history,
    { role: "assistant", content: null, tool_calls: [call(question)] },
    { role: "tool", tool_call_id: "functions.get_time:0", content: "12:00" },
  ];
  return { history, answered, replayed };
}

function restoredReasoning(memory: ReasoningMemory, messages: ChatMessage[]): string | undefined {
  memory.restore(messages, undefined);
  return (messages[1] as AssistantMessage).reasoning_content;
}

describe("the reasoning memory over a long session", () => {
  it("keeps a turn the conversation keeps replaying past the time to live counted from its answer", () => {
    let now = 0;
    const memory = new ReasoningMemory({ maxEntries: 10, ttlMs: HOUR, now: () => now });
    const session = conversation("UTC", "I need the time in UTC.");
    memory.remember(session.history, undefined, session.answered);
    // The agent goes on for two hours, each request replaying the first turn.
    const seen: (string | undefined)[] = [];
    for (now = 20 * 60_000; now <= 2 * HOUR; now += 20 * 60_000)
      seen.push(restoredReasoning(memory, session.replayed()));
    expect(seen).toEqual(Array(6).fill("I need the time in UTC."));
    // An hour after it was last replayed, it is gone as before.
    now += HOUR;
    expect(restoredReasoning(memory, session.replayed())).toBeUndefined();
  });

  it("makes room by dropping the turn least recently replayed, not the one of the session going on", () => {
    const memory = new ReasoningMemory({ maxEntries: 2, ttlMs: HOUR });
    const going = conversation("UTC", "Going on.");
    const idle = conversation("Asia/Tokyo", "Left idle.");
    const latest = conversation("Europe/Paris", "Newest.");
    memory.remember(going.history, undefined, going.answered);
    memory.remember(idle.history, undefined, idle.answered);
    expect(restoredReasoning(memory, going.replayed())).toBe("Going on.");
    memory.remember(latest.history, undefined, latest.answered);
    expect([
      restoredReasoning(memory, going.replayed()),
      restoredReasoning(memory, idle.replayed()),
      restoredReasoning(memory, latest.replayed()),
    ]).toEqual(["Going on.", undefined, "Newest."]);
  });
});
