import { describe, expect, it } from "vitest";
import {
  EMPTY_TOOL_RESULT,
  MISSING_TOOL_RESULT,
  repairConversation,
} from "../../src/providers/conversation-repair.js";
import type { ChatMessage, ToolCall } from "../../src/providers/types.js";

const call = (id: string): ToolCall => ({
  id,
  type: "function",
  function: { name: "shell", arguments: "{}" },
});
const user = (content: string): ChatMessage => ({ role: "user", content });

describe("repairConversation", () => {
  it("returns the caller's array when the conversation is whole", () => {
    const messages: ChatMessage[] = [
      user("hi"),
      { role: "assistant", content: "", tool_calls: [call("a:0")] },
      { role: "tool", tool_call_id: "a:0", content: "ok" },
      { role: "assistant", content: "done" },
      { role: "assistant", content: "Sure", partial: true },
    ];
    const adjustments: string[] = [];
    expect(repairConversation(messages, adjustments)).toBe(messages);
    expect(adjustments).toEqual([]);
  });

  it("gives a tool result with no text one that says so, and notes it", () => {
    const messages: ChatMessage[] = [
      user("run it"),
      { role: "assistant", content: null, tool_calls: [call("a:0"), call("b:1")] },
      { role: "tool", tool_call_id: "a:0", content: "" },
      { role: "tool", tool_call_id: "b:1", content: [{ type: "text", text: "" }] },
    ];
    const adjustments: string[] = [];
    const repaired = repairConversation(messages, adjustments, "https://api.kimi.com/coding/v1");
    expect(repaired.slice(2)).toEqual([
      { role: "tool", tool_call_id: "a:0", content: EMPTY_TOOL_RESULT },
      { role: "tool", tool_call_id: "b:1", content: EMPTY_TOOL_RESULT },
    ]);
    expect(adjustments).toEqual([
      'tool results a:0, b:1 had no text: sent as "(no output)" (Kimi Code refuses empty text)',
    ]);
    // For a Moonshot model the note does not blame Kimi Code.
    const moonshot: string[] = [];
    repairConversation(messages, moonshot, "https://api.moonshot.ai/v1");
    expect(moonshot).toEqual([
      'tool results a:0, b:1 had no text: sent as "(no output)" (an empty result says nothing to the model)',
    ]);
    expect(messages[2]).toMatchObject({ content: "" }); // the caller's messages are not changed
  });

  it("leaves out assistant messages with no text and no tool calls, reasoning alone included", () => {
    const messages: ChatMessage[] = [
      user("one"),
      { role: "assistant", content: "" },
      user("two"),
      { role: "assistant", content: null, reasoning_content: "hmm" },
      user("three"),
      { role: "assistant", content: [{ type: "text", text: "" }] },
      user("four"),
    ];
    const adjustments: string[] = [];
    expect(repairConversation(messages, adjustments)).toEqual([
      user("one"),
      user("two"),
      user("three"),
      user("four"),
    ]);
    expect(adjustments).toEqual([
      "left out the empty assistant messages at index 1, 3, 5 (no text and no tool calls; Moonshot refuses them)",
    ]);
  });

  it("puts in a result for each tool call that has none, after the results that were sent", () => {
    const messages: ChatMessage[] = [
      user("run both"),
      { role: "assistant", tool_calls: [call("shell:0"), call("shell:1")] },
      { role: "tool", tool_call_id: "shell:1", content: "second ran" },
      user("you there?"),
      { role: "assistant", tool_calls: [call("shell:2")] },
    ];
    const adjustments: string[] = [];
    const repaired = repairConversation(messages, adjustments);
    expect(repaired).toEqual([
      user("run both"),
      { role: "assistant", tool_calls: [call("shell:0"), call("shell:1")] },
      { role: "tool", tool_call_id: "shell:1", content: "second ran" },
      { role: "tool", tool_call_id: "shell:0", content: MISSING_TOOL_RESULT },
      user("you there?"),
      { role: "assistant", tool_calls: [call("shell:2")] },
      { role: "tool", tool_call_id: "shell:2", content: MISSING_TOOL_RESULT },
    ]);
    expect(adjustments).toEqual([
      `tool calls shell:0, shell:2 had no result in the conversation: sent with "${MISSING_TOOL_RESULT}"`,
    ]);
    expect(messages).toHaveLength(5); // the caller's array is left as it was
  });

  it("says apart a call whose result came later in the conversation from one that got none", () => {
    const messages: ChatMessage[] = [
      user("run both"),
      { role: "assistant", tool_calls: [call("shell:0"), call("shell:1")] },
      user("stop"),
      { role: "assistant", content: "Stopped." },
      { role: "tool", tool_call_id: "shell:1", content: "second ran" },
    ];
    const adjustments: string[] = [];
    expect(repairConversation(messages, adjustments)).toEqual([
      user("run both"),
      { role: "assistant", tool_calls: [call("shell:0"), call("shell:1")] },
      { role: "tool", tool_call_id: "shell:0", content: MISSING_TOOL_RESULT },
      { role: "tool", tool_call_id: "shell:1", content: MISSING_TOOL_RESULT },
      user("stop"),
      { role: "assistant", content: "Stopped." },
      { role: "tool", tool_call_id: "shell:1", content: "second ran" },
    ]);
    expect(adjustments).toEqual([
      `tool call shell:0 had no result in the conversation: sent with "${MISSING_TOOL_RESULT}"`,
      `tool call shell:1 had no result right after it, only later in the conversation: sent with "${MISSING_TOOL_RESULT}" after the call, and the later result where it was sent`,
    ]);
  });

  it("leaves out a system or developer message with no text for Kimi Code, and only for it", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "" },
      { role: "developer", content: [{ type: "text", text: "" }] },
      { role: "system", content: "Be brief." },
      user("hi"),
    ];
    const adjustments: string[] = [];
    const repaired = repairConversation(messages, adjustments, "https://api.kimi.com/coding/v1");
    expect(repaired).toEqual([{ role: "system", content: "Be brief." }, user("hi")]);
    expect(adjustments).toEqual([
      "left out the empty system and developer messages at index 0, 1 (no text; Kimi Code refuses empty text)",
    ]);
    // Moonshot takes an empty system message: it goes as it was sent.
    const moonshot: string[] = [];
    expect(repairConversation(messages, moonshot, "https://api.moonshot.ai/v1")).toBe(messages);
    expect(moonshot).toEqual([]);
  });
});
