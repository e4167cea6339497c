/**
 * The `openai-completions` transport: one HTTP call over a shared keep-alive undici pool, the
 * SSE stream parsed as it arrives, every failure turned into a ProviderError. Cancelling (or a
 * timeout) destroys the upstream socket at once.
 */
import { Agent, type Dispatcher, request } from "undici";
import { buildChatRequest } from "./build-chat-request.js";
import { classifyProviderError, traceIdOf, transportFailure } from "./classify-error.js";
import { ProviderError } from "./errors.js";
import {
  eventsFromCompletion,
  parseChatStream,
  StreamErrorPayload,
  TruncatedStreamError,
} from "./parse-chat-stream.js";
import type { StreamEvent, Timeouts, Transport, TransportCall } from "./types.js";

export const DEFAULT_TIMEOUTS: Required<Timeouts> = {
  firstByteMs: 120_000,
  idleMs: 120_000,
  totalMs: 600_000,
};

export interface OpenAICompletionsTransportOptions {
  /** Connection pool; defaults to one shared keep-alive Agent for the process. */
  dispatcher?: Dispatcher;
  /** Defaults for calls that do not set their own. */
  timeouts?: Timeouts;
}

let sharedAgent: Agent | undefined;

/** The process-wide keep-alive pool used when no dispatcher is given. */
export function sharedDispatcher(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
  });
  return sharedAgent;
}

const MAX_ERROR_BODY = 64 * 1024;

async function readErrorBody(body: Dispatcher.ResponseData["body"]): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    if (text.length < MAX_ERROR_BODY) text += decoder.decode(chunk as Uint8Array, { stream: true });
  }
  return text + decoder.decode();
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createOpenAICompletionsTransport(
  options: OpenAICompletionsTransportOptions = {},
): Transport {
  const defaults = { ...DEFAULT_TIMEOUTS, ...options.timeouts };

  async function* stream(call: TransportCall): AsyncGenerator<StreamEvent> {
    const { model } = call;
    const built = buildChatRequest(model, call.request, call.apiKey, { stream: call.stream });
    const timeouts = { ...defaults, ...call.timeouts };
    // A non-streamed answer sends its headers only when the whole completion is ready.
    if (!call.stream && call.timeouts?.firstByteMs === undefined) {
      timeouts.firstByteMs = Math.max(timeouts.firstByteMs, timeouts.totalMs);
    }
    const dispatcher = options.dispatcher ?? sharedDispatcher();
    const failure = (
      errorClass: "network" | "timeout" | "cancelled",
      detail: string,
      traceId: string | undefined,
      cause?: unknown,
    ): ProviderError =>
      transportFailure({
        errorClass,
        detail,
        model,
        traceId,
        cause,
        ...(call.apiKey ? { apiKey: call.apiKey } : {}),
      });

    if (call.signal?.aborted) throw failure("cancelled", "cancelled before the request", undefined);

    const controller = new AbortController();
    let stopReason: "cancelled" | "total" | undefined;
    const onAbort = (): void => {
      stopReason ??= "cancelled";
      controller.abort();
    };
    call.signal?.addEventListener("abort", onAbort, { once: true });
    const totalTimer =
      timeouts.totalMs > 0
        ? setTimeout(() => {
            stopReason ??= "total";
            controller.abort();
          }, timeouts.totalMs)
        : undefined;

    let traceId: string | undefined;
    let body: Dispatcher.ResponseData["body"] | undefined;
    let events = 0;
    let completed = false;

    /** Whatever stopped the call, as a ProviderError. */
    const explain = (error: unknown, phase: "request" | "body"): ProviderError => {
      if (error instanceof ProviderError) return error;
      if (stopReason === "cancelled")
        return failure("cancelled", "cancelled by the caller", traceId, error);
      if (stopReason === "total") {
        return failure(
          "timeout",
          `no complete answer within ${timeouts.totalMs} ms (total timeout)`,
          traceId,
          error,
        );
      }
      if (error instanceof StreamErrorPayload) {
        return classifyProviderError({
          status: undefined,
          body: error.body,
          model,
          ...(traceId ? { headers: { "x-trace-id": traceId } } : {}),
          ...(call.apiKey ? { apiKey: call.apiKey } : {}),
        });
      }
      if (error instanceof TruncatedStreamError) {
        return failure("network", `the stream ended early (${error.message})`, traceId, error);
      }
      const code = errorCode(error);
      if (code === "UND_ERR_HEADERS_TIMEOUT") {
        return failure(
          "timeout",
          `no response within ${timeouts.firstByteMs} ms (first-byte timeout)`,
          traceId,
          error,
        );
      }
      if (code === "UND_ERR_BODY_TIMEOUT") {
        return failure(
          "timeout",
          `no data for ${timeouts.idleMs} ms in the middle of the answer (idle timeout)`,
          traceId,
          error,
        );
      }
      if (code === "UND_ERR_CONNECT_TIMEOUT") {
        return failure("timeout", `could not connect within the connect timeout`, traceId, error);
      }
      const where =
        phase === "request" ? "before the response" : `after ${events} events of the answer`;
      return failure(
        "network",
        `connection failed ${where}: ${code ?? errorText(error)}`,
        traceId,
        error,
      );
    };

    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(built.url, {
          method: "POST",
          headers: built.headers,
          body: JSON.stringify(built.body),
          dispatcher,
          signal: controller.signal,
          headersTimeout: Math.max(timeouts.firstByteMs, 0),
          bodyTimeout: Math.max(timeouts.idleMs, 0),
        });
      } catch (error) {
        throw explain(error, "request");
      }
      body = response.body;
      traceId = traceIdOf(response.headers);
      if (response.statusCode >= 400) {
        let text = "";
        try {
          text = await readErrorBody(response.body);
        } catch (error) {
          throw explain(error, "body");
        }
        // The body was read to the end: the connection may go back to the pool.
        completed = true;
        throw classifyProviderError({
          status: response.statusCode,
          body: text,
          headers: response.headers,
          model,
          ...(call.apiKey ? { apiKey: call.apiKey } : {}),
        });
      }

      yield { type: "start", model: model.id, traceId };

      if (!call.stream) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await readErrorBody(response.body));
        } catch (error) {
          if (stopReason || errorCode(error)) throw explain(error, "body");
          throw classifyProviderError({
            status: 502,
            body: { error: { type: "server_error", message: "the response is not valid JSON" } },
            headers: response.headers,
            model,
          });
        }
        let completion: StreamEvent[];
        try {
          completion = eventsFromCompletion(parsed, traceId);
        } catch (error) {
          throw explain(error, "body");
        }
        completed = true;
        for (const event of completion) yield event;
        return;
      }

      const parsedEvents = parseChatStream(response.body, { traceId });
      while (true) {
        let next: IteratorResult<StreamEvent>;
        try {
          next = await parsedEvents.next();
        } catch (error) {
          throw explain(error, "body");
        }
        if (next.done) break;
        events += 1;
        if (next.value.type === "done") completed = true;
        yield next.value;
      }
    } finally {
      if (totalTimer) clearTimeout(totalTimer);
      call.signal?.removeEventListener("abort", onAbort);
      if (!completed) {
        // Stopped early (error, cancel, or the consumer walked away): close the upstream socket now.
        controller.abort();
        body?.destroy();
      }
    }
  }

  return { api: "openai-completions", stream };
}

let defaultTransport: Transport | undefined;

/** The shared transport on the shared pool. */
export function openAICompletionsTransport(): Transport {
  defaultTransport ??= createOpenAICompletionsTransport();
  return defaultTransport;
}
