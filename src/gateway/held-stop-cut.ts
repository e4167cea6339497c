/**
 * An answer's held stop sequences (completion-stops.ts, on any route) and the upstream request
 * they end. A whole answer is cut at the first one (cutAtHeldStops). Once the gateway meets one, the client gets nothing more of the answer, so the rest the
 * upstream would write is only billed: the run is cancelled, as a client that leaves cancels it,
 * and the client's answer ends there as answered ("stop"). The cancel waits for the end of the
 * current turn of the event loop, so that what the same read already brought (the last chunk's
 * usage and finish) still reaches the gateway: an answer that ended there is not cut at all.
 */
import type { ChoiceLogprobs } from "../providers/types.js";
import { runFailureOf } from "../runtime/index.js";
import type { RunResult } from "../runtime/types.js";
import { Cancellation, type CancelSignal } from "../util/cancellation.js";
import { cutAtStops, StreamedStops } from "./completion-stops.js";
import { answerText } from "./completions-format.js";
import { type RequestRecord, recordFailure } from "./request-record.js";
import { ShownTokens, shownLogprobs } from "./shown-tokens.js";

/** The cancel's reason: known by identity, never shown (the run's error is caught here). */
const HELD_STOP_MET = new Error("a stop sequence held by the gateway was met");

function cancelRun(run: Cancellation): void {
  run.abort(HELD_STOP_MET);
}

/** A piece of an answer's text as the client gets it, with its rated tokens if any. */
export interface ShownText {
  text: string;
  logprobs: ChoiceLogprobs | undefined;
}

export class HeldStopCut {
  /** What the run listens to: the client's request signal, and the stop once it is met. */
  readonly signal = new Cancellation();
  private readonly stops: StreamedStops;
  private cancelTimer: NodeJS.Immediate | undefined;
  /** The answer's rated tokens, in step with its text shown, once some come. */
  private tokens: ShownTokens | undefined;

  constructor(
    stops: readonly string[],
    private readonly request: CancelSignal,
  ) {
    this.stops = new StreamedStops(stops);
    if (request.aborted) this.signal.abort(request.reason);
    else request.addEventListener("abort", this);
  }

  /** The client's request was cancelled (it left, the gateway is stopping): so is the run. */
  handleEvent(): void {
    this.signal.abort(this.request.reason);
  }

  /** The stop sequence met, if one was: nothing after it is passed on. */
  get met(): string | undefined {
    return this.stops.met;
  }

  /**
   * The text of `delta` that can go to the client now, and the rated tokens that begin in it
   * (of `logprobs`, which came with `delta`, and of those held back before); a stop met cancels
   * the run.
   */
  push(delta: string, logprobs?: ChoiceLogprobs): ShownText {
    const text = this.stops.push(delta);
    if (this.stops.met !== undefined && this.cancelTimer === undefined)
      this.cancelTimer = setImmediate(cancelRun, this.signal);
    return this.shown(text, logprobs);
  }

  /** What was held at the answer's end (no stop sequence followed it), and its tokens. */
  flush(): ShownText {
    return this.shown(this.stops.flush(), undefined);
  }

  private shown(text: string, logprobs: ChoiceLogprobs | undefined): ShownText {
    // Rated tokens are kept in step from the first that come (none asked: nothing to keep).
    if (logprobs) this.tokens ??= new ShownTokens();
    const tokens = this.tokens;
    return { text, logprobs: tokens ? shownLogprobs(tokens.take(text, logprobs)) : undefined };
  }

  /**
   * Whether `error` is the run's end by this cut's cancel, and not by the client's request being
   * cancelled or a failure of its own: then the record takes what the run did up to the cancel
   * (its model, retries, attempts), and its usage is estimated at the end as for a cut stream.
   */
  endedRun(error: unknown, record: RequestRecord): boolean {
    if (this.signal.reason !== HELD_STOP_MET || this.request.aborted) return false;
    const failure = runFailureOf(error);
    if (failure) recordFailure(record, failure);
    return true;
  }

  /** The run is over: nothing more to cancel, and the request's signal is let go of. */
  release(): void {
    if (this.cancelTimer !== undefined) clearImmediate(this.cancelTimer);
    this.request.removeEventListener("abort", this);
  }
}

/** A run's result, and the held stop sequence that ended its answer, if one did. */
export type HeldStopResult = RunResult & { heldStop?: string };

/**
 * A whole answer cut before the first of the held `stops`, as the endpoint would have ended it:
 * its text up to there, finish reason "stop", and none of the tool calls the model went on to
 * write after it; `heldStop` says which. An answer without one is returned as it came.
 */
export function cutAtHeldStops(result: RunResult, stops: readonly string[]): HeldStopResult {
  const cut = cutAtStops(answerText(result.message), stops);
  if (cut.met === undefined) return result;
  const { tool_calls: _after, ...message } = result.message;
  return {
    ...result,
    message: { ...message, content: cut.text },
    finishReason: "stop",
    heldStop: cut.met,
  };
}
