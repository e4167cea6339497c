/**
 * The step down the chain a run took past its first model without trying it: the model was left
 * out (its provider cannot be used) or could not take the request (images or video a text-only
 * model does not take, a partial message it does not continue). No fallback event tells that
 * step, as nothing was sent to the model and no attempt of it failed; a model skipped while
 * cooling, or passed over for want of a key, has its step told by its fallback event instead.
 */
import type { FailedAttempt } from "./types.js";

/** One move from a model of the chain to the next. */
export interface ChainStep {
  /** Ref of the model moved on from. */
  from: string;
  /** Ref of the model moved on to. */
  to: string;
}

/** What a run, answered or failed, says of the models it went through. */
export interface RunPath {
  /** The model a request was last sent to; undefined when none was sent. */
  model: string | undefined;
  /** The chain's first model, when what was sent went to another one. */
  fallbackFrom: string | undefined;
  /** The attempts that failed or were passed over, in order. */
  failedAttempts: readonly FailedAttempt[];
}

/**
 * The step from the chain's first model to the first one the run tried or passed over, when
 * the first was skipped without either; undefined otherwise (the first was tried or passed
 * over, or nothing was sent). One comparison on a run that answered at its first model.
 */
export function skippedFirstStep(run: RunPath): ChainStep | undefined {
  const from = run.fallbackFrom;
  if (from === undefined || run.model === undefined) return undefined;
  const to = run.failedAttempts[0]?.model ?? run.model;
  return to === from ? undefined : { from, to };
}
