/**
 * The 404 of a path this gateway does not serve. In OpenAI's format its type is
 * `invalid_request_error`, the type OpenAI's own API gives an unknown URL (`Invalid URL (POST
 * /v1/foo)`), which OpenAI clients switch on; its code, `unknown_route`, tells it from an unknown
 * model or response. On Anthropic's routes the answer is rendered in Anthropic's format, whose
 * 404 type is `not_found_error` (see messages-format.ts).
 */
import { GatewayHttpError } from "./http-error.js";

export function unknownRoute(message: string): GatewayHttpError {
  return new GatewayHttpError(404, "invalid_request_error", message, {
    code: "unknown_route",
    errorClass: "not_found",
  });
}
