/**
 * What a failed run leaves beside its error: the model it called last, whether it had moved past
 * the primary, how many retries it made, and how long until some model of its chain is off its
 * cooldown. The error itself stays the failure that happened; a gateway reads this for its answer
 * (`Retry-After`) and its ledger row.
 */
import type { CorrectedRequest, FailedAttempt } from "./types.js";

/** How a failed run went, kept beside its error: last model, fallback, attempts. */
export interface RunFailure {
  /** The model a request was last sent to (a ref); undefined when none was sent. */
  model: string | undefined;
  /** The chain's first model, when the run had moved on to another one. */
  fallbackFrom: string | undefined;
  /** Each attempt that failed, in order. */
  failedAttempts: readonly FailedAttempt[];
  /**
   * Attempts that failed in the requests of the same answer before the one that failed, each of
   * which was answered in the end (a web search's earlier rounds): the provider bills those it
   * began to answer, so a ledger lists them. Absent when there were none.
   */
  earlierFailedAttempts?: readonly FailedAttempt[];
  /** Requests a model refused and was sent again corrected: not failed attempts. */
  corrections: readonly CorrectedRequest[];
  /** Retries made (the same model again, a corrected request included), as `retry` events. */
  retries: number;
  /** Milliseconds until some model of the chain is off its cooldown; undefined when one is now. */
  coolingMs: number | undefined;
  /**
   * The run was cancelled while a request of it was with the provider, its answer not in yet:
   * the provider had its prompt (and may bill it). False when it was stopped between requests.
   */
  cancelledInFlight: boolean;
  /**
   * The run ended during an attempt the provider had been sent that is not among
   * `failedAttempts` (cancelled, or the caller's sink failed on its events). False when it ended
   * on the last attempt listed, or between attempts: then an attempt the provider began to answer
   * and the run ended on is the last of them so answered.
   */
  endedMidAttempt: boolean;
}

const failures = new WeakMap<object, RunFailure>();

/** Keeps `failure` with `error`; the innermost run's report wins (a web search's round). */
export function noteRunFailure(error: unknown, failure: RunFailure): void {
  if (typeof error === "object" && error !== null && !failures.has(error))
    failures.set(error, failure);
}

/** How the run that threw `error` went, when a run threw it. */
export function runFailureOf(error: unknown): RunFailure | undefined {
  return typeof error === "object" && error !== null ? failures.get(error) : undefined;
}
