/**
 * The advice for a base URL no API answers under (the host's own 404 for a chat request, a 404
 * for `GET /models`): the address to set instead. Moonshot's and Kimi Code's OpenAI-compatible
 * APIs are under /v1, and api.kimi.com/coding/ without it is Kimi Code's Anthropic-compatible
 * API, which a person copying the other address often takes. Pure.
 */
import { displayUrl } from "../util/display-url.js";

const MOONSHOT_API_URLS = {
  ai: "https://api.moonshot.ai/v1",
  cn: "https://api.moonshot.cn/v1",
} as const;
const KIMI_CODE_API_URL = "https://api.kimi.com/coding/v1";

/** The base URL the API most likely is at, when it can be told; undefined otherwise. */
export function apiBaseUrlFor(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const trimmed = baseUrl.replace(/\/+$/, "");
  const known =
    host === "moonshot.cn" || host.endsWith(".moonshot.cn")
      ? MOONSHOT_API_URLS.cn
      : host === "moonshot.ai" || host.endsWith(".moonshot.ai")
        ? MOONSHOT_API_URLS.ai
        : host === "api.kimi.com"
          ? KIMI_CODE_API_URL
          : /\/v\d+$/.test(trimmed)
            ? undefined
            : `${trimmed}/v1`;
  // Already there: the path is not what is wrong, or not only.
  return known === trimmed ? undefined : known;
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
  const why = /\/coding\/?$/.test(new URL(baseUrl).pathname)
    ? " (without /v1, api.kimi.com/coding/ is Kimi Code's Anthropic-compatible API)"
    : " (the API is under /v1)";
  const shown = displayUrl(suggested);
  const command =
    provider === undefined
      ? ""
      : `: openclaw config set 'models.providers.${provider}.baseUrl' '${shown}'`;
  return `${is}: set it to ${shown}${why}${command}`;
}
