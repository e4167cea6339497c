/** A 404 with an empty body: it names neither the model nor the base URL as unknown. */
import { baseUrlSetting } from "../catalog/base-url-setting.js";
import { displayUrl } from "../util/display-url.js";
import { apiBaseUrlFor } from "./base-url-path.js";
import type { ClassifyInput } from "./classify-input.js";
import type { ProviderError } from "./errors.js";
import { scanAdvice } from "./scan-advice.js";

/**
 * How a 404 with an empty body is said: it names neither the model nor the base URL as unknown.
 * Exported so that a gateway's note of the fallback it caused says the same, not "an id it retired".
 */
export const EMPTY_404 = "answered 404 with an empty body";
export const EMPTY_404_UNTOLD =
  "which does not say whether the model or the base URL is unknown there";

/** Whether `error` is a 404 with an empty body (classifyProviderError's `bare404`). */
export function isEmpty404(error: Pick<ProviderError, "status" | "message" | "noApiAtBaseUrl">) {
  return error.status === 404 && !error.noApiAtBaseUrl && error.message.includes(EMPTY_404);
}

/** What to check after a 404 with an empty body: the base URL first (the likelier), then the id. */
export function bare404Hint(model: ClassifyInput["model"]): string {
  const setting = baseUrlSetting(model);
  const suggested = apiBaseUrlFor(model.baseUrl);
  const likely = suggested
    ? ` (if its API is elsewhere, most likely at ${displayUrl(suggested)})`
    : " against the provider's documentation";
  return `check ${setting}, now ${displayUrl(model.baseUrl)}${likely}; if it is right, the model id: ${scanAdvice(model.provider)}`;
}
