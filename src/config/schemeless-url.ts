/**
 * A base URL that is no http(s) URL, and what to write instead: most often one written without its
 * scheme (`api.moonshot.cn/v1`, `127.0.0.1:8000/v1`), as a person copies it from a page that shows
 * the host alone; the fix gives the URL meant rather than an example of another endpoint (Moonshot
 * international's, for someone who typed China's). The config's `baseUrl` check and the library's
 * checkKey share it. Pure.
 */
import { ENDPOINTS, type EndpointId } from "../auth/public-endpoints.js";

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

function isLoopback(host: string): boolean {
  return host === "localhost" || host.startsWith("127.") || host === "[::1]";
}

/**
 * `value` with `https://` in front (`http://` for this machine), when that makes it a URL of a
 * host with a path; a public endpoint's host alone gets that endpoint's whole base URL. Undefined
 * for a value that has a scheme, is no host, or is another host alone (`api.kimi`: its API's
 * path is not known, so the example of a whole base URL says more).
 */
export function withSchemeAdded(value: string): string | undefined {
  const written = value.trim();
  if (written === "" || SCHEME.test(written) || /^[/?#]/.test(written)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(`https://${written}`);
  } catch {
    return undefined;
  }
  const host = parsed.hostname;
  if (!host.includes(".") && host !== "localhost" && !host.startsWith("[")) return undefined;
  const meant = `${isLoopback(host) ? "http" : "https"}://${written}`;
  if (parsed.pathname !== "/") return meant;
  const endpoint = Object.values(ENDPOINTS).find(
    (candidate) => new URL(candidate.baseUrl).host === parsed.host,
  );
  return endpoint?.baseUrl;
}

/** `value` parsed, when it is an http: or https: URL; undefined for anything else. */
export function parsedHttpUrl(value: string): URL | undefined {
  try {
    const parsed = new URL(value);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The public base URL to show as an example for `provider`: Kimi Code's, China's, else Moonshot's. */
export function exampleBaseUrlOf(provider: string): string {
  const id = provider.toLowerCase();
  const endpoint: EndpointId = id === "kimi-code" || id === "moonshot-cn" ? id : "moonshot-ai";
  return ENDPOINTS[endpoint].baseUrl;
}

/**
 * What to write instead of `value`, no http(s) URL, as `provider`'s base URL: the URL with its
 * scheme when that is what was meant, else `whole` (what to write) with the provider's public
 * one as an example.
 */
export function httpUrlFix(value: string, provider: string, whole = "the full URL"): string {
  const meant = withSchemeAdded(value);
  return meant !== undefined
    ? `write the URL with its scheme: "${meant}"`
    : `write ${whole}, for example "${exampleBaseUrlOf(provider)}"`;
}
