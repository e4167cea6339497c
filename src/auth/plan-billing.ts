/**
 * Which providers are billed by a subscription plan's quota rather than per token: Kimi Code
 * (api.kimi.com/coding, `sk-kimi-` keys) counts requests against the plan's windows and refuses
 * them when one is used up; it has no price per 1M tokens. A `cost` of 0 for its models is
 * therefore the truth about money, not a price left unset.
 *
 * Kept apart from credit.ts, which brings the HTTP client: `openclaw usage` reads this at start.
 */
import type { Env } from "../config/index.js";
import { keyFamilyOf } from "./key-shape.js";
import { endpointOfBaseUrl } from "./public-endpoints.js";

/** Kimi Code's public host, and the path its API is under there. */
const KIMI_CODE_HOST = "api.kimi.com";
const KIMI_CODE_PATH = /^\/coding(?:\/|$)/;

/**
 * Whether `baseUrl` is Kimi Code's API: its public address (with or without `/v1`, a trailing
 * slash or a port), or the address OPENCLAW_KIMI_CODE_BASE_URL points it at.
 */
export function isKimiCodeBaseUrl(baseUrl: string, env: Env): boolean {
  if (endpointOfBaseUrl(baseUrl, env) === "kimi-code") return true;
  try {
    const url = new URL(baseUrl);
    return url.hostname.toLowerCase() === KIMI_CODE_HOST && KIMI_CODE_PATH.test(url.pathname);
  } catch {
    return false;
  }
}

/**
 * Whether a provider's requests use a plan's quota: the built-in `kimi-code` (and `kimi-coding`,
 * whose keys are checked as Kimi Code's), or any provider whose `baseUrl` is Kimi Code's API
 * (a custom id pointed at api.kimi.com/coding is the same subscription).
 */
export function billedByPlan(providerId: string, baseUrl: string | undefined, env: Env): boolean {
  if (keyFamilyOf(providerId) === "kimi-code") return true;
  return baseUrl !== undefined && isKimiCodeBaseUrl(baseUrl, env);
}
