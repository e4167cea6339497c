/**
 * Checks and rewrites of a request's head before it is routed: the absolute-form target a proxy
 * or a raw client may send (`GET http://127.0.0.1:18789/v1/models HTTP/1.1`, RFC 9112 §3.2.2),
 * and an `Authorization` header sent more than once to a gateway with a token, which node would
 * quietly reduce to its first copy. Pure apart from rewriting the request object it is given.
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
