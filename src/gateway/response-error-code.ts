/**
 * The `code` of a failed response's `error` (in `response.failed`), and of the `error` event
 * before it: one answer names its failure once, or a client that reads the `error` event (the
 * official SDKs hand it over) would switch on another code than one that reads the failed
 * response (Codex). OpenAI documents a closed set for a response's error (`server_error`,
 * `rate_limit_exceeded`, `invalid_prompt`, and codes about images) that strict clients switch
 * on, so the gateway's finer class (`network`, `timeout`, a provider's own error type such as
 * `rate_limit_reached_error`) is not one to put there: the message says what broke, the ledger
 * and the log keep the class. Three more are what OpenAI's own service sends there and clients
 * act on: Codex CLI retries a failed response unless its code is `context_length_exceeded` or
 * `insufficient_quota`, which sending the same request again cannot mend; and an engine that
 * is overloaded (Moonshot's `engine_overloaded_error`, a 429 or 503 the chat route tells apart
 * from a rate limit by its code) is `server_is_overloaded`, as OpenAI's "at capacity" failure
 * is: the caller's own request rate is not what to lower.
 */
import type { GatewayHttpError } from "./http-error.js";

export type ResponseErrorCode =
  | "server_error"
  | "rate_limit_exceeded"
  | "server_is_overloaded"
  | "invalid_prompt"
  | "context_length_exceeded"
  | "insufficient_quota";

export function responseErrorCode(error: GatewayHttpError): ResponseErrorCode {
  if (error.code === "context_length_exceeded" || error.code === "insufficient_quota")
    return error.code;
  if (error.errorClass === "upstream.overloaded") return "server_is_overloaded";
  if (error.status === 429) return "rate_limit_exceeded";
  if (error.status === 400) return "invalid_prompt";
  return "server_error";
}
