/**
 * A base URL written without its scheme (`api.moonshot.cn/v1`, `127.0.0.1:8000/v1`), as a person
 * copies it from a page that shows the host alone: the URL meant, to give as the fix instead of
 * an example of another endpoint (Moonshot international's, for someone who typed China's). Pure.
 */
import { ENDPOINTS } from "../auth/public-endpoints.js";

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
