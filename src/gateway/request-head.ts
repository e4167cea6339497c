/**
 * Checks and rewrites of a request's head before it is routed: the absolute-form target a proxy
 * or a raw client may send (`GET http://127.0.0.1:18789/v1/models HTTP/1.1`, RFC 9112 §3.2.2),
 * an `Authorization` header sent more than once to a gateway with a token, which node would
 * quietly reduce to its first copy, and likewise a second `Host` header, or none at all. Pure
 * apart from rewriting the request object it is given.
 */
import type { IncomingMessage } from "node:http";
import { badRequest, type GatewayHttpError } from "./http-error.js";

/**
 * Turns an absolute-form target into the origin form the routes expect, and takes the host from
 * it, as RFC 9112 says a server must (the `Host` header is then ignored).
 */
export function useOriginForm(req: IncomingMessage): void {
  const target = req.url;
  if (target === undefined || target.startsWith("/") || !/^https?:\/\//i.test(target)) return;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return;
  }
  req.url = `${url.pathname}${url.search}`;
  req.headers.host = url.host;
}

/**
 * A 400 for a request carrying more than one `Authorization` header, on a gateway with a token
 * (`tokenAuth`). Without one the header is not read, so any number
 * of them passes.
 */
export function duplicateAuthorization(
  req: IncomingMessage,
  tokenAuth: boolean,
): GatewayHttpError | undefined {
  if (!tokenAuth) return undefined;
  // The raw name/value list, not `headersDistinct`, which builds an object of every header.
  const raw = req.rawHeaders;
  let copies = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === "authorization") copies++;
  }
  if (copies < 2) return undefined;
  return badRequest(
    `the request carries ${copies} Authorization headers: send exactly one (Authorization: Bearer <gateway token>)`,
    null,
    "duplicate_authorization",
  );
}

/**
 * A 400 for a request carrying more than one `Host` header, which RFC 9112 §3.2 says a server
 * must refuse (node keeps the first and drops the rest, so the two could name different hosts to
 * the gateway and a proxy in front of it). On every request, so kept cheap: the names are compared
 * by length first, and only a 4-character one is lower-cased; none is when there is one header.
 */
export function duplicateHost(req: IncomingMessage): GatewayHttpError | undefined {
  const raw = req.rawHeaders;
  if (raw.length < 4) return undefined;
  let copies = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4 && name.toLowerCase() === "host") copies++;
  }
  if (copies < 2) return undefined;
  return badRequest(
    `the request carries ${copies} Host headers: send exactly one (RFC 9112, section 3.2)`,
    null,
    "duplicate_host",
  );
}

/**
 * A 400 for an HTTP/1.1 request without a `Host` header, which RFC 9112 §3.2 says a server must
 * refuse. Node would answer it itself with an empty body; this one says what is missing, in the
 * route's error format. HTTP/1.0 requests need none. Only called when `host` is absent.
 */
export function missingHost(req: IncomingMessage): GatewayHttpError | undefined {
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) return undefined;
  return badRequest(
    "the request has no Host header, which every HTTP/1.1 request must carry (RFC 9112, section 3.2): send Host: <host>:<port> of this gateway, as HTTP clients do by themselves",
    null,
    "missing_host",
  );
}
