/**
 * The `anthropic-messages` transport: Anthropic's Messages API as a client (Kimi Code's surface
 * at https://api.kimi.com/coding/, which Anthropic clients call at `{base}/v1/messages`). One
 * HTTP call over the shared keep-alive pool, the SSE stream read as it arrives, every failure a
 * ProviderError classified as the chat-completions transport classifies its own.
 */

import { isPromiseLike } from "../util/promise-like.js";
import { pushToPull } from "../util/push-to-pull.js";
import { AnthropicAnswer, AnthropicStreamReader, isAnthropicMessage } from "./anthropic-answer.js";
import { buildAnthropicRequest } from "./anthropic-request.js";
import { classifyProviderError } from "./classify-error.js";
import { ProviderError } from "./errors.js";
import { exchangeFailure } from "./exchange-failure.js";
import type { UpstreamDispatcher } from "./http1-pool.js";
import { DEFAULT_TIMEOUTS } from "./openai-completions.js";
import { StreamErrorPayload } from "./parse-chat-stream.js";
import { type HeaderBag, traceIdOf } from "./response-headers.js";
import { sharedDispatcher } from "./shared-pool.js";
import type { EventSink, StreamEvent, Timeouts, Transport, TransportCall } from "./types.js";
import { isWebPage } from "./web-page-answer.js";

const MAX_ERROR_BODY = 64 * 1024;

function headersOf(raw: ReadonlyArray<Buffer | string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
  }
  return out;
}

function timeoutsOf(call: TransportCall): Required<Timeouts> {
  const out = { ...DEFAULT_TIMEOUTS };
  const over = call.timeouts;
  if (over?.firstByteMs !== undefined) out.firstByteMs = over.firstByteMs;
  else if (!call.stream) out.firstByteMs = Math.max(out.firstByteMs, out.totalMs);
  if (over?.idleMs !== undefined) out.idleMs = over.idleMs;
  if (over?.totalMs !== undefined) out.totalMs = over.totalMs;
  return out;
}

/** One Messages call as a dispatch handler: events go to the sink as the body arrives. */
class MessagesExchange {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: unknown) => void;
  private abortUpstream: ((error?: Error) => void) | undefined;
  private resumeUpstream: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private status = 0;
  private headers: HeaderBag = {};
  private traceId: string | undefined;
  private userAgent: string | null = null;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private reader: AnthropicStreamReader | undefined;
  private phase: "request" | "body" = "request";
  private stopReason: "cancelled" | "total" | undefined;
  private settled = false;
  private ended = false;
  private pauses = 0;
  private readonly onAbort = (): void => this.stop("cancelled");

  constructor(
    private readonly call: TransportCall,
    private readonly sink: EventSink,
    private readonly timeouts: Required<Timeouts>,
    private readonly toolNames: ReadonlyMap<string, string> | undefined,
    private readonly adjustments: readonly string[] | undefined,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  start(
    dispatcher: UpstreamDispatcher,
    url: string,
    headers: Record<string, string>,
    body: string,
  ): void {
    this.userAgent = headers["user-agent"] ?? null;
    const signal = this.call.signal;
    if (signal) {
      if (signal.aborted) {
        this.stop("cancelled");
        return;
      }
      signal.addEventListener("abort", this.onAbort);
    }
    if (this.timeouts.totalMs > 0) {
      this.timer = setTimeout(() => this.stop("total"), this.timeouts.totalMs);
    }
    const target = new URL(url);
    dispatcher.dispatch(
      {
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        headers,
        body,
        headersTimeout: Math.max(this.timeouts.firstByteMs, 0),
        bodyTimeout: Math.max(this.timeouts.idleMs, 0),
      },
      this,
    );
  }

  abandon(): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.abortUpstream?.(new Error("abandoned by the consumer"));
    this.resolveDone();
  }

  private stop(reason: "cancelled" | "total"): void {
    if (this.settled) return;
    this.stopReason = reason;
    this.fail(this.explain(new Error(reason), this.phase));
  }

  onConnect(abort: (error?: Error) => void): void {
    if (this.settled) abort(new Error("cancelled before the request was sent"));
    else this.abortUpstream = abort;
  }

  onHeaders(statusCode: number, raw: Array<Buffer | string>, resume: () => void): boolean {
    if (this.settled || statusCode < 200) return true;
    this.status = statusCode;
    this.resumeUpstream = resume;
    this.phase = "body";
    this.headers = headersOf(raw);
    this.traceId = traceIdOf(this.headers);
    if (statusCode >= 300) return true;
    const type = String(this.headers["content-type"] ?? "");
    if (this.call.stream && type.includes("text/event-stream"))
      this.reader = new AnthropicStreamReader(this.toolNames);
    this.deliver({
      type: "start",
      model: this.call.model.id,
      traceId: this.traceId,
      adjustments: this.adjustments,
    });
    return this.pauses === 0;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    const reader = this.reader;
    if (!reader) {
      if (this.status < 300 || this.size < MAX_ERROR_BODY) {
        this.chunks.push(chunk);
        this.size += chunk.length;
      }
      return true;
    }
    const ready = reader.feed(chunk);
    for (let i = 0; i < ready.length && !this.settled; i++) this.deliver(ready[i] as StreamEvent);
    try {
      reader.check();
    } catch (error) {
      this.fail(this.explain(error, "body"));
    }
    return this.pauses === 0;
  }

  onComplete(): void {
    if (this.settled) return;
    let text = Buffer.concat(this.chunks, this.size).toString("utf8");
    if (this.status >= 300) {
      if (text.length > MAX_ERROR_BODY) text = text.slice(0, MAX_ERROR_BODY);
      this.fail(this.refusal(this.status, text));
      return;
    }
    let ready: StreamEvent[];
    try {
      if (this.reader) ready = this.reader.end(this.traceId);
      else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          this.fail(this.badAnswer(isWebPage(text) ? text : undefined));
          return;
        }
        if (!isAnthropicMessage(parsed)) {
          this.fail(this.badAnswer(parsed));
          return;
        }
        ready = new AnthropicAnswer(this.toolNames).whole(parsed, this.traceId);
      }
    } catch (error) {
      this.fail(this.explain(error, "body"));
      return;
    }
    for (let i = 0; i < ready.length && !this.settled; i++) this.deliver(ready[i] as StreamEvent);
    this.ended = true;
    if (this.pauses === 0) this.succeed();
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.fail(this.explain(error, this.phase));
  }

  private deliver(event: StreamEvent): void {
    let wait: unknown;
    try {
      wait = this.sink(event);
    } catch (error) {
      this.sinkFailed(error);
      return;
    }
    if (!isPromiseLike(wait)) return;
    this.pauses++;
    wait.then(
      () => {
        this.pauses--;
        if (this.pauses > 0 || this.settled) return;
        if (this.ended) this.succeed();
        else this.resumeUpstream?.();
      },
      (error: unknown) => this.sinkFailed(error),
    );
  }

  private sinkFailed(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.abortUpstream?.(new Error("the consumer failed"));
    this.rejectDone(error);
  }

  private succeed(): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.resolveDone();
  }

  private fail(error: ProviderError): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    if (!this.ended) this.abortUpstream?.(error);
    const reader = this.reader;
    const answered =
      error.errorClass !== "cancelled" && reader !== undefined && reader.answer.events > 0
        ? error.withAnswered({ usage: reader.answer.usage() })
        : error;
    this.rejectDone(answered);
  }

  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.call.signal?.removeEventListener("abort", this.onAbort);
  }

  private credentials(): { apiKey?: string; callHeaders?: Readonly<Record<string, string>> } {
    const { apiKey, request } = this.call;
    return {
      ...(apiKey ? { apiKey } : {}),
      ...(request.headers ? { callHeaders: request.headers } : {}),
    };
  }

  /** An error answer (`{type: "error", error: {type, message}}`), classified. */
  private refusal(status: number | undefined, body: unknown): ProviderError {
    return classifyProviderError({
      status,
      body,
      headers: status === undefined && this.traceId ? { "x-trace-id": this.traceId } : this.headers,
      model: this.call.model,
      userAgent: this.userAgent,
      ...this.credentials(),
    });
  }

  /** A 2xx answer that holds no Messages answer: a bad gateway's failure saying what it held. */
  private badAnswer(body: unknown): ProviderError {
    const what =
      typeof body === "string"
        ? `the response is a ${this.status} with an HTML page, not an Anthropic message`
        : body === undefined
          ? "the response is not valid JSON"
          : "the response is not an Anthropic message (is the provider's api right?)";
    return classifyProviderError({
      status: 502,
      body: { error: { type: "server_error", message: what } },
      headers: this.traceId ? { "x-trace-id": this.traceId } : {},
      model: this.call.model,
    });
  }

  private explain(error: unknown, phase: "request" | "body"): ProviderError {
    if (error instanceof ProviderError) return error;
    if (error instanceof StreamErrorPayload) return this.refusal(undefined, error.body);
    return exchangeFailure(error, phase, {
      model: this.call.model,
      traceId: this.traceId,
      ...this.credentials(),
      timeouts: this.timeouts,
      stopReason: this.stopReason,
      events: this.reader?.answer.events,
      streamCutShort: "before its message_stop event",
    });
  }
}

export interface AnthropicMessagesTransportOptions {
  /** Connection pool; defaults to the process's shared keep-alive pool. */
  dispatcher?: UpstreamDispatcher;
}

export function createAnthropicMessagesTransport(
  options: AnthropicMessagesTransportOptions = {},
): Transport {
  function begin(call: TransportCall, sink: EventSink): MessagesExchange {
    const built = buildAnthropicRequest(call.model, call.request, call.apiKey, {
      stream: call.stream,
    });
    const exchange = new MessagesExchange(
      call,
      sink,
      timeoutsOf(call),
      built.toolNamesFromUpstream,
      built.adjustments.length > 0 ? built.adjustments : undefined,
    );
    exchange.start(
      options.dispatcher ?? sharedDispatcher(),
      built.url,
      built.headers,
      JSON.stringify(built.body),
    );
    return exchange;
  }

  function stream(call: TransportCall): AsyncGenerator<StreamEvent> {
    let exchange: MessagesExchange | undefined;
    return pushToPull<StreamEvent>(
      (sink) => {
        exchange = begin(call, sink);
        return exchange.done;
      },
      () => exchange?.abandon(),
    );
  }

  return { api: "anthropic-messages", stream, run: (call, sink) => begin(call, sink).done };
}

let defaultTransport: Transport | undefined;

/** The shared `anthropic-messages` transport on the shared pool. */
export function anthropicMessagesTransport(): Transport {
  defaultTransport ??= createAnthropicMessagesTransport();
  return defaultTransport;
}
