/**
 * What a client that sends its request too slowly gets. Node answers such a client with a bare
 * `408` and no body, and the request being served sees only a closed socket, which the ledger
 * would call the client's disconnect. Here the 408 is an OpenAI-format error naming the setting
 * and its value, and the socket is remembered as timed out so that the request's row says
 * `client_timeout`. Other malformed-request errors get what node would send.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { GatewayHttpError } from "./http-error.js";

export interface TimeoutLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

const BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
const HEADERS_TOO_LARGE =
  "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n";
const CHUNK_EXTENSIONS_TOO_LARGE = "HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n";

export interface ClientTimeouts {
  /** The 408 a request on `socket` got, if the socket timed out. */
  timedOut(socket: Socket): GatewayHttpError | undefined;
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

/** Answers timeouts and malformed requests on `server` (its `clientError` event). */
export function answerClientErrors(server: Server, limits: TimeoutLimits): ClientTimeouts {
  const timedOut = new WeakMap<Socket, GatewayHttpError>();
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    const mayAnswer = socket.writable && !inFlight?.headersSent;
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      const answer = timeoutError(inFlight !== undefined, limits);
      timedOut.set(socket, answer);
      if (mayAnswer) {
        const body = answer.body();
        socket.write(
          `HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    } else if (mayAnswer && error.code !== "ECONNRESET") {
      socket.write(
        error.code === "HPE_HEADER_OVERFLOW"
          ? HEADERS_TOO_LARGE
          : error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
            ? CHUNK_EXTENSIONS_TOO_LARGE
            : BAD_REQUEST,
      );
    }
    socket.destroy(error);
  });
  return { timedOut: (socket) => timedOut.get(socket) };
}
