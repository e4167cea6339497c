/**
 * What every provider transport's exchange does alike (openai-completions, anthropic-messages):
 * one upstream call as a dispatch handler of http1-pool's (or undici's) shape, with its `done`
 * promise, the caller's signal and the total timer, the sink's back-pressure (a promise from the
 * sink pauses the upstream until it settles) and the settling of the call: it succeeds, fails,
 * is abandoned by its consumer or fails in the consumer's sink, once. A transport's subclass reads
 * the response head, body and answer its own way and words its own failures (`explain`, `shown`).
 *
 * On the gateway's hot path: no closure, object or promise per request beyond the exchange, its
 * `done` promise and its chunk list; every field is set in the constructor, in one order.
 */

import { isPromiseLike } from "../util/promise-like.js";
import { pushToPull } from "../util/push-to-pull.js";
import { classifyProviderError } from "./classify-error.js";
import type { ProviderError } from "./errors.js";
import type { UpstreamDispatcher, UpstreamHandler } from "./http1-pool.js";
import type { EventSink, StreamEvent, Timeouts, TransportCall } from "./types.js";

/** How much of an error answer's body is kept. */
export const MAX_ERROR_BODY = 64 * 1024;

/** Where an exchange was when it stopped: waiting for the response head, or in its body. */
export type ExchangePhase = "request" | "body";

interface Target {
  origin: string;
  path: string;
}

/** `origin` + `path` per base URL, parsed once. */
const targets = new Map<string, Target>();
function targetOf(url: string): Target {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size < 1024) targets.set(url, target);
  }
  return target;
}

export abstract class ExchangeBase implements UpstreamHandler {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: unknown) => void;
  private abortUpstream: ((error?: Error) => void) | undefined;
  private resumeUpstream: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  protected status = 0;
  protected traceId: string | undefined;
  /** The User-Agent sent (null: none), for the hint of a refusal of the client. */
  protected userAgent: string | null = null;
  /** The body as it came, for a whole answer or an error answer (kept up to a bound). */
  protected readonly chunks: Buffer[] = [];
  protected size = 0;
  protected phase: ExchangePhase = "request";
  /** Why the exchange stopped itself, if it did: the caller's cancel or the total timer. */
  protected stopReason: "cancelled" | "total" | undefined;
  /** Done, failed or abandoned: nothing more reaches the sink or the caller. */
  protected settled = false;
  /** The whole answer went to the sink: done once the sink has taken it all. */
  private ended = false;
  /** The sink's promises not yet settled; the upstream is paused while there are any. */
  protected pauses = 0;

  constructor(
    protected readonly call: TransportCall,
    private readonly sink: EventSink,
    protected readonly timeouts: Required<Timeouts>,
    /** What the request sent differs in from the caller's, for the start event (none: undefined). */
    private readonly adjustments: readonly string[] | undefined,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  /** Whatever stopped the call (never what the sink threw), as a ProviderError. */
  protected abstract explain(error: unknown, phase: ExchangePhase): ProviderError;

  /** What `done` rejects with for the transport's own failure `error`. */
  protected abstract shown(error: ProviderError): unknown;

  /**
   * Sends the request, unless the caller's signal has fired already, and starts the total timer.
   * `headersTimeout` is the first-byte limit as the transport hands it to the dispatcher.
   */
  protected send(
    dispatcher: UpstreamDispatcher,
    url: string,
    headers: Record<string, string>,
    body: string,
    headersTimeout: number,
  ): void {
    const signal = this.call.signal;
    if (signal) {
      if (signal.aborted) {
        this.stop("cancelled", signal.reason);
        return;
      }
      signal.addEventListener("abort", this);
    }
    if (this.timeouts.totalMs > 0)
      this.timer = setTimeout(ExchangeBase.onTotal, this.timeouts.totalMs, this);
    const target = targetOf(url);
    dispatcher.dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: "POST",
        headers,
        body,
        headersTimeout,
        bodyTimeout: Math.max(this.timeouts.idleMs, 0),
      },
      this,
    );
  }

  /** The total deadline passed. */
  private static onTotal(self: ExchangeBase): void {
    self.timer = undefined;
    self.totalPassed();
  }

  /**
   * Timers run before the event loop reads its sockets, so after the loop was held up the
   * answer's last bytes may be waiting unread: read them once, then decide.
   */
  private totalPassed(): void {
    setImmediate(ExchangeBase.confirmTotal, this);
  }

  private static confirmTotal(self: ExchangeBase): void {
    self.stop("total", undefined);
  }

  /** The caller's signal fired: its reason is the cancel's cause. */
  handleEvent(): void {
    this.stop("cancelled", this.call.signal?.reason);
  }

  /** The consumer walked away: close the upstream socket, report nothing. */
  abandon(): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.abortUpstream?.(new Error("abandoned by the consumer"));
    this.resolveDone();
  }

  protected stop(reason: "cancelled" | "total", cause: unknown): void {
    if (this.settled) return;
    this.stopReason ??= reason;
    this.fail(this.explain(cause ?? new Error(reason), this.phase));
  }

  // --- the dispatch handler's calls the transports share ---

  onConnect(abort: (error?: Error) => void): void {
    if (this.settled) abort(new Error("cancelled before the request was sent"));
    else this.abortUpstream = abort;
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.fail(this.explain(error, this.phase));
  }

  /** A final response head came (`resume` continues a paused upstream): its body follows. */
  protected headersCame(statusCode: number, resume: () => void): void {
    this.status = statusCode;
    this.resumeUpstream = resume;
    this.phase = "body";
  }

  /** The answer begins: its start event to the sink. Whether the upstream may go on reading. */
  protected started(): boolean {
    this.deliver({
      type: "start",
      model: this.call.model.id,
      traceId: this.traceId,
      adjustments: this.adjustments,
    });
    return this.pauses === 0;
  }

  // --- delivery and settlement ---

  protected deliver(event: StreamEvent): void {
    let wait: unknown;
    try {
      wait = this.sink(event);
    } catch (error) {
      this.sinkFailed(error);
      return;
    }
    // Only a promise is waited for: a sink's other return values (a count, a boolean) mean nothing.
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

  /** The whole answer went to the sink: the call succeeds once the sink has taken all of it. */
  protected finish(): void {
    this.ended = true;
    if (this.pauses === 0) this.succeed();
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

  protected fail(error: ProviderError): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    // Stopped early (error, cancel, timeout): close the upstream socket now.
    if (!this.ended) this.abortUpstream?.(error);
    this.rejectDone(this.shown(error));
  }

  private cleanup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.call.signal?.removeEventListener("abort", this);
  }

  // --- wording shared by the transports' failures ---

  /** The call's key and its own headers, so that a credential among them is masked. */
  protected credentials(): { apiKey?: string; callHeaders?: Readonly<Record<string, string>> } {
    const { apiKey, request } = this.call;
    return {
      ...(apiKey ? { apiKey } : {}),
      ...(request.headers ? { callHeaders: request.headers } : {}),
    };
  }

  /** A 2xx answer that holds no answer, as a bad gateway's failure saying what it held. */
  protected badAnswer(what: string): ProviderError {
    return classifyProviderError({
      status: 502,
      body: { error: { type: "server_error", message: what } },
      headers: this.traceId ? { "x-trace-id": this.traceId } : {},
      model: this.call.model,
    });
  }
}

/** A transport's `stream`: the exchange `begin` starts, its events pulled; abandoned on an early stop. */
export function streamExchange(
  call: TransportCall,
  begin: (call: TransportCall, sink: EventSink) => ExchangeBase,
): AsyncGenerator<StreamEvent> {
  let exchange: ExchangeBase | undefined;
  return pushToPull<StreamEvent>(
    (sink) => {
      exchange = begin(call, sink);
      return exchange.done;
    },
    // Stopped early (error, or the consumer walked away): close the upstream socket now.
    () => exchange?.abandon(),
  );
}
