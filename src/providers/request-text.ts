/**
 * One small request whose whole answer is read as text: the key check's `GET /models`, the
 * token-count call. It goes through the same pool as chat calls, so it takes the same proxy,
 * certificates and keep-alive connections.
 */
import type { CancelSignal } from "../util/cancellation.js";
import { type UpstreamDispatcher, UpstreamHttpError } from "./http1-pool.js";

export interface TextRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** Time allowed for the answer to start, and then between two pieces of it. */
  timeoutMs: number;
  signal?: CancelSignal;
  /** Answers longer than this fail instead of filling memory. Default 4 MiB. */
  maxBytes?: number;
}

export interface TextResponse {
  status: number;
  text: string;
  /** The response's headers, names in lower case (a repeated one keeps its last value). */
  headers?: Record<string, string>;
}

/** Rejects with the transport's error (with its `code`) or the signal's reason. */
export function requestText(
  dispatcher: UpstreamDispatcher,
  request: TextRequest,
): Promise<TextResponse> {
  const url = new URL(request.url);
  const maxBytes = request.maxBytes ?? 4 * 1024 * 1024;
  return new Promise<TextResponse>((resolve, reject) => {
    const signal = request.signal;
    let status = 0;
    let headers: Record<string, string> = {};
    let size = 0;
    let settled = false;
    let abortRequest: ((error?: Error) => void) | undefined;
    const chunks: Buffer[] = [];
    const onAbort = () => {
      const reason = signal?.reason;
      abortRequest?.(reason instanceof Error ? reason : new Error("aborted"));
      finish(reason instanceof Error ? reason : new Error("aborted"));
    };
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve({ status, text: Buffer.concat(chunks, size).toString("utf8"), headers });
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener("abort", onAbort);
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      },
      {
        onConnect(abort) {
          abortRequest = abort;
        },
        onHeaders(statusCode, rawHeaders) {
          if (statusCode < 200) return true; // 1xx: the real answer follows
          status = statusCode;
          headers = {};
          for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
            headers[String(rawHeaders[i]).toLowerCase()] = String(rawHeaders[i + 1]);
          }
          return true;
        },
        onData(chunk) {
          size += chunk.length;
          if (size > maxBytes) {
            const tooLong = new UpstreamHttpError(
              "BAD_RESPONSE",
              `the answer is longer than ${maxBytes} bytes`,
            );
            abortRequest?.(tooLong);
            finish(tooLong);
            return true;
          }
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          finish();
        },
        onError(error) {
          finish(error);
        },
      },
    );
  });
}
