/**
 * The `code` of a failed response's `error` (in `response.failed`). OpenAI documents a closed set
 * for it (`server_error`, `rate_limit_exceeded`, `invalid_prompt`, and codes about images) that
 * strict clients switch on, so the gateway's finer class (`network`, `timeout`, a provider's own
 * error type) is not one to put there: it stays in the `error` event's `code`, which is open.
 * Two more are what OpenAI's own service sends there and clients act on: Codex CLI retries a
 * failed response unless its code is `context_length_exceeded` or `insufficient_quota`, which
 * sending the same request again cannot mend.
 */
import type { GatewayHttpError } from "./http-error.js";

export type ResponseErrorCode =
  | "server_error"
  | "rate_limit_exceeded"
  | "invalid_prompt"
  | "context_length_exceeded"
  | "insufficient_quota";

export function responseErrorCode(error: GatewayHttpError): ResponseErrorCode {
  if (error.code === "context_length_exceeded" || error.code === "insufficient_quota")
    return error.code;
  if (error.status === 429) return "rate_limit_exceeded";
  if (error.status === 400) return "invalid_prompt";
  return "server_error";
}
