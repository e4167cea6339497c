/**
 * Answering a request with an error outside a chat request's record: the error as its client
 * reads it (a host's paths cut out), counted by class, the 405 of a route, the error format of a
 * chat API, and the full story of an internal error for the log.
 */
import type { ServerResponse } from "node:http";
import { isOpenClawError } from "../errors.js";
import { printable } from "../util/printable.js";
import { GatewayHttpError } from "./http-error.js";
import { type ErrorRenderer, sendError } from "./http-send.js";
import type { ChatApi } from "./ledger.js";
import { messagesErrorBody } from "./messages-format.js";
import type { GatewayMetrics } from "./metrics.js";
import { isCancelledRequest } from "./usage-cancelled.js";

/** What answering an error needs; one per server. */
export interface ErrorAnswering {
  readonly metrics: GatewayMetrics;
  readonly log: (line: string) => void;
  /** An error's message as its client reads it (GatewayServerOptions.clientText). */
  readonly clientText: ((message: string) => string) | undefined;
}

/**
 * `error` as its client gets it: the log and the metrics keep the message it was made with. A
 * client beyond loopback (there is a clientText) reads the error's words for the network when it
 * has them, else its message, either with the host's paths cut (the network's words may carry an
 * upstream's hint that names a config file).
 */
export function forClient(answering: ErrorAnswering, error: GatewayHttpError): GatewayHttpError {
  const clientText = answering.clientText;
  if (clientText === undefined) return error;
  return error.withMessage(clientText(error.networkMessage ?? error.message));
}

/** Anthropic's error format on its route, OpenAI's elsewhere. */
export function errorFormat(dialect: ChatApi): ErrorRenderer | undefined {
  return dialect === "messages" ? messagesErrorBody : undefined;
}

/**
 * A failure the client gets only as a 500 is told in full here: the message and where it was
 * thrown, so that it can be found and fixed. The log is redacted of keys and tokens (start.ts).
 */
export function logInternal(answering: ErrorAnswering, request: string, error: unknown): void {
  const text =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const lines = text.split("\n").map((line) => printable(line.trim()));
  answering.log(`gateway: internal error in ${printable(request)}: ${lines.join("\n    ")}`);
}

/**
 * What failed in the code of the program that started the gateway (its `resolveKey` threw): the
 * callback, its message and what to do, in one line and a hint, without a stack of the gateway's.
 */
export function logCallerCode(answering: ErrorAnswering, request: string, error: unknown): void {
  const said = error instanceof Error ? error.message : String(error);
  const hint = isOpenClawError(error) && error.hint ? `\n  hint: ${printable(error.hint)}` : "";
  answering.log(`gateway: ${printable(request)} failed: ${printable(said)}${hint}`);
}

/**
 * An error answered outside a chat request's record (a chat's is counted when its record is),
 * counted in openclaw_gateway_errors_total by class (or, for a client gone, in
 * requests_cancelled_total). Returns the status requests_total counts it under: the one sent,
 * or 499 for a client gone, whose answer (written as a 400, an HTTP status) reached no one.
 */
export function sendCountedError(
  answering: ErrorAnswering,
  res: ServerResponse,
  error: GatewayHttpError,
  render?: ErrorRenderer,
): string {
  sendError(res, forClient(answering, error), undefined, render);
  answering.metrics.failed(error.status, error.errorClass);
  return String(isCancelledRequest(error.status, error.errorClass) ? 499 : res.statusCode);
}

/**
 * The 405 of a route asked with a method it does not take (or, for OPTIONS, the methods it does);
 * `advice`, when the method asks for an API of its own at that path, is said after "use …".
 */
export function methodNotAllowed(
  answering: ErrorAnswering,
  res: ServerResponse,
  allow: string,
  render?: ErrorRenderer,
  advice?: string,
): void {
  // Every method the route takes, OPTIONS included, as the 204 to OPTIONS lists them: a 405's
  // Allow is the route's whole list (RFC 9110), the message names the ones to use.
  const methods = `${allow}, OPTIONS`;
  if (res.req.method === "OPTIONS") {
    // Not a browser's preflight (that has an Origin): the methods this route takes.
    res.writeHead(204, { allow: methods });
    res.end();
    return;
  }
  res.setHeader("allow", methods);
  // The request is named: a client's error (an SDK's "405 …") does not say which call it was.
  const url = res.req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  sendCountedError(
    answering,
    res,
    new GatewayHttpError(
      405,
      "invalid_request_error",
      `method ${res.req.method ?? "?"} is not allowed on ${path}; use ${allow}${advice === undefined ? "" : `. ${advice}`}`,
      { code: "method_not_allowed", errorClass: "bad_request" },
    ),
    render,
  );
}
