/**
 * The OpenAI Agents SDK (JS) on chat completions sends a turn that answered with text and tool
 * calls back as two assistant messages: the text alone, then the calls with `content: null`. The
 * turn the gateway served, and remembered the reasoning of, began at the text. Pure: no I/O.
 */
import { isEmptyContent } from "../providers/build-chat-request.js";
import type { ChatMessage } from "../providers/types.js";

/**
 * Whether `messages[index]`, an assistant message with tool calls, is the second half of such a
 * split turn: it has no text, and the message before it is an assistant message with text and no
 * tool calls.
 */
export function followsSplitOffText(messages: readonly ChatMessage[], index: number): boolean {
  const turn = messages[index];
  const before = messages[index - 1];
  return (
    turn?.role === "assistant" &&
    isEmptyContent(turn.content) &&
    before?.role === "assistant" &&
    (before.tool_calls === undefined || before.tool_calls.length === 0) &&
    !isEmptyContent(before.content)
  );
}
