/**
 * Anthropic's message threads (`thread: {"type": "create"}`, then `{"type": "continue",
 * "previous_message_id"}` with only the new messages), which the Anthropic SDK's tool runner
 * (`client.beta.messages.toolRunner`, @anthropic-ai/sdk 1.10) sends on its own. The gateway keeps
 * no conversations: a `create` goes on without the field (its messages are the whole
 * conversation), and a `continue` is refused with Anthropic's own `thread_not_found`, on which the
 * SDK sends the turn again with the whole conversation under a new thread. Taken as an unknown
 * field instead, a `continue` went upstream with a tool result and no call before it: a 400 the
 * runner could not get past.
 */
import { quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";

/** The code Anthropic gives a thread it does not hold, in `error.details.error_code`. */
export const THREAD_NOT_FOUND = "thread_not_found";

/** Error codes an Anthropic client reads from `error.details.error_code` rather than the message. */
const DETAIL_CODES: ReadonlySet<string> = new Set([THREAD_NOT_FOUND]);

/** `{"error_code": code}` for an error an Anthropic client tells apart by its code, else undefined. */
export function anthropicErrorDetails(code: string | null): { error_code: string } | undefined {
  return code !== null && DETAIL_CODES.has(code) ? { error_code: code } : undefined;
}

/** The refusal of a request that continues a thread, or undefined for any other request. */
export function threadContinueRefusal(thread: unknown): GatewayHttpError | undefined {
  if (!isRecord(thread) || thread.type !== "continue") return undefined;
  const previous =
    typeof thread.previous_message_id === "string" ? ` ${quoted(thread.previous_message_id)}` : "";
  return badRequest(
    `thread.previous_message_id${previous} names no thread: this gateway keeps no message threads; send the whole conversation in messages with no thread field (the Anthropic SDK's tool runner does so by itself on this error)`,
    "thread.previous_message_id",
    THREAD_NOT_FOUND,
  );
}
