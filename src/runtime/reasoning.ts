import type { ResolvedModel } from "../catalog/types.js";
import { thinkingLevel } from "../providers/build-chat-request.js";
import type { AssistantMessage, ChatMessage, ChatRequest } from "../providers/types.js";
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
 * Whether an assistant `message` must carry a `reasoning_content` with thinking on: a tool-call
 * turn always; with preserved thinking (`everyTurn`) any turn but a partial-mode prefill.
 */
function mustCarryReasoning(message: AssistantMessage, everyTurn: boolean): boolean {
  if ((message.tool_calls?.length ?? 0) > 0) return true;
  return everyTurn && message.partial !== true;
}

/**
 * With thinking on, Moonshot refuses any earlier assistant tool-call turn that has no
 * `reasoning_content` field; with preserved thinking (`everyTurn`, see keepsAllReasoning) any
 * assistant turn without one. Turns recorded while thinking was off (a session resumed with
 * thinking on, `/think` in a chat, a client that dropped the field) have none: they are sent with
 * an empty one. Turns that carry reasoning keep it untouched; nothing is ever removed. A
 * partial-mode prefill (`partial: true`) is no earlier turn but the start of the answer, where a
 * `reasoning_content` would start the model's reasoning too: preserved thinking adds it none.
 */
export function withReasoningSlots(messages: ChatMessage[], everyTurn = false): ChatMessage[] {
  const needsSlot = (message: ChatMessage) =>
    message.role === "assistant" &&
    mustCarryReasoning(message, everyTurn) &&
    message.reasoning_content === undefined;
  if (!messages.some(needsSlot)) return messages;
  return messages.map((message) =>
    message.role === "assistant" && needsSlot(message)
      ? extendableCopy<ChatMessage>(message, { reasoning_content: "" })
      : message,
  );
}

/**
 * What an earlier turn's empty `reasoning_content` is sent as to a model that takes "" as
 * missing: the turn was made without reasoning, or it was not kept.
 */
export const UNKEPT_REASONING = "(reasoning not kept)";

/**
 * `messages` with the empty `reasoning_content` of each turn that must carry one (see
 * withReasoningSlots) as UNKEPT_REASONING, for a model that refuses "" ("thinking is enabled but
 * reasoning_content is missing in assistant tool call message at index N", as kimi-k2.6 was
 * reported to answer); the same array when there is none.
 */
export function withFilledReasoning(messages: ChatMessage[], everyTurn = false): ChatMessage[] {
  const empty = (message: ChatMessage) =>
    message.role === "assistant" &&
    mustCarryReasoning(message, everyTurn) &&
    message.reasoning_content === "";
  if (!messages.some(empty)) return messages;
  return messages.map((message) =>
    empty(message)
      ? extendableCopy<ChatMessage>(message, { reasoning_content: UNKEPT_REASONING })
      : message,
  );
}

/**
 * The answer to `request` as it is to be sent back: a tool-call turn a Moonshot model made with
 * thinking off, because the caller asked for it off or because the request forced a tool (the
 * runtime's own choice, see `thinkingLevel`), gets an empty `reasoning_content`; any other answer
 * is returned as it is.
 *
 * Why: the call after it often thinks again. The call after a forced one is usually not forced
 * (runAgent forces the first call only; a client forces one request), and a gateway client that
 * sent `reasoning_effort: "none"` may leave it out on the next request; kimi-k2.5 and later then
 * think by default, and Moonshot refuses the conversation unless this turn carries a
 * `reasoning_content`. Empty is the truth for a turn made without thinking, and what the
 * reasoning slots send for such turns: carried from the start, the next call goes through at
 * once instead of being refused and resent. Thinking is not kept off on later calls instead: the
 * forced call needed it off, the answer that follows does not, and it is better for the model's
 * default. Moonshot's format only: other providers may not take the field.
 */
export function withForcedOffReasoning(
  model: ResolvedModel,
  request: ChatRequest,
  message: AssistantMessage,
): AssistantMessage {
  // Cheapest checks first: this runs on every answer, and most have no tool calls.
  if ((message.tool_calls?.length ?? 0) === 0 || message.reasoning_content !== undefined)
    return message;
  if (model.compat.thinkingFormat !== "moonshot" || thinkingLevel(model, request) !== "off")
    return message;
  return extendableCopy<AssistantMessage>(message, { reasoning_content: "" });
}
