/**
 * One streamed answer's output. SSE text is gathered and written once per turn of the event loop
 * (many small deltas, one syscall); the headers go out with the first text. When the socket's
 * buffer fills, `drained` lets the relay pause the upstream until the client has read.
 */
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { CancelSignal } from "../util/cancellation.js";
import { clientGone, GatewayHttpError } from "./http-error.js";

export interface SseOutput {
  push(text: string): void;
  /** Resolves once the client has read what was written (undefined when nothing waits). */
  drained(signal: CancelSignal): Promise<void> | undefined;
  /**
   * Sends the headers and the opening now, before any token (the time to first token is not
   * noted): for an API whose clients expect the answer to begin once the upstream accepted it.
   */
  open(): void;
  /** Writes what is gathered now: before an in-band error, which follows it. */
  flushNow(): void;
  /** Ends the response with what is gathered and `tail`. */
  end(tail: string): void;
}

/** What the output reads and notes of its request: the time to first token. */
export interface SseRecord {
  started: number;
  ttftMs: number | undefined;
}

export function createSseOutput(options: {
  res: ServerResponse;
  record: SseRecord;
  /** Written first, with the headers (the chat role chunk, the Responses `created` events). */
  opening: () => string;
  headers: () => Record<string, string | number>;
  /** How long a client may leave the socket's buffer full before it counts as too slow. */
  writeStallMs: number;
}): SseOutput {
  const { res, record } = options;
  let pending = "";
  let flushScheduled = false;
  let blocked = false;
  const flush = () => {
    flushScheduled = false;
    if (pending === "" || res.writableEnded || res.destroyed) return;
    const chunk = pending;
    pending = "";
    if (!res.write(chunk)) blocked = true;
  };
  const write = (text: string): void => {
    if (!res.headersSent) {
      res.writeHead(200, options.headers());
      pending += options.opening();
    }
    pending += text;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };
  const push = (text: string): void => {
    if (record.ttftMs === undefined) record.ttftMs = performance.now() - record.started;
    write(text);
  };
  return {
    push,
    drained(signal) {
      if (!blocked) return undefined;
      blocked = false;
      return waitForDrain(res, options.writeStallMs, signal);
    },
    open() {
      if (!res.headersSent && !res.writableEnded && !res.destroyed) write("");
    },
    flushNow() {
      if (pending !== "" && res.headersSent && !res.writableEnded && !res.destroyed)
        res.write(pending);
      pending = "";
    },
    end(tail) {
      if (!res.headersSent) push("");
      const last = pending + tail;
      pending = "";
      res.end(last);
    },
  };
}

/**
 * Waits for a full socket buffer to empty: rejects as a slow client after `stallMs`, and as gone
 * when the client disconnects or the request is cancelled.
 */
function waitForDrain(res: ServerResponse, stallMs: number, signal: CancelSignal): Promise<void> {
  // The buffer may have drained already, between the write that filled it and this check.
  if (!res.writableNeedDrain) return Promise.resolve();
  // Already cancelled: the abort that would end the wait has fired, and a listener added now would
  // wait for the client or the stall limit instead. (A response already closed needs no drain.)
  if (signal.aborted) return Promise.reject(clientGone());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      // The caller destroys the response: rejecting first keeps the cause (slow, not gone).
      reject(
        new GatewayHttpError(408, "timeout_error", "client read too slowly", {
          errorClass: "slow_client",
        }),
      );
    }, stallMs);
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onGone = () => {
      cleanup();
      reject(clientGone());
    };
    const cleanup = () => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onGone);
      signal.removeEventListener("abort", onGone);
    };
    res.on("drain", onDrain);
    res.on("close", onGone);
    signal.addEventListener("abort", onGone);
  });
}
