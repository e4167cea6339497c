/** Writing whole answers and errors on a node:http response, with the headers clients expect. */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { extendableCopy } from "../util/extendable-copy.js";
import type { GatewayHttpError } from "./http-error.js";
import { closeAfterAnswer, lingerWhenClosing } from "./lingering-close.js";
import { routeRequestId } from "./request-record.js";

export const JSON_HEADERS = { "content-type": "application/json" } as const;
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

/**
 * The request's id under both names clients read it by: `x-request-id` (OpenAI's SDKs, proxies)
 * and `request-id`, Anthropic's, which its SDKs hand over as a response's `_request_id` and an
 * error's `requestID`, the id to look up in the ledger.
 */
function setRequestId(headers: Record<string, string | number>, requestId: string): void {
  headers["x-request-id"] = requestId;
  headers["request-id"] = requestId;
}

/**
 * Puts `requestId` on `res` under both names before its head is written, which keeps it. Not on
 * a served chat request's answer: its id goes in its head's own headers (a header set before
 * `writeHead` takes Node off its fast path); a raw 400 or 408 sets one there for its row to take.
 */
export function setAnswerRequestId(res: ServerResponse, requestId: string): void {
  res.setHeader("x-request-id", requestId);
  res.setHeader("request-id", requestId);
}

/**
 * Gives an answer outside a chat request (whose record has its id) an id of its own under both
 * names, as every answer of OpenAI's and Anthropic's APIs has one: set before the answer's head,
 * which keeps it. Returns the id, for the log.
 */
export function setRouteRequestId(res: ServerResponse): string {
  const requestId = routeRequestId();
  setAnswerRequestId(res, requestId);
  return requestId;
}

/** A successful answer's headers: its content type, and which request and model it was. */
export function responseHeaders(
  base: Readonly<Record<string, string>>,
  requestId: string,
  model: string,
  traceId: string | undefined,
): Record<string, string | number> {
  const headers: Record<string, string | number> = extendableCopy(base);
  setRequestId(headers, requestId);
  headers["x-openclaw-model"] = model;
  if (traceId) headers["x-trace-id"] = traceId;
  return headers;
}

/**
 * Reason phrases for the statuses the gateway sends that node:http does not know: without one it
 * writes `HTTP/1.1 529 unknown`, which proxies and curl -i show as is. 529 is Anthropic's overload.
 */
const NONSTANDARD_REASONS: Readonly<Record<number, string>> = { 529: "Overloaded" };

/** The reason phrase of a status line: the standard one, ours, else the status class's. */
export function reasonPhrase(status: number): string {
  return (
    STATUS_CODES[status] ??
    NONSTANDARD_REASONS[status] ??
    (status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Status")
  );
}

/** An error's status and body in one API's format (Anthropic's for `/v1/messages`). */
export type ErrorRenderer = (error: GatewayHttpError) => { status: number; body: string };

const openAiError: ErrorRenderer = (error) => ({
  status: error.status === 499 ? 400 : error.status,
  body: error.body(),
});

/**
 * Whether the request has a body not read through yet: it is refused before it was read (a 401,
 * a 415 for its encoding). Kept open, the connection waited for the rest of that body, which is
 * never read, until gateway.limits.requestTimeoutMs: a client without the token held it for 60 s
 * with one request, where a connection that sends nothing is cut after the headers' 10 s.
 */
function bodyStillToCome(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * An error in OpenAI's format (or `render`'s), unless the answer has begun already. Without a
 * chat request's id, and none set on `res` yet, it gets an id of its own.
 */
export function sendError(
  res: ServerResponse,
  error: GatewayHttpError,
  requestId?: string,
  render: ErrorRenderer = openAiError,
): void {
  if (res.headersSent) return;
  const { status, body } = render(error);
  const headers: Record<string, string | number> = {
    "content-type": JSON_HEADERS["content-type"],
    "content-length": Buffer.byteLength(body),
  };
  if (requestId) setRequestId(headers, requestId);
  else if (!res.hasHeader("x-request-id")) setRequestId(headers, routeRequestId());
  if (error.retryAfterSec !== undefined) headers["retry-after"] = error.retryAfterSec;
  if (error.retryable === false) headers["x-should-retry"] = "false";
  if (error.traceId) headers["x-trace-id"] = error.traceId;
  if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="openclaw-gateway"';
  if (error.status === 413 || bodyStillToCome(res.req)) {
    closeAfterAnswer(res);
    // The client may still be sending the body: close without resetting the answer away. (A
    // pipelined answer has no socket of its own until those before it are sent: its request's.)
    lingerWhenClosing(res.req.socket);
  }
  res.writeHead(status, reasonPhrase(status), headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, reasonPhrase(status), {
    "content-type": JSON_HEADERS["content-type"],
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
