/**
 * Where onboarding sends a built-in endpoint's key, as all of its lines name it: the region menu,
 * the key prompt, the key check's sentences. One rule, so that none of them says a place another
 * does not.
 */
import {
  ENDPOINTS,
  type EndpointId,
  endpointBaseUrl,
  endpointTarget,
  type KeyCheckEndpoint,
} from "../auth/index.js";
import type { Env } from "../config/index.js";
import { displayUrl } from "../util/display-url.js";

export interface EndpointAddress {
  /** `api.moonshot.ai`, an override's `127.0.0.1:4010`, or its whole URL when its path matters. */
  address: string;
  /** The variable the address comes from (`OPENCLAW_MOONSHOT_AI_BASE_URL`); none: the public one. */
  overrideVar?: string;
}

/**
 * The endpoint's address as onboarding says it: the public one short (`api.moonshot.ai`); an
 * override variable's by its host (`127.0.0.1:4010`) when its path is the public one's (`/v1`,
 * Kimi Code's `/coding/v1`), else whole (its login masked): two proxies on one host told apart
 * by their paths (`https://gw.corp/moonshot/v1`, `…/kimi/v1`) are not both named `gw.corp`, and
 * an override without `/v1` is seen to lack it.
 */
export function endpointAddress(endpoint: EndpointId, env: Env): EndpointAddress {
  const entry = ENDPOINTS[endpoint];
  if (!env[entry.overrideVar]?.trim()) return { address: entry.address };
  const baseUrl = endpointBaseUrl(endpoint, env);
  return { address: overrideAddress(baseUrl, entry.baseUrl), overrideVar: entry.overrideVar };
}

function overrideAddress(baseUrl: string, publicBaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return displayUrl(baseUrl);
  }
  const samePath =
    url.pathname.replace(/\/+$/, "") === new URL(publicBaseUrl).pathname &&
    url.search === "" &&
    url.hash === "";
  return url.host !== "" && samePath ? url.host : displayUrl(baseUrl);
}

/**
 * The endpoint as onboarding's key check names and calls it: `Moonshot international
 * (127.0.0.1:4010) rejected the key`, with the address the prompt named.
 */
export function onboardCheckTarget(endpoint: EndpointId, env: Env): KeyCheckEndpoint {
  return { ...endpointTarget(endpoint, env), address: endpointAddress(endpoint, env).address };
}
