/** What kind of endpoint a base URL is: a Moonshot region, Kimi Code, or another provider. */
import { moonshotRegionOfHost } from "../util/moonshot-host.js";

/** Shared between callers (endpointOf keeps them), so never changed once made. */
export type Endpoint =
  | { readonly kind: "moonshot"; readonly region: "ai" | "cn"; readonly host: string }
  | { readonly kind: "kimi-code"; readonly host: string }
  | { readonly kind: "other"; readonly host: string };

export const REGION_NAMES = { ai: "international", cn: "China" } as const;
export const REGION_URLS = {
  ai: "https://api.moonshot.ai/v1",
  cn: "https://api.moonshot.cn/v1",
} as const;
/** The built-in provider of each region. */
export const REGION_PROVIDERS = { ai: "moonshot", cn: "moonshot-cn" } as const;

/**
 * Endpoints already worked out, by base URL: a request asks for its endpoint several times
 * (conversation repair, error wording) and parsing a URL each time showed in the gateway's
 * profile. A config names a handful of base URLs; the map is emptied if it ever grows large.
 */
const knownEndpoints = new Map<string, Endpoint>();
const KNOWN_ENDPOINTS_LIMIT = 256;

export function endpointOf(baseUrl: string): Endpoint {
  const known = knownEndpoints.get(baseUrl);
  if (known !== undefined) return known;
  if (knownEndpoints.size >= KNOWN_ENDPOINTS_LIMIT) knownEndpoints.clear();
  const endpoint = parseEndpoint(baseUrl);
  knownEndpoints.set(baseUrl, endpoint);
  return endpoint;
}

function parseEndpoint(baseUrl: string): Endpoint {
  let host = baseUrl;
  let path = "";
  try {
    const url = new URL(baseUrl);
    host = url.host;
    path = url.pathname;
  } catch {
    // Keep the raw text: it only feeds messages.
  }
  const hostname = host.replace(/:\d+$/, "").toLowerCase();
  const region = moonshotRegionOfHost(hostname);
  if (region !== undefined) return { kind: "moonshot", region, host };
  // kimi.com and its subdomains only: not a host that merely ends in the same letters (notkimi.com).
  if (hostname === "kimi.com" || hostname.endsWith(".kimi.com") || /\/coding(\/|$)/.test(path))
    return { kind: "kimi-code", host };
  return { kind: "other", host };
}

/** The built-in provider of the Moonshot region other than `endpoint`'s, and that region's address. */
export function otherRegionOf(endpoint: Extract<Endpoint, { kind: "moonshot" }>): {
  region: "ai" | "cn";
  provider: string;
  baseUrl: string;
} {
  const region = endpoint.region === "ai" ? "cn" : "ai";
  return { region, provider: REGION_PROVIDERS[region], baseUrl: REGION_URLS[region] };
}

/** Whether `baseUrl`'s host is one of Moonshot region `region`'s (api.moonshot.cn for "cn"). */
export function isMoonshotRegion(baseUrl: string, region: "ai" | "cn"): boolean {
  const endpoint = endpointOf(baseUrl);
  return endpoint.kind === "moonshot" && endpoint.region === region;
}

/** The endpoint as an error names it: its host, and a Moonshot region's name. */
export function describeEndpoint(endpoint: Endpoint): string {
  if (endpoint.kind === "moonshot") return `${endpoint.host}, ${REGION_NAMES[endpoint.region]}`;
  return endpoint.host;
}
