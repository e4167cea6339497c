import type { ChatMessage } from "../providers/types.js";
import { extendableCopy } from "../util/extendable-copy.js";

/**
 * With thinking on, Moonshot refuses any earlier assistant tool-call turn that has no
 * `reasoning_content` field. Turns recorded while thinking was off (a session resumed with
 * thinking on, `/think` in a chat, a client that dropped the field) have none: they are sent with
 * an empty one. Turns that carry reasoning keep it untouched; nothing is ever removed.
 */
export function withReasoningSlots(messages: ChatMessage[]): ChatMessage[] {
  const needsSlot = (message: ChatMessage) =>
    message.role === "assistant" &&
    (message.tool_calls?.length ?? 0) > 0 &&
    message.reasoning_content === undefined;
  if (!messages.some(needsSlot)) return messages;
  return messages.map((message) =>
    message.role === "assistant" && needsSlot(message)
      ? extendableCopy<ChatMessage>(message, { reasoning_content: "" })
      : message,
  );
}
