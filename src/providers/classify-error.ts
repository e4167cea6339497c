/**
 * Maps an upstream failure to a ProviderError: the provider's own `error.type` first (Moonshot
 * sends an empty balance as 403 in one place and 429 in another), the HTTP status second.
 * Every error carries the trace id and a hint a person can act on; none carries the API key.
 */
import { redactSecrets, sentSecrets } from "../auth/index.js";
import { baseUrlSetting } from "../catalog/base-url-setting.js";
import { missingApiPathAdvice } from "./base-url-path.js";
import type { ClassifyInput } from "./classify-input.js";
import { bare404Hint, EMPTY_404, EMPTY_404_UNTOLD } from "./empty-404.js";
import { describeEndpoint, endpointOf } from "./endpoint-kind.js";
import { parseErrorBody } from "./error-body.js";
import { classOf, isContextRefusal, overflowOf, UNKNOWN_MODEL_PATTERN } from "./error-class.js";
import { hintFor, modelNetworkPageHint, sentUrlLogin, whereOf } from "./error-hints.js";
import { SUMMARIES } from "./error-summary.js";
import { ProviderError } from "./errors.js";
import {
  API_GATEWAY_SAID,
  EMPTY_ANSWER_SAID,
  isEmptyAnswer,
  saysApiGatewayNoRoute,
} from "./foreign-answer.js";
import { isMissingPath } from "./no-route-answer.js";
import { traceIdOf } from "./response-headers.js";
import { parseRetryAfter, retryAfterFromMessage } from "./retry-after.js";
import { isNetworkPage, isWebPage, webPageSaid } from "./web-page-answer.js";

/** Classifies an HTTP error response (or an `error` object inside a stream). */
export function classifyProviderError(input: ClassifyInput): ProviderError {
  const parsed = parseErrorBody(input.body);
  const rawMessage = redactSecrets(
    parsed.message ?? "",
    sentSecrets(input.model, input.apiKey, input.callHeaders),
  );
  let errorClass = classOf(input.status, parsed.type, rawMessage);
  const endpoint = endpointOf(input.model.baseUrl);
  if (errorClass === "auth" && input.otherRegionAccepted && endpoint.kind === "moonshot") {
    errorClass = "wrong_region";
  }
  if (errorClass === "bad_request" && isContextRefusal(rawMessage)) errorClass = "context_length";
  else if (errorClass === "bad_request" && UNKNOWN_MODEL_PATTERN.test(rawMessage))
    errorClass = "not_found";
  const retryAfterMs =
    parseRetryAfter(input.headers) ??
    (errorClass === "rate_limit" || errorClass === "overloaded"
      ? retryAfterFromMessage(rawMessage)
      : undefined);
  const traceId = traceIdOf(input.headers);
  const overflow = errorClass === "context_length" ? overflowOf(rawMessage) : undefined;
  // A code that only repeats the status (Azure's `"code": "404"`) is said once.
  const detail = [input.status, parsed.type === String(input.status) ? undefined : parsed.type]
    .filter((x) => x !== undefined)
    .join(" ");
  // Not the model: every model of the provider fails alike until its base URL is fixed. Its class
  // is a 404's whatever the status (a 405 too): a fallback is tried, the model benched.
  // A page put in place of the API at an address that is one (a captive portal's sign-in): the
  // network to sign in to, not the address to fix. Its own class, network_login: not retried,
  // another model tried, none benched, so the next request says it again.
  const networkPage = isNetworkPage(input.status, input.body, input.model.baseUrl);
  const missingPath =
    !networkPage && isMissingPath(input.status, parsed.type, input.body, rawMessage);
  if (missingPath) errorClass = "not_found";
  if (networkPage) errorClass = "network_login";
  // A 404 with nothing in it names nothing as not found: the model, or the address (a server's
  // bare 404 for a path it has no route at). Said as not known, both places to check.
  const bare404 =
    !missingPath && input.status === 404 && parsed.type === undefined && rawMessage === "";
  const what = networkPage
    ? `got a web page from the network in place of its API (asked for model ${input.model.id})`
    : missingPath
      ? `has no API at its base URL (asked for model ${input.model.id})`
      : bare404
        ? `${EMPTY_404} for model ${input.model.id}, ${EMPTY_404_UNTOLD}`
        : // "does not know the model for model x" said the model twice.
          errorClass === "not_found"
          ? `does not know the model ${input.model.id}`
          : errorClass === "auth" && sentUrlLogin(input)
            ? `rejected the login in its base URL (user:password@) for model ${input.model.id}`
            : `${SUMMARIES[errorClass]} for model ${input.model.id}`;
  // A web page is said as one, by its title, whatever its status (a proxy's 502 page, a CDN's
  // bot check): its HTML would say nothing more. A server's own "404 page not found" after the
  // status says it once.
  const said =
    typeof input.body === "string" && isWebPage(input.body)
      ? webPageSaid(input.body)
      : missingPath && isEmptyAnswer(input.status, input.body)
        ? EMPTY_ANSWER_SAID
        : missingPath && saysApiGatewayNoRoute(input.status, rawMessage)
          ? `${rawMessage}${API_GATEWAY_SAID}`
          : missingPath
            ? rawMessage.replace(/^404:?\s+(?=\S)/, "")
            : rawMessage;
  const message =
    `${input.model.provider} (${describeEndpoint(endpoint)}) ${what}` +
    (!bare404 && (detail || said) ? `: ${detail}${detail && said ? " " : ""}${said}` : "") +
    (traceId ? ` (trace ${traceId})` : "");
  return new ProviderError({
    errorClass,
    message,
    provider: input.model.provider,
    model: input.model.id,
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(parsed.type !== undefined ? { providerType: parsed.type } : {}),
    ...(traceId !== undefined ? { traceId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(overflow ? { overflow } : {}),
    ...(networkPage
      ? {
          ...whereOf(input.model),
          hint: modelNetworkPageHint(input.model),
        }
      : missingPath
        ? {
            noApiAtBaseUrl: true,
            ...whereOf(input.model),
            hint: missingApiPathAdvice(
              input.model.baseUrl,
              input.model.provider,
              baseUrlSetting(input.model),
            ),
          }
        : {
            hint: bare404
              ? bare404Hint(input.model)
              : hintFor(errorClass, input, endpoint, retryAfterMs, rawMessage),
          }),
  });
}
