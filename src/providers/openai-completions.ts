/**
 * The `openai-completions` transport: one HTTP call over a shared keep-alive pool (our lean
 * HTTP/1.1 client by default; any undici dispatcher works too), the SSE stream parsed as it
 * arrives, every failure turned into a ProviderError. Cancelling (or a timeout) destroys the
 * upstream socket at once.
 */

import { buildChatRequest } from "./build-chat-request.js";
import {
  callTimeouts,
  firstByteLimit,
  overTimeouts,
  wholeAnswerDefaults,
} from "./call-timeouts.js";
import { classifyProviderError } from "./classify-error.js";
import { ProviderError } from "./errors.js";
import {
  ExchangeBase,
  type ExchangePhase,
  MAX_ERROR_BODY,
  streamExchange,
} from "./exchange-base.js";
import { exchangeFailure } from "./exchange-failure.js";
import { isEmptyAnswer } from "./foreign-answer.js";
import type { UpstreamDispatcher } from "./http1-pool.js";
import { saysNoRoute } from "./no-route-answer.js";
import {
  type AnswerReading,
  ChatStreamParser,
  eventsFromCompletion,
  isChatCompletionBody,
  NotACompletionError,
  StreamErrorPayload,
} from "./parse-chat-stream.js";
import { TRACE_HEADERS } from "./response-headers.js";
import { sharedDispatcher } from "./shared-pool.js";
import type { EventSink, StreamEvent, Timeouts, Transport, TransportCall } from "./types.js";
import { isWebPage } from "./web-page-answer.js";

export const DEFAULT_TIMEOUTS: Required<Timeouts> = {
  firstByteMs: 120_000,
  idleMs: 120_000,
  totalMs: 600_000,
};

/** Options of `createOpenAICompletionsTransport`. */
export interface OpenAICompletionsTransportOptions {
  /** Connection pool; defaults to one shared keep-alive pool for the process. */
  dispatcher?: UpstreamDispatcher | undefined;
  /** Defaults for calls that do not set their own. */
  timeouts?: Timeouts | undefined;
}

type RawHeaders = ReadonlyArray<Buffer | string>;

function rawText(item: Buffer | string | undefined): string {
  return typeof item === "string" ? item : (item?.toString("latin1") ?? "");
}

/**
 * The trace id from a raw header list, without building an object: the first of TRACE_HEADERS
 * (`x-trace-id`, Moonshot's `x-msh-trace-id` and `msh-request-id`, `x-request-id`) it has.
 */
function traceIdFromRaw(raw: RawHeaders): string | undefined {
  let best: string | undefined;
  let rank: number = TRACE_HEADERS.length;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Buffer | string;
    if (name.length !== 10 && name.length !== 12 && name.length !== 14) continue;
    const at = TRACE_HEADERS.indexOf(rawText(name).toLowerCase() as (typeof TRACE_HEADERS)[number]);
    if (at < 0 || at >= rank) continue;
    const value = rawText(raw[i + 1]);
    if (!value) continue;
    best = value;
    rank = at;
    if (at === 0) break;
  }
  return best;
}

function headersFromRaw(raw: RawHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = rawText(raw[i]).toLowerCase();
    const value = rawText(raw[i + 1]);
    const seen = out[name];
    if (seen === undefined) out[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[name] = [seen, value];
  }
  return out;
}

/**
 * One upstream call as a dispatch handler: no response stream, no AbortController, no
 * promise per chunk. Body bytes go straight into the SSE parser (or a buffer for a non-streamed
 * answer) and events straight to the sink. The signal, timer, back-pressure and settling are
 * ExchangeBase's.
 */
class Exchange extends ExchangeBase {
  private errorHeaders: Record<string, string | string[]> | undefined;
  /** Whether any byte of a 2xx body came: none is a web server's empty answer, not a cut stream. */
  private bodyBegun = false;
  private parser: ChatStreamParser | undefined;

  constructor(
    call: TransportCall,
    sink: EventSink,
    timeouts: Required<Timeouts>,
    /** What reading the answer needs to know of the request (tool names, tools offered). */
    private readonly reading: AnswerReading,
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
    for (const name in headers) {
      if (name.length === 10 && name.toLowerCase() === "user-agent")
        this.userAgent = headers[name] ?? null;
    }
    this.send(dispatcher, url, headers, body, firstByteLimit(this.timeouts));
  }

  // --- undici's dispatch handler (onConnect, onError: ExchangeBase) ---

  onHeaders(statusCode: number, raw: RawHeaders, resume: () => void): boolean {
    if (this.settled) return true;
    if (statusCode < 200) return true; // 1xx: the real answer follows
    this.headersCame(statusCode, resume);
    this.traceId = traceIdFromRaw(raw);
    if (statusCode >= 400) {
      this.errorHeaders = headersFromRaw(raw);
      return true;
    }
    if (this.call.stream) this.parser = new ChatStreamParser(this.reading);
    return this.started();
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    if (chunk.length > 0) this.bodyBegun = true;
    const parser = this.parser;
    if (parser === undefined) {
      // An error body (kept up to a bound) or a whole non-streamed answer.
      if (this.status < 400 || this.size < MAX_ERROR_BODY) {
        this.chunks.push(chunk);
        this.size += chunk.length;
      }
      return true;
    }
    const ready = parser.feed(chunk);
    for (let i = 0; i < ready.length && !this.settled; i++) {
      this.deliver(ready[i] as StreamEvent);
    }
    try {
      parser.check();
    } catch (error) {
      this.fail(this.explain(error, "body"));
    }
    return this.pauses === 0;
  }

  onComplete(): void {
    if (this.settled) return;
    const model = this.call.model;
    if (this.status >= 400) {
      let text = Buffer.concat(this.chunks, this.size).toString("utf8");
      if (text.length > MAX_ERROR_BODY) text = text.slice(0, MAX_ERROR_BODY);
      this.fail(
        classifyProviderError({
          status: this.status,
          body: text,
          headers: this.errorHeaders ?? {},
          model,
          userAgent: this.userAgent,
          ...this.credentials(),
        }),
      );
      return;
    }
    // Nothing at all where an answer belongs (Caddy's 200 when no route matched): no API answers
    // at the base URL, not a stream cut before its first event.
    if (!this.bodyBegun && this.status < 300) {
      this.fail(this.notACompletion(""));
      return;
    }
    let ready: StreamEvent[];
    if (this.parser) {
      try {
        ready = this.parser.end(this.traceId);
      } catch (error) {
        this.fail(this.explain(error, "body"));
        return;
      }
    } else {
      const text =
        this.chunks.length === 1
          ? (this.chunks[0] as Buffer).toString("utf8")
          : Buffer.concat(this.chunks, this.size).toString("utf8");
      // A web page in place of the answer (a site's or a proxy's page at the base URL), whatever
      // its Content-Type says: said as one, by its title.
      if (isWebPage(text)) {
        this.fail(this.notACompletion(text.slice(0, MAX_ERROR_BODY)));
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        this.fail(this.badAnswer("the response is not valid JSON"));
        return;
      }
      // Neither a completion nor an error object (a base URL that reaches another API, which
      // answers `{"detail": …}`): no answer, rather than an empty one passed off as the model's.
      if (!isChatCompletionBody(parsed)) {
        this.fail(this.notACompletion(parsed));
        return;
      }
      try {
        ready = eventsFromCompletion(parsed, this.traceId, this.reading);
      } catch (error) {
        this.fail(this.explain(error, "body"));
        return;
      }
    }
    for (let i = 0; i < ready.length && !this.settled; i++) {
      this.deliver(ready[i] as StreamEvent);
    }
    this.finish();
  }

  // --- failures ---

  protected override shown(error: ProviderError): unknown {
    const answered = this.withAnswered(error);
    return this.errorShown ? this.errorShown(answered) : answered;
  }

  /**
   * A failure after the upstream accepted the request and streamed some of its answer: the
   * provider bills it, so the error keeps the usage the stream reported (none: unknown).
   */
  private withAnswered(error: ProviderError): ProviderError {
    const parser = this.parser;
    if (error.errorClass === "cancelled" || this.status >= 400 || !parser || parser.chunks === 0)
      return error;
    return error.withAnswered({ usage: parser.usageSoFar() });
  }

  /**
   * A 200 JSON answer that is no chat completion: a server's words for a path it has no route at
   * (LM Studio's for a base URL without /v1) are told as no API at the base URL; anything else
   * as an answer that held none.
   */
  private notACompletion(body: unknown): ProviderError {
    // Only a 2xx is a site's page or a server's words at the base URL. A redirect (3xx, never
    // followed) stays an answer that holds none, retried: classified by its status, it read as
    // a refused request ("check the model's params").
    const success = this.status >= 200 && this.status < 300;
    const foreign =
      saysNoRoute(body) ||
      isEmptyAnswer(this.status, body) ||
      (typeof body === "string" && isWebPage(body));
    if (!success || !foreign)
      return this.badAnswer(
        typeof body === "string" && isWebPage(body)
          ? `the response is a ${this.status} with an HTML page, not a chat completion (a redirect is not followed)`
          : "the response is not a chat completion",
      );
    return classifyProviderError({
      status: this.status,
      body,
      headers: this.traceId ? { "x-trace-id": this.traceId } : {},
      model: this.call.model,
      userAgent: this.userAgent,
      ...this.credentials(),
    });
  }

  /** Whatever stopped the call, as a ProviderError. */
  protected override explain(error: unknown, phase: ExchangePhase): ProviderError {
    if (error instanceof ProviderError) return error;
    const model = this.call.model;
    const traceId = this.traceId;
    if (this.stopReason === undefined) {
      if (error instanceof NotACompletionError) return this.notACompletion(error.body);
      if (error instanceof StreamErrorPayload) {
        return classifyProviderError({
          status: undefined,
          body: error.body,
          model,
          ...(traceId ? { headers: { "x-trace-id": traceId } } : {}),
          ...this.credentials(),
        });
      }
    }
    return exchangeFailure(error, phase, {
      model,
      traceId,
      ...this.credentials(),
      timeouts: this.timeouts,
      stopReason: this.stopReason,
      // The provider's chunks as it sent them: the one count of "events of the answer".
      events: this.parser?.chunks,
      streamCutShort: "without a finish reason or [DONE]",
    });
  }
}

/**
 * How the transport's own failures (never what the caller's sink threw) reach its caller: the
 * library's public transports mask a key-shaped provider name in them. Applied where a call
 * fails, so a call that succeeds pays nothing for it, event by event.
 */
export type ErrorShown = (error: unknown) => unknown;

export function createOpenAICompletionsTransport(
  options: OpenAICompletionsTransportOptions = {},
  shown?: ErrorShown,
): Transport {
  const defaults = overTimeouts(DEFAULT_TIMEOUTS, options.timeouts);
  const plainDefaults = wholeAnswerDefaults(defaults);

  function begin(call: TransportCall, sink: EventSink): Exchange {
    let built: ReturnType<typeof buildChatRequest>;
    try {
      built = buildChatRequest(call.model, call.request, call.apiKey, { stream: call.stream });
    } catch (error) {
      throw shown ? shown(error) : error;
    }
    const timeouts = callTimeouts(defaults, plainDefaults, call);
    const exchange = new Exchange(
      call,
      sink,
      timeouts,
      { toolNames: built.toolNamesFromUpstream, toolsOffered: built.body.tools !== undefined },
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

  function run(call: TransportCall, sink: EventSink): Promise<void> {
    return begin(call, sink).done;
  }

  function stream(call: TransportCall): AsyncGenerator<StreamEvent> {
    return streamExchange(call, begin);
  }

  return { api: "openai-completions", stream, run };
}

let defaultTransport: Transport | undefined;

/** The shared transport on the shared pool. */
export function openAICompletionsTransport(): Transport {
  defaultTransport ??= createOpenAICompletionsTransport();
  return defaultTransport;
}
