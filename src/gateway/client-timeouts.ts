/**
 * What a client that sends its request too slowly gets. Node answers such a client with a bare
 * `408` and no body, and the request being served sees only a closed socket, which the ledger
 * would call the client's disconnect. Here the 408 is an OpenAI-format error naming the setting
 * and its value, and the socket is remembered as timed out so that the request's row says
 * `client_timeout`. Headers too large (431: a browser's cookies for localhost reach Node's 16 KiB
 * sooner than one would think) and a request Node cannot parse (400) get an OpenAI-format error
 * too, so that an SDK shows what is wrong instead of "431 status code (no body)"; when that
 * request was already being served (a chunked body whose framing broke), its row says 400 too;
 * a chunked body whose chunk extensions are too large gets a 413 in that format, its row too.
 * A broken or late request pipelined behind one still being answered gets its 400 or 408 after
 * that answer, so that the client does not read it as the answer to the request before it.
 */
import { maxHeaderSize, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { GatewayHttpError } from "./http-error.js";
import { setAnswerRequestId } from "./http-send.js";
import { messagesErrorBody } from "./messages-format.js";
import { nextRequestId, routeRequestId } from "./request-record.js";

export interface TimeoutLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/** /v1/messages and /v1/messages/count_tokens, with or without a query (Claude Code's ?beta=true). */
const ANTHROPIC_ROUTE = /^\/v1\/messages(?:\/count_tokens)?\/?(?:\?|$)/;

/** A chunked body whose chunk extensions pass Node's 16 KiB: the client's 413 and its row's. */
const CHUNK_EXTENSIONS_TOO_LARGE = new GatewayHttpError(
  413,
  "invalid_request_error",
  "the request body's chunk extensions (the ;name=value after a chunk's size) are larger than the 16 KiB Node reads: send the body without chunk extensions, or with a Content-Length instead of Transfer-Encoding: chunked",
  { code: "request_too_large", errorClass: "bad_request" },
);

export interface ClientTimeouts {
  /**
   * What the request being served on `socket` was answered here: the 408 of a socket that timed
   * out, the 400 of a body Node could not parse (a chunk size that is not hex), or the 413 of
   * chunk extensions too large.
   */
  answered(socket: Socket): GatewayHttpError | undefined;
}

function timeoutError(bodyPhase: boolean, limits: TimeoutLimits): GatewayHttpError {
  const message = bodyPhase
    ? `the request body did not arrive in time: the whole request must arrive within ${limits.requestTimeoutMs} ms (gateway.limits.requestTimeoutMs)`
    : `the request headers did not arrive in time: they must arrive within ${limits.headersTimeoutMs} ms (gateway.limits.headersTimeoutMs)`;
  return new GatewayHttpError(408, "invalid_request_error", message, {
    code: "request_timeout",
    errorClass: "client_timeout",
  });
}

const HEADERS_TOO_LARGE = new GatewayHttpError(
  431,
  "invalid_request_error",
  `the request headers are larger than ${maxHeaderSize} bytes, the most this gateway reads: send fewer or smaller headers (a browser may be sending many cookies for this host; Node's limit is raised with NODE_OPTIONS=--max-http-header-size=<bytes>)`,
  { code: "request_headers_too_large" },
);

/** A request Node's parser refused, in its words (`Invalid header token`). */
function notHttp(error: NodeJS.ErrnoException & { reason?: unknown }): GatewayHttpError {
  const reason = typeof error.reason === "string" ? error.reason : (error.code ?? "parse error");
  return new GatewayHttpError(
    400,
    "invalid_request_error",
    `the request is not valid HTTP/1.1 (${reason}); check what the client sends, or the proxy in front of this gateway`,
    { code: "invalid_http_request", errorClass: "bad_request" },
  );
}

/**
 * A whole response for the raw socket: status line, JSON body, and the connection closed. A
 * request on Anthropic's routes (its path is known once its headers are read) gets Anthropic's
 * error format there, as every other answer on those routes does.
 */
function rawAnswer(statusLine: string, answer: GatewayHttpError, current?: ServerResponse): string {
  const path = current?.req.url;
  const body =
    path !== undefined && ANTHROPIC_ROUTE.test(path)
      ? messagesErrorBody(answer).body
      : answer.body();
  return `HTTP/1.1 ${statusLine}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}${requestIdLines(current)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * The request id of a raw answer, as every other answer has one: a request no route took yet
 * gets its own; one a route was serving keeps the id it set. A chat request sets none before its
 * head (its row's id goes with the head, so a served request's head stays on Node's fast path):
 * its raw answer gets a chat id, left on the answer for the row to take (rawAnswerRequestId), so
 * the client's error and `openclaw usage --errors` name the same request.
 */
function requestIdLines(current: ServerResponse | undefined): string {
  let id: string;
  if (current === undefined) id = routeRequestId();
  else {
    const set = current.getHeader("x-request-id");
    if (typeof set === "string") id = set;
    else {
      id = nextRequestId();
      setAnswerRequestId(current, id);
    }
  }
  return `\r\nX-Request-Id: ${id}\r\nRequest-Id: ${id}`;
}

/** The id a raw 400, 408 or 413 gave the chat request answered on `res` (requestIdLines). */
export function rawAnswerRequestId(res: ServerResponse): string | undefined {
  const id = res.getHeader("x-request-id");
  return typeof id === "string" ? id : undefined;
}

/** The answer node:http is sending on `socket` now (it keeps it there), if any. */
function answerOnSocket(socket: Socket): ServerResponse | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

/** Answers timeouts and malformed requests on `server` (its `clientError` event). */
export function answerClientErrors(server: Server, limits: TimeoutLimits): ClientTimeouts {
  const answered = new WeakMap<Socket, GatewayHttpError>();
  /** Connections whose broken request is answered once the answers before it are sent. */
  const inTurn = new WeakSet<Socket>();

  /** The raw answer to the request Node could not read, what its row says, and the close. */
  const answerParseError = (error: NodeJS.ErrnoException, socket: Socket): void => {
    // The connection ended before the request was whole: the client went away mid-body (an
    // aborted upload), nothing it sent was malformed. Its row says so (499 client_disconnect),
    // not a 400 "not valid HTTP/1.1" no one reads.
    if (error.code === "HPE_INVALID_EOF_STATE") {
      socket.destroy(error);
      return;
    }
    const current = answerOnSocket(socket);
    // An answer that has begun cannot be followed by another: the connection is just cut.
    if (socket.writable && !current?.headersSent && error.code !== "ECONNRESET") {
      if (error.code === "HPE_HEADER_OVERFLOW") {
        socket.write(rawAnswer("431 Request Header Fields Too Large", HEADERS_TOO_LARGE));
      } else if (error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") {
        answered.set(socket, CHUNK_EXTENSIONS_TOO_LARGE);
        socket.write(rawAnswer("413 Payload Too Large", CHUNK_EXTENSIONS_TOO_LARGE, current));
      } else {
        const answer = notHttp(error);
        // A request already being served (its body broke): its row says 400, not a disconnect.
        answered.set(socket, answer);
        socket.write(rawAnswer("400 Bad Request", answer, current));
      }
    }
    socket.destroy(error);
  };

  /** The 408 of a request that did not arrive in time (its body's, once its headers came). */
  const answerTimeout = (error: NodeJS.ErrnoException, socket: Socket): void => {
    const current = answerOnSocket(socket);
    const answer = timeoutError(current !== undefined, limits);
    answered.set(socket, answer);
    if (socket.writable && !current?.headersSent)
      socket.write(rawAnswer("408 Request Timeout", answer, current));
    socket.destroy(error);
  };

  /**
   * Answers a request Node gave up on in its turn: requests pipelined before it, read whole,
   * whose answers are still being sent, get those answers first (written now, the raw answer
   * would be taken for theirs, and cutting the connection would throw them away).
   */
  const answerInTurn = (socket: Socket, answerNow: () => void): void => {
    const before = answerOnSocket(socket);
    if (before?.req.complete && !before.writableFinished) {
      inTurn.add(socket);
      // node:http hands the socket to the next answer on "finish" before this listener runs.
      before.once("finish", () => answerInTurn(socket, answerNow));
      return;
    }
    answerNow();
  };

  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    // Node reports the same request again (more broken bytes, the timeout check): it is answered
    // once the answers before it are sent.
    if (inTurn.has(socket)) return;
    answerInTurn(socket, () =>
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? answerTimeout(error, socket)
        : answerParseError(error, socket),
    );
  });
  return { answered: (socket) => answered.get(socket) };
}
