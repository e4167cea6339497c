/** Moonshot's and Kimi Code's public endpoints: where onboarding points, and where a key belongs. */
import type { Env } from "../config/index.js";
import { displayUrl } from "../util/display-url.js";
import { moonshotRegionOfUrl } from "../util/moonshot-host.js";
import { urlHost } from "../util/url-host.js";
import { endpointNamed } from "./key-check-names.js";

/** One of the public endpoints a key belongs to: Moonshot international, Moonshot China, Kimi Code. */
export type EndpointId = "moonshot-ai" | "moonshot-cn" | "kimi-code";

/**
 * The public endpoints: each one's name and address as a key check says them (`Moonshot
 * international (api.moonshot.ai)`), and the environment variable that points it elsewhere
 * (proxies, tests).
 */
export const ENDPOINTS: Record<
  EndpointId,
  { label: string; address: string; baseUrl: string; overrideVar: string }
> = {
  "moonshot-ai": {
    label: "Moonshot international",
    address: "api.moonshot.ai",
    baseUrl: "https://api.moonshot.ai/v1",
    overrideVar: "OPENCLAW_MOONSHOT_AI_BASE_URL",
  },
  "moonshot-cn": {
    label: "Moonshot China",
    address: "api.moonshot.cn",
    baseUrl: "https://api.moonshot.cn/v1",
    overrideVar: "OPENCLAW_MOONSHOT_CN_BASE_URL",
  },
  "kimi-code": {
    label: "Kimi Code",
    address: "api.kimi.com/coding",
    baseUrl: "https://api.kimi.com/coding/v1",
    overrideVar: "OPENCLAW_KIMI_CODE_BASE_URL",
  },
};

/** The base URL onboarding writes and checks for an endpoint: the override variable wins. */
export function endpointBaseUrl(endpoint: EndpointId, env: Env): string {
  const entry = ENDPOINTS[endpoint];
  const override = env[entry.overrideVar]?.trim();
  return (override || entry.baseUrl).replace(/\/+$/, "");
}

/** An endpoint's name and its address, as a sentence says them: `Moonshot China (api.moonshot.cn)`. */
export function endpointLabel(endpoint: EndpointId, env: Env): string {
  return endpointNamed(endpointTarget(endpoint, env));
}

/** Where an endpoint's requests go, as a sentence names it, and the variable that moved it there. */
export interface EndpointAddress {
  /** `api.moonshot.ai`, an override's `127.0.0.1:4010`, or its whole URL when its path matters. */
  address: string;
  /** The variable the address comes from (`OPENCLAW_MOONSHOT_AI_BASE_URL`); none: the public one. */
  overrideVar?: string;
}

/**
 * Where an endpoint's key goes, as every sentence names it (onboarding's menu, prompt and key
 * check, a probe's or a refused request's "works on", a platform's name): the public one short
 * (`api.moonshot.ai`); an override variable's by its host (`127.0.0.1:4010`) when its path is the
 * public one's (`/v1`, Kimi Code's `/coding/v1`), else whole (its login masked): two proxies on
 * one host told apart by their paths (`https://gw.corp/moonshot/v1`, `…/kimi/v1`) are not both
 * named `gw.corp`, and an override without `/v1` is seen to lack it.
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
 * An endpoint as a key check names and calls it: `Moonshot international (127.0.0.1:4010)
 * rejected the key`, its address as endpointAddress says it; the base URL whole, to call.
 */
export function endpointTarget(
  endpoint: EndpointId,
  env: Env,
): { label: string; address: string; baseUrl: string } {
  return {
    label: ENDPOINTS[endpoint].label,
    address: endpointAddress(endpoint, env).address,
    baseUrl: endpointBaseUrl(endpoint, env),
  };
}

/**
 * The platform a provider at `baseUrl` is, as a sentence names it: "the international platform
 * (api.moonshot.ai)", "the China platform (api.moonshot.cn)", else the provider and its host. At
 * an override variable's address, that address as endpointAddress says it (the China platform at
 * `http://127.0.0.1:4010/cn/v1` is not named as the international one at `…:4010/v1` is).
 */
export function platformName(provider: string, baseUrl: string, env: Env): string {
  const host = overriddenAddress(baseUrl, env) ?? urlHost(baseUrl) ?? baseUrl;
  const endpoint = keyEndpointOf(baseUrl, env);
  if (endpoint === "moonshot-ai") return `the international platform (${host})`;
  if (endpoint === "moonshot-cn") return `the China platform (${host})`;
  if (endpoint === "kimi-code") return `Kimi Code (${host})`;
  return `${provider} (${host})`;
}

/** endpointAddress's address when `baseUrl` is where an override variable points an endpoint. */
function overriddenAddress(baseUrl: string, env: Env): string | undefined {
  const endpoint = endpointOfBaseUrl(baseUrl, env);
  if (endpoint === undefined) return undefined;
  const { address, overrideVar } = endpointAddress(endpoint, env);
  return overrideVar === undefined ? undefined : address;
}

/** Which public endpoint `baseUrl` is (overrides included), if any. */
export function endpointOfBaseUrl(baseUrl: string, env: Env): EndpointId | undefined {
  const base = baseUrl.replace(/\/+$/, "");
  return (Object.keys(ENDPOINTS) as EndpointId[]).find((id) => endpointBaseUrl(id, env) === base);
}

/**
 * Which Moonshot region a base URL is at by its host (api.moonshot.ai or api.moonshot.cn,
 * whatever its scheme, port or path), as the runtime's error classification places it: a provider
 * of the user's own, under any id, written `https://api.moonshot.cn` or reached through a proxy
 * at its own port, is at that region as much as the built-in one. Kimi Code is not a region.
 */
function moonshotRegionByHost(baseUrl: string): "moonshot-ai" | "moonshot-cn" | undefined {
  const region = moonshotRegionOfUrl(baseUrl);
  return region === undefined ? undefined : region === "ai" ? "moonshot-ai" : "moonshot-cn";
}

/**
 * The public endpoint a provider at `baseUrl` sends its keys to, for where a refused key may
 * belong: the exact address (an override variable's included), else a Moonshot region's host.
 */
export function keyEndpointOf(baseUrl: string, env: Env): EndpointId | undefined {
  return endpointOfBaseUrl(baseUrl, env) ?? moonshotRegionByHost(baseUrl);
}

const ONBOARD_CHOICES: Record<EndpointId, string> = {
  "moonshot-ai": "moonshot-api-key",
  "moonshot-cn": "moonshot-api-key-cn",
  "kimi-code": "kimi-code-api-key",
};

/** Which public endpoint `baseUrl` is by its public address alone, overrides or not. */
export function publicEndpointOf(baseUrl: string): EndpointId | undefined {
  const base = baseUrl.replace(/\/+$/, "");
  return (Object.keys(ENDPOINTS) as EndpointId[]).find((id) => ENDPOINTS[id].baseUrl === base);
}

/**
 * The `openclaw onboard` command that stores a key for a provider at `baseUrl`, when that is a
 * public endpoint (onboarding knows no other); undefined otherwise. The public address counts
 * while an override is set too: a built-in provider keeps it (with no config file) though the
 * override sends onboarding elsewhere, and its choice is still the one that stores its key.
 */
export function onboardCommandFor(baseUrl: string, env: Env): string | undefined {
  const endpoint = endpointOfBaseUrl(baseUrl, env) ?? publicEndpointOf(baseUrl);
  return endpoint ? `openclaw onboard --auth-choice ${ONBOARD_CHOICES[endpoint]}` : undefined;
}
