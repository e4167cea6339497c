/**
 * The `anthropic-messages` transport: Anthropic's Messages API as a client (Kimi Code's surface
 * at https://api.kimi.com/coding/, which Anthropic clients call at `{base}/v1/messages`). One
 * HTTP call over the shared keep-alive pool, the SSE stream read as it arrives, every failure a
 * ProviderError classified as the chat-completions transport classifies its own.
 */

import { AnthropicAnswer, AnthropicStreamReader, isAnthropicMessage } from "./anthropic-answer.js";
import { buildAnthropicRequest } from "./anthropic-request.js";
import { callTimeouts, firstByteLimit, wholeAnswerDefaults } from "./call-timeouts.js";
import { classifyProviderError } from "./classify-error.js";
import { ProviderError } from "./errors.js";
import {
  ExchangeBase,
  type ExchangePhase,
  MAX_ERROR_BODY,
  streamExchange,
} from "./exchange-base.js";
import { exchangeFailure } from "./exchange-failure.js";
import type { UpstreamDispatcher } from "./http1-pool.js";
import { DEFAULT_TIMEOUTS, type ErrorShown } from "./openai-completions.js";
import { StreamErrorPayload } from "./parse-chat-stream.js";
import { type HeaderBag, traceIdOf } from "./response-headers.js";
import { sharedDispatcher } from "./shared-pool.js";
import type { EventSink, StreamEvent, Timeouts, Transport, TransportCall } from "./types.js";
import { isWebPage } from "./web-page-answer.js";

function headersOf(raw: ReadonlyArray<Buffer | string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
  }
  return out;
}

/** A non-streamed call's defaults (its answer's head comes when it is whole), made once. */
const WHOLE_ANSWER_DEFAULTS = wholeAnswerDefaults(DEFAULT_TIMEOUTS);

/**
 * One Messages call as a dispatch handler: events go to the sink as the body arrives. The signal,
 * timer, back-pressure and settling are ExchangeBase's.
 */
class MessagesExchange extends ExchangeBase {
  private headers: HeaderBag = {};
  private reader: AnthropicStreamReader | undefined;

  constructor(
    call: TransportCall,
    sink: EventSink,
    timeouts: Required<Timeouts>,
    private readonly toolNames: ReadonlyMap<string, string> | undefined,
    adjustments: readonly string[] | undefined,
    /** The transport's own failure as its caller is to see it (see ErrorShown). */
    private readonly errorShown: ErrorShown | undefined,
  ) {
    super(call, sink, timeouts, adjustments);
  }

  start(
    dispatcher: UpstreamDispatcher,
    url: string,
    headers: Record<string, string>,
    body: string,
  ): void {
    this.userAgent = headers["user-agent"] ?? null;
    this.send(dispatcher, url, headers, body, firstByteLimit(this.timeouts));
  }

  // --- the dispatch handler (onConnect, onError: ExchangeBase) ---

  onHeaders(statusCode: number, raw: Array<Buffer | string>, resume: () => void): boolean {
    if (this.settled || statusCode < 200) return true;
    this.headersCame(statusCode, resume);
    this.headers = headersOf(raw);
    this.traceId = traceIdOf(this.headers);
    if (statusCode >= 300) return true;
    const type = String(this.headers["content-type"] ?? "");
    if (this.call.stream && type.includes("text/event-stream"))
      this.reader = new AnthropicStreamReader(this.toolNames);
    return this.started();
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
          this.fail(this.notAMessage(isWebPage(text) ? text : undefined));
          return;
        }
        if (!isAnthropicMessage(parsed)) {
          this.fail(this.notAMessage(parsed));
          return;
        }
        ready = new AnthropicAnswer(this.toolNames).whole(parsed, this.traceId);
      }
    } catch (error) {
      this.fail(this.explain(error, "body"));
      return;
    }
    for (let i = 0; i < ready.length && !this.settled; i++) this.deliver(ready[i] as StreamEvent);
    this.finish();
  }

  // --- failures ---

  /** A failure after some of a streamed answer came keeps the usage it reported. */
  protected override shown(error: ProviderError): unknown {
    const reader = this.reader;
    const answered =
      error.errorClass !== "cancelled" && reader !== undefined && reader.answer.events > 0
        ? error.withAnswered({ usage: reader.answer.usage() })
        : error;
    return this.errorShown ? this.errorShown(answered) : answered;
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
  private notAMessage(body: unknown): ProviderError {
    return this.badAnswer(
      typeof body === "string"
        ? `the response is a ${this.status} with an HTML page, not an Anthropic message`
        : body === undefined
          ? "the response is not valid JSON"
          : "the response is not an Anthropic message (is the provider's api right?)",
    );
  }

  protected override explain(error: unknown, phase: ExchangePhase): ProviderError {
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

/**
 * `shown`, when given, is applied to what a call throws or rejects with (never to what the
 * caller's sink threw): the library's public transport masks key-shaped names with it.
 */
export function createAnthropicMessagesTransport(
  options: AnthropicMessagesTransportOptions = {},
  shown?: ErrorShown,
): Transport {
  function begin(call: TransportCall, sink: EventSink): MessagesExchange {
    let built: ReturnType<typeof buildAnthropicRequest>;
    try {
      built = buildAnthropicRequest(call.model, call.request, call.apiKey, {
        stream: call.stream,
      });
    } catch (error) {
      throw shown ? shown(error) : error;
    }
    const exchange = new MessagesExchange(
      call,
      sink,
      callTimeouts(DEFAULT_TIMEOUTS, WHOLE_ANSWER_DEFAULTS, call),
      built.toolNamesFromUpstream,
      built.adjustments.length > 0 ? built.adjustments : undefined,
      shown,
    );
    exchange.start(
      options.dispatcher ?? sharedDispatcher(),
      built.url,
      built.headers,
      JSON.stringify(built.body),
    );
    return exchange;
  }

  return {
    api: "anthropic-messages",
    stream: (call) => streamExchange(call, begin),
    run: (call, sink) => begin(call, sink).done,
  };
}

let defaultTransport: Transport | undefined;

/** The shared `anthropic-messages` transport on the shared pool. */
export function anthropicMessagesTransport(): Transport {
  defaultTransport ??= createAnthropicMessagesTransport();
  return defaultTransport;
}
