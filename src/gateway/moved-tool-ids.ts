/**
 * Tool-call ids this gateway encoded on `/v1/messages` (`toolu_kimi_…`, see anthropic-tool-ids),
 * arriving on chat completions or `/v1/responses`. A client that keeps one conversation across
 * its providers moves it there: pi, given this gateway as an `anthropic-messages` provider and as
 * an `openai-completions` one, replays the Messages route's tool turns to chat completions after a
 * switch of model (`/model`, `pi -c --model …`). Sent on as they are, Moonshot saw ids not its own
 * (its `functions.read:0` are echoed back byte for byte) and the reasoning memory, keyed by the
 * upstream's ids, did not find the turn, which went upstream with an empty `reasoning_content`.
 * Such an id goes upstream as the upstream made it. These routes never promised the encoding, so
 * an id that only looks like one (it does not decode to the very id that encodes to it) is the
 * client's own and goes on as it is, where `/v1/messages` refuses it.
 */
import type { ChatMessage } from "../providers/types.js";
import { anthropicToolId, ENCODED_TOOL_ID_PREFIX } from "./anthropic-tool-ids.js";

/** The upstream's id for an id this gateway encoded; any other id as it is. */
export function movedToolId(clientId: string): string {
  if (!clientId.startsWith(ENCODED_TOOL_ID_PREFIX)) return clientId;
  const decoded = Buffer.from(clientId.slice(ENCODED_TOOL_ID_PREFIX.length), "base64url").toString(
    "utf8",
  );
  return decoded !== "" && anthropicToolId(decoded) === clientId ? decoded : clientId;
}

/**
 * `messages` with each tool call's id and each tool result's `tool_call_id` as the upstream made
 * it; the same array when none was encoded. Run after the request's own checks, so an error
 * quotes the ids as the client sent them.
 */
export function withMovedToolIds(messages: ChatMessage[]): ChatMessage[] {
  // Nearly every request has none: checked without copying, so a plain chat allocates nothing.
  if (!messages.some(carriesEncodedId)) return messages;
  let changed = false;
  const out = messages.map((message): ChatMessage => {
    if (message.role === "tool") {
      const id = movedToolId(message.tool_call_id);
      if (id === message.tool_call_id) return message;
      changed = true;
      return { ...message, tool_call_id: id };
    }
    if (message.role !== "assistant" || !message.tool_calls) return message;
    if (!message.tool_calls.some((call) => movedToolId(call.id) !== call.id)) return message;
    changed = true;
    return {
      ...message,
      tool_calls: message.tool_calls.map((call) => ({ ...call, id: movedToolId(call.id) })),
    };
  });
  return changed ? out : messages;
}

/** Whether `message` names a tool call by an id that begins like one this gateway encoded. */
function carriesEncodedId(message: ChatMessage): boolean {
  if (message.role === "tool") return message.tool_call_id.startsWith(ENCODED_TOOL_ID_PREFIX);
  return (
    message.role === "assistant" &&
    message.tool_calls?.some((call) => call.id.startsWith(ENCODED_TOOL_ID_PREFIX)) === true
  );
}

/** `parsed` with its request's messages as withMovedToolIds gives them. */
export function withMovedToolIdsOf<Parsed extends { request: { messages: ChatMessage[] } }>(
  parsed: Parsed,
): Parsed {
  const messages = withMovedToolIds(parsed.request.messages);
  return messages === parsed.request.messages
    ? parsed
    : { ...parsed, request: { ...parsed.request, messages } };
}
