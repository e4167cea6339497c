import type { ChatMessage, ChatRequest } from "../providers/types.js";
import { extendableCopy } from "../util/extendable-copy.js";

/**
 * Whether the request asks for Moonshot's preserved thinking (`thinking: {"keep": "all"}`, a
 * client's thinking object passed on whole): earlier turns' reasoning stays in view, and the API
 * then wants a `reasoning_content` on every assistant message, not only on tool-call turns.
 */
export function keepsAllReasoning(request: Pick<ChatRequest, "thinkingOptions">): boolean {
  return request.thinkingOptions?.keep === "all";
}

/**
 * With thinking on, Moonshot refuses any earlier assistant tool-call turn that has no
 * `reasoning_content` field; with preserved thinking (`everyTurn`, see keepsAllReasoning) any
 * assistant turn without one. Turns recorded while thinking was off (a session resumed with
 * thinking on, `/think` in a chat, a client that dropped the field) have none: they are sent with
 * an empty one. Turns that carry reasoning keep it untouched; nothing is ever removed.
 */
export function withReasoningSlots(messages: ChatMessage[], everyTurn = false): ChatMessage[] {
  const needsSlot = (message: ChatMessage) =>
    message.role === "assistant" &&
    (everyTurn || (message.tool_calls?.length ?? 0) > 0) &&
    message.reasoning_content === undefined;
  if (!messages.some(needsSlot)) return messages;
  return messages.map((message) =>
    message.role === "assistant" && needsSlot(message)
      ? extendableCopy<ChatMessage>(message, { reasoning_content: "" })
      : message,
  );
}
