/**
 * The advice for a base URL no API answers under (the host's own 404 for a chat request, a 404
 * for `GET /models`): the address to set instead. Moonshot's and Kimi Code's OpenAI-compatible
 * APIs are under /v1, and api.kimi.com/coding/ without it is Kimi Code's Anthropic-compatible
 * API, which a person copying the other address often takes. Pure.
 */

import { formatPath } from "../config/index.js";
import { displayUrl } from "../util/display-url.js";
import { singleQuoted } from "../util/shell-word.js";
import { urlHostname } from "../util/url-host.js";

const MOONSHOT_API_URLS = {
  ai: "https://api.moonshot.ai/v1",
  cn: "https://api.moonshot.cn/v1",
} as const;
const KIMI_CODE_API_URL = "https://api.kimi.com/coding/v1";

/** The Moonshot host's 404 for a path it serves nothing at (MoonshotAI/moonpalace#5). */
export const URL_NOT_FOUND = "url.not_found";

/**
 * An endpoint's own path at the end of a base URL (`…/v1/chat/completions`): the client adds it,
 * so the base URL is what comes before it.
 */
const ENDPOINT_SUFFIX =
  /\/(?:chat\/completions|completions|responses|messages|models|embeddings)$/i;

/**
 * The endpoint's own path a base URL ends in (`/chat/completions`, `/models`, …), or undefined:
 * the client adds it to each request, so written into the base URL it would be there twice.
 */
export function endpointPathAtEnd(baseUrl: string): string | undefined {
  let path: string;
  try {
    path = new URL(baseUrl).pathname.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
  return ENDPOINT_SUFFIX.exec(path)?.[0];
}

/** A version among the path's segments (`/v1`, `/v4`, `/v1beta/openai`): the API's path has one. */
const VERSION_SEGMENT = /\/v\d+[a-z0-9.]*(?:\/|$)/i;

/** The API address of Moonshot's or Kimi Code's host, undefined for anyone else's. */
function knownApiUrl(host: string): string | undefined {
  if (host === "moonshot.cn" || host.endsWith(".moonshot.cn")) return MOONSHOT_API_URLS.cn;
  if (host === "moonshot.ai" || host.endsWith(".moonshot.ai")) return MOONSHOT_API_URLS.ai;
  if (host === "kimi.com" || host.endsWith(".kimi.com")) return KIMI_CODE_API_URL;
  return undefined;
}

/**
 * The base URL the API most likely is at, when it can be told; undefined otherwise. Another
 * provider's: the base URL without an endpoint's path it ends in, or with /v1 when its path has
 * no version at all (`https://generativelanguage.googleapis.com/v1beta/openai` has one, and
 * another /v1 after it would be wrong).
 */
export function apiBaseUrlFor(baseUrl: string): string | undefined {
  const host = urlHostname(baseUrl)?.toLowerCase();
  if (host === undefined) return undefined;
  const trimmed = baseUrl.replace(/\/+$/, "");
  const path = new URL(trimmed).pathname;
  const suggested =
    knownApiUrl(host) ??
    (ENDPOINT_SUFFIX.test(path)
      ? trimmed.replace(ENDPOINT_SUFFIX, "")
      : VERSION_SEGMENT.test(path)
        ? undefined
        : `${trimmed}/v1`);
  // Already there: the path is not what is wrong, or not only.
  return suggested === trimmed ? undefined : suggested;
}

/**
 * Whether `baseUrl` is where an API is, as far as its address tells: a known API host (Moonshot's
 * and Kimi Code's never answer with a web page), or a path with nothing better to suggest (its
 * /v1 already there). A web page answering there came from something on the way (a captive
 * portal, a proxy's login), not from a site at an address missing its API's path.
 */
export function looksLikeApiBaseUrl(baseUrl: string): boolean {
  const host = urlHostname(baseUrl)?.toLowerCase();
  if (host === undefined) return false;
  return knownApiUrl(host) !== undefined || apiBaseUrlFor(baseUrl) === undefined;
}

/** Why the suggested address is the one: said as sure as it is known. */
function whySuggested(baseUrl: string, suggested: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  const path = new URL(trimmed).pathname;
  const host = urlHostname(baseUrl)?.toLowerCase() ?? "";
  const known = knownApiUrl(host);
  if (known !== undefined) {
    if (host === "api.kimi.com" && /\/coding$/.test(path))
      return " (without /v1, api.kimi.com/coding/ is Kimi Code's Anthropic-compatible API)";
    // The same address with /v1, or another one (api.kimi.com's root, Moonshot's console): whose.
    if (known.toLowerCase() === `${trimmed}/v1`.toLowerCase()) return " (the API is under /v1)";
    return known === KIMI_CODE_API_URL ? " (Kimi Code's API)" : " (Moonshot's API)";
  }
  if (ENDPOINT_SUFFIX.test(path))
    return ` (the base URL ends before ${path.match(ENDPOINT_SUFFIX)?.[0]}, which each request adds)`;
  // Kimi Code's address run locally (the simulator, a proxy of it) keeps its /coding root's reason.
  if (/\/coding$/.test(path) && suggested.endsWith("/coding/v1"))
    return " (without /v1, api.kimi.com/coding/ is Kimi Code's Anthropic-compatible API)";
  return " (most OpenAI-compatible APIs are under /v1)";
}

function setCommand(provider: string | undefined, shown: string): string {
  return provider === undefined
    ? ""
    : `: openclaw config set ${singleQuoted(formatPath(["models", "providers", provider, "baseUrl"]))} ${singleQuoted(shown)}`;
}

/**
 * What to do about `baseUrl`, set at `setting` (`models.providers.<id>.baseUrl`, with its
 * file:line when known), where no API answers: the address to set, and the command that sets it
 * when the config has the provider (`provider` undefined: a base URL given to onboard, which
 * writes none until it works).
 */
export function missingApiPathAdvice(
  baseUrl: string,
  provider: string | undefined,
  setting: string,
): string {
  const is = `${setting} is ${displayUrl(baseUrl)}, where no API answers`;
  const suggested = apiBaseUrlFor(baseUrl);
  if (suggested === undefined)
    return `${is}: check its path against the provider's documentation (Moonshot's API is ${MOONSHOT_API_URLS.ai}, Kimi Code's ${KIMI_CODE_API_URL})`;
  const shown = displayUrl(suggested);
  return `${is}: set it to ${shown}${whySuggested(baseUrl, suggested)}${setCommand(provider, shown)}`;
}

/**
 * What a 404 for `GET <baseUrl>/models` says about `baseUrl`. Moonshot's and Kimi Code's APIs list
 * models there, and the Moonshot host's `url.not_found` is its answer for a path it serves nothing
 * at: for those, no API is at the address. Another provider's API may list no models at all
 * (Perplexity's has no /models) and still answer chat requests, so there the 404 alone does not
 * make the address wrong: the advice is for when its requests fail too.
 */
export function modelListNotFoundAdvice(
  baseUrl: string,
  type: string | undefined,
  provider: string | undefined,
  setting: string,
): string {
  const host = urlHostname(baseUrl)?.toLowerCase();
  if (type === URL_NOT_FOUND || (host !== undefined && knownApiUrl(host) !== undefined))
    return missingApiPathAdvice(baseUrl, provider, setting);
  const is = `${setting} is ${displayUrl(baseUrl)}, which lists no models (GET /models answered 404): if its requests fail with a 404 too, no API answers there`;
  const suggested = apiBaseUrlFor(baseUrl);
  if (suggested === undefined) return `${is}; check its path against the provider's documentation`;
  const shown = displayUrl(suggested);
  return `${is}; most likely it is at ${shown}${whySuggested(baseUrl, suggested)}${setCommand(provider, shown)}`;
}
