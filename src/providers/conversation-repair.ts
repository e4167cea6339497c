/**
 * Shapes of conversation that clients send after something went wrong on their side (or that
 * they send as a matter of course), which Moonshot, Kimi Code or OpenAI refuse with a 400 on
 * every later turn, so that the session stays broken until the user edits its history:
 *
 *  - an assistant message with nothing in it (no text, no tool calls): a reply that was cut off
 *    or came back empty. "the message at position N with role 'assistant' must not be empty".
 *    It says nothing, so it is left out.
 *  - tool calls without results: the client stopped (cancelled, crashed) between the model's
 *    call and the tool's answer. "an assistant message with 'tool_calls' must be followed by tool
 *    messages responding to each 'tool_call_id'". A result saying so is put in for each: the model
 *    learns that the call got no answer and can make it again. A result the client sent later,
 *    after other messages (a tool that finished after the user moved on), stays where it was
 *    sent (Moonshot takes a result of an earlier call there): the model reads that it came late.
 *  - a tool result with no text (a command that printed nothing, an empty file): Kimi Code
 *    refuses it ("text content is empty"). It is sent as "(no output)", which says the same, to
 *    every model; the note gives Kimi Code's refusal as the reason only for a Kimi Code model.
 *  - a system or developer message with no text: chat front-ends send one when no system prompt
 *    is set, and Kimi Code refuses it ("text content is empty"). It says nothing, so it is left
 *    out for Kimi Code; Moonshot takes it, and gets it as it was sent.
 *
 * Pure: the caller's messages are not modified; the same array comes back when nothing needs it.
 */
import { endpointOf } from "./endpoint-kind.js";
import type { AssistantMessage, ChatMessage, TextPart, ToolMessage } from "./types.js";

/** The text of the result put in for a tool call that got none. */
export const MISSING_TOOL_RESULT = "No result: this tool call was not answered.";

/** The text sent for a tool result that has none. */
export const EMPTY_TOOL_RESULT = "(no output)";

export function repairConversation(
  messages: readonly ChatMessage[],
  adjustments: string[],
  /** The model's base URL, so that a note gives the reason that holds for its endpoint. */
  baseUrl?: string,
): readonly ChatMessage[] {
  const kimiCode = baseUrl !== undefined && endpointOf(baseUrl).kind === "kimi-code";
  if (!needsRepair(messages, kimiCode)) return messages;
  const out: ChatMessage[] = [];
  const dropped: number[] = [];
  const silent: { index: number; role: string }[] = [];
  const answered: string[] = [];
  /** Calls whose result the client sent later, after other messages: not right after the call. */
  const answeredLate: string[] = [];
  const filled: string[] = [];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as ChatMessage;
    if (message.role === "tool" && isEmptyResult(message)) {
      out.push({ ...message, content: EMPTY_TOOL_RESULT });
      filled.push(message.tool_call_id);
      continue;
    }
    if (kimiCode && isEmptyInstruction(message)) {
      silent.push({ index, role: message.role });
      continue;
    }
    if (message.role !== "assistant") {
      out.push(message);
      continue;
    }
    if (isEmptyTurn(message)) {
      dropped.push(index);
      continue;
    }
    out.push(message);
    const pending = unansweredCalls(messages, index);
    if (pending.length === 0) continue;
    // The results the client did send come first, as it sent them; then the missing ones.
    let next = index + 1;
    for (; next < messages.length && messages[next]?.role === "tool"; next++) {
      const result = messages[next] as ToolMessage;
      if (isEmptyResult(result)) {
        out.push({ ...result, content: EMPTY_TOOL_RESULT });
        filled.push(result.tool_call_id);
      } else out.push(result);
    }
    for (const id of pending) {
      const result: ToolMessage = { role: "tool", tool_call_id: id, content: MISSING_TOOL_RESULT };
      out.push(result);
      if (hasLaterResult(messages, next, id)) answeredLate.push(id);
      else answered.push(id);
    }
    index = next - 1;
  }
  if (dropped.length > 0) {
    adjustments.push(
      `left out the empty assistant message${dropped.length > 1 ? "s" : ""} at index ${dropped.join(", ")} (no text and no tool calls; Moonshot refuses them)`,
    );
  }
  if (silent.length > 0) {
    const roles = [...new Set(silent.map((entry) => entry.role))].join(" and ");
    const many = silent.length > 1;
    adjustments.push(
      `left out the empty ${roles} message${many ? "s" : ""} at index ${silent.map((entry) => entry.index).join(", ")} (no text; Kimi Code refuses empty text)`,
    );
  }
  if (answered.length > 0) {
    adjustments.push(
      `tool call${answered.length > 1 ? "s" : ""} ${answered.join(", ")} had no result in the conversation: sent with "${MISSING_TOOL_RESULT}"`,
    );
  }
  if (answeredLate.length > 0) {
    const many = answeredLate.length > 1;
    adjustments.push(
      `tool call${many ? "s" : ""} ${answeredLate.join(", ")} had no result right after ${many ? "them" : "it"}, only later in the conversation: sent with "${MISSING_TOOL_RESULT}" after the call, and the later result where it was sent`,
    );
  }
  if (filled.length > 0) {
    adjustments.push(
      `tool result${filled.length > 1 ? "s" : ""} ${filled.join(", ")} had no text: sent as "${EMPTY_TOOL_RESULT}" (${
        baseUrl !== undefined && endpointOf(baseUrl).kind === "kimi-code"
          ? "Kimi Code refuses empty text"
          : "an empty result says nothing to the model"
      })`,
    );
  }
  return out;
}

/** No text at all: an empty string, or only empty text parts (or none). */
function hasNoText(content: string | readonly TextPart[]): boolean {
  return typeof content === "string"
    ? content.length === 0
    : content.every((part) => part.text.length === 0);
}

function isEmptyResult(message: ToolMessage): boolean {
  return hasNoText(message.content);
}

/** A system or developer message without text. */
function isEmptyInstruction(message: ChatMessage): boolean {
  return (message.role === "system" || message.role === "developer") && hasNoText(message.content);
}

function needsRepair(messages: readonly ChatMessage[], kimiCode: boolean): boolean {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as ChatMessage;
    if (message.role === "tool" && isEmptyResult(message)) return true;
    if (kimiCode && isEmptyInstruction(message)) return true;
    if (message.role !== "assistant") continue;
    if (isEmptyTurn(message) || unansweredCalls(messages, index).length > 0) return true;
  }
  return false;
}

/** No text, no tool calls (reasoning alone is not an answer), and not a prefill. */
function isEmptyTurn(message: AssistantMessage): boolean {
  if (message.partial || (message.tool_calls?.length ?? 0) > 0) return false;
  const content = message.content;
  return content === undefined || content === null || hasNoText(content);
}

/** Whether a tool message from `messages[from]` on answers call `id`. */
function hasLaterResult(messages: readonly ChatMessage[], from: number, id: string): boolean {
  for (let index = from; index < messages.length; index++) {
    const message = messages[index] as ChatMessage;
    if (message.role === "tool" && message.tool_call_id === id) return true;
  }
  return false;
}

/** The ids of the tool calls of `messages[index]` that no tool message right after answers. */
function unansweredCalls(messages: readonly ChatMessage[], index: number): string[] {
  const calls = (messages[index] as AssistantMessage).tool_calls;
  if (!calls || calls.length === 0) return [];
  const answered = new Set<string>();
  for (let next = index + 1; next < messages.length; next++) {
    const message = messages[next] as ChatMessage;
    if (message.role !== "tool") break;
    answered.add(message.tool_call_id);
  }
  return calls.filter((call) => !answered.has(call.id)).map((call) => call.id);
}
