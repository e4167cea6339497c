/**
 * Cross-origin access for web apps that call the gateway from a browser page (chat front ends,
 * playgrounds). With token auth any origin may call, as LiteLLM and Portkey allow: the page still
 * needs the token, and a browser never attaches one by itself. Without a token, no origin may
 * unless listed, since any site the person visits could otherwise spend their provider keys.
 * Pure: a policy from the config, and the headers one request gets.
 */
import type { GatewayConfig } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { normalizeWebOrigin, OPEN_CORS_WITHOUT_TOKEN, webOriginHint } from "../util/web-origin.js";

/** Which browser origins may call the gateway (`gateway.cors.origins`). */
export interface CorsPolicy {
  /** Every origin may (`"*"`, or no list with token auth). */
  allowAll: boolean;
  /** The origins listed, normalized (`https://app.example.com`). */
  origins: ReadonlySet<string>;
}

/**
 * Response headers a browser script may read: ours (x-openclaw-notes says what the gateway
 * changed in the request), and the ones retries are decided by (an SDK
 * that cannot read `x-should-retry: false` retries a final error such as an exhausted quota).
 */
const EXPOSED =
  "x-request-id, request-id, x-openclaw-model, x-openclaw-notes, x-trace-id, retry-after, x-should-retry";
const TOKEN_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

/**
 * The policy for a config generation. Throws for `"*"` without token auth, and for entries that
 * are not origins, naming the dotted path.
 */
export function corsPolicy(
  cors: GatewayConfig["cors"],
  tokenAuth: boolean,
): CorsPolicy | undefined {
  const listed = cors?.origins;
  if (listed === undefined) return tokenAuth ? { allowAll: true, origins: new Set() } : undefined;
  const origins = new Set<string>();
  let allowAll = false;
  listed.forEach((entry, index) => {
    const where = `gateway.cors.origins[${index}]`;
    if (entry.trim() === "*") {
      if (!tokenAuth) {
        throw new OpenClawError(
          "gateway.cors_open",
          `${where} ${OPEN_CORS_WITHOUT_TOKEN.message}`,
          { where, hint: OPEN_CORS_WITHOUT_TOKEN.hint },
        );
      }
      allowAll = true;
      return;
    }
    const origin = normalizeWebOrigin(entry);
    if (!origin) {
      throw new OpenClawError("gateway.cors_origin", `${where} is not an origin: "${entry}"`, {
        where,
        hint: webOriginHint(entry, tokenAuth),
      });
    }
    origins.add(origin);
  });
  return allowAll || origins.size > 0 ? { allowAll, origins } : undefined;
}

/**
 * The origin to echo back (as the request sent it), when this request's `Origin` may call.
 * Scheme and host compare case-insensitively, as the URL standard serializes an origin.
 */
export function allowedOrigin(
  policy: CorsPolicy | undefined,
  origin: string | undefined,
): string | undefined {
  if (!policy || origin === undefined) return undefined;
  if (policy.allowAll || policy.origins.has(origin)) return origin;
  const normalized = normalizeWebOrigin(origin);
  return normalized !== undefined && policy.origins.has(normalized) ? origin : undefined;
}

/** Headers every answer to an allowed origin carries. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": EXPOSED,
    vary: "Origin",
  };
}

/** The answer to a preflight from an allowed origin. */
export function preflightHeaders(
  origin: string,
  requestedHeaders: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
    "access-control-max-age": "600",
    vary: "Origin, Access-Control-Request-Headers",
  };
  // SDKs in the browser send their own headers (x-stainless-*); echo what was asked for.
  const asked = requestedHeaders?.trim();
  headers["access-control-allow-headers"] =
    asked && TOKEN_LIST.test(asked) ? asked : "authorization, content-type";
  return headers;
}
