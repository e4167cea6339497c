/**
 * What keeps web pages off a gateway that runs without a token (`gateway.auth.mode: "none"`,
 * loopback only). Withholding CORS headers is not enough there: a page may still *send* a
 * "simple" request (a `text/plain` POST needs no preflight) and spend the provider keys without
 * reading the answer, and a page whose own host name is made to resolve to 127.0.0.1 (DNS
 * rebinding) is same-origin with the gateway and reads everything. So without a token a request
 * that carries an `Origin` not listed in `gateway.cors.origins`, or a `Host` that is not a
 * loopback name or address, is refused before anything runs. With a token neither matters: a
 * page has no token to send, and a browser never attaches one by itself. Pure.
 */
import { isLoopbackHost } from "../util/loopback.js";
import { printable } from "../util/printable.js";
import { normalizeWebOrigin } from "../util/web-origin.js";
import { allowedOrigin, type CorsPolicy } from "./cors.js";
import { GatewayHttpError } from "./http-error.js";

/**
 * A Host header's name: `localhost:18789` → `localhost`, `[::1]:18789` → `[::1]`. Undefined for
 * anything but a name or IPv4 address, or a bracketed IPv6 address, each with an optional port of
 * digits: read up to the first colon only, `127.0.0.1:1@evil.example` would pass as loopback.
 */
function hostName(host: string): string | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]+)?$/.exec(host.trim());
  return match?.[1];
}

/**
 * The refusal a request gets from a gateway without a token, if any: a `Host` that is not this
 * machine's loopback name (DNS rebinding), or a page's `Origin` that is not listed. Requests
 * without `Origin` (every client but a browser) and without `Host` (HTTP/1.0) pass.
 */
export function refuseWithoutToken(
  host: string | undefined,
  origin: string | undefined,
  cors: CorsPolicy | undefined,
): GatewayHttpError | undefined {
  const name = host === undefined ? undefined : hostName(host);
  if (host !== undefined && (name === undefined || !isLoopbackHost(name))) {
    return new GatewayHttpError(
      403,
      "permission_error",
      `the request is addressed to host ${JSON.stringify(printable(host))}, but this gateway runs without a token and answers only requests addressed to localhost, 127.0.0.1 or [::1] (any other name could be a web page's own, pointed at this machine by its DNS). Use http://127.0.0.1:<port> or http://localhost:<port> as the base URL, or set gateway.auth.mode to "token"`,
      { code: "host_not_allowed", errorClass: "forbidden" },
    );
  }
  if (origin !== undefined && allowedOrigin(cors, origin) === undefined) {
    const shown = JSON.stringify(printable(origin));
    const listable = normalizeWebOrigin(origin);
    const remedy =
      listable === undefined
        ? `Origin ${shown} is not an http(s) web page (a browser extension, a sandboxed frame or a file: page sends such an origin), and that kind of origin cannot be listed in gateway.cors.origins: set gateway.auth.mode to "token", leave gateway.cors.origins unset (with a token every origin may call), and have the client send the token`
        : `To allow this page, add ${JSON.stringify(printable(listable))} to gateway.cors.origins; or set gateway.auth.mode to "token" and give the page the token`;
    return new GatewayHttpError(
      403,
      "permission_error",
      `requests from web pages at origin ${shown} are refused: this gateway runs without a token, and without one only the origins listed in gateway.cors.origins may call. ${remedy}`,
      { code: "origin_not_allowed", errorClass: "forbidden" },
    );
  }
  return undefined;
}
