/**
 * The endpoint a configured model's key is checked at (`models status --probe`, `doctor
 * --probe`) and its Kimi Code plan read from (a used-up plan's reset time): the model's base URL,
 * headers (Kimi Code's User-Agent) and api, named by its address.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { displayUrl } from "../util/display-url.js";
import type { KeyCheckEndpoint } from "./key-check.js";

/** `model`'s endpoint; its label is shown, so a password or key written into the URL is masked. */
export function keyCheckEndpointOfModel(model: ResolvedModel): KeyCheckEndpoint {
  return {
    label: displayUrl(model.baseUrl),
    provider: model.provider,
    baseUrl: model.baseUrl,
    ...(model.headers ? { headers: model.headers } : {}),
    api: model.api,
  };
}
