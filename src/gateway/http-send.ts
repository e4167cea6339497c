/** Writing whole answers and errors on a node:http response, with the headers clients expect. */
import { type ServerResponse, STATUS_CODES } from "node:http";
import { extendableCopy } from "../util/extendable-copy.js";
import type { GatewayHttpError } from "./http-error.js";
import { closeAfterAnswer, lingerWhenClosing } from "./lingering-close.js";

export const JSON_HEADERS = { "content-type": "application/json" } as const;
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

/** A successful answer's headers: its content type, and which request and model it was. */
export function responseHeaders(
  base: Readonly<Record<string, string>>,
  requestId: string,
  model: string,
  traceId: string | undefined,
): Record<string, string | number> {
  const headers: Record<string, string | number> = extendableCopy(base);
  headers["x-request-id"] = requestId;
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

/** An error in OpenAI's format (or `render`'s), unless the answer has begun already. */
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
  if (requestId) headers["x-request-id"] = requestId;
  if (error.retryAfterSec !== undefined) headers["retry-after"] = error.retryAfterSec;
  if (error.retryable === false) headers["x-should-retry"] = "false";
  if (error.traceId) headers["x-trace-id"] = error.traceId;
  if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="openclaw-gateway"';
  if (error.status === 413) {
    closeAfterAnswer(res);
    // The client may still be sending the body: close without resetting the 413 away. (A
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
