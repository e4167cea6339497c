/**
 * What one failed attempt leads to, as decisions: a correction of a request the model refused
 * (a sampling value or thinking switch it does not take, an answer cap over its window), another
 * try of the same model after a delay, or none; and the rows the run's report keeps of it.
 */
import type { ResolvedModel } from "../catalog/types.js";
import type { ProviderError } from "../providers/errors.js";
import type { ChatRequest } from "../providers/types.js";
import { computeCost } from "./cost.js";
import { answerCapCorrection, type PromptCount } from "./estimate.js";
import type { Correction, FixedSamplingRules } from "./fixed-sampling.js";
import { isKeyMissing, noteKeyMissing } from "./key-missing.js";
import { backoffDelay, MAX_HONOURED_RETRY_AFTER_MS } from "./retry.js";
import type { CorrectedRequest, FailedAttempt, RequestChange, RetryPolicy } from "./types.js";

/**
 * Corrections per model attempt: one per thing a refusal can put right, as one request may need
 * them all (a client's four sampling values to a model the catalog knows none of, and its
 * `thinking.keep`): temperature, top_p, both penalties, the answer cap, the thinking switch,
 * `thinking.keep`, empty reasoning filled, and thinking found unasked. Each is learned, so a
 * later request needs none of them again.
 */
export const MAX_CORRECTIONS = 9;

/** Where the attempt stood when `error` ended it. */
export interface FailedAttemptState {
  model: ResolvedModel;
  request: ChatRequest;
  thinking: boolean;
  /** Content already reached the caller: nothing may be sent again. */
  emitted: boolean;
  /** Corrections already made for this model. */
  corrections: number;
  /** The caller capped the answer itself (`maxTokens`): that cap is not lowered for it. */
  callerCapped: boolean;
  /** The answer cap was lowered after a refusal over the window already: not lowered twice. */
  capLowered: boolean;
  /** The input counted after a refusal over the window that told no count (window-refusal.ts). */
  counted?: PromptCount | undefined;
}

/**
 * The request to send instead of one `model` refused, learned by `sampling` for later requests;
 * undefined when the refusal is none it can put right, content was already shown, or the model
 * had its corrections. A corrected request is not another try of the same one, and the refusal
 * it answers is no failed attempt (the run reports it as a correction).
 */
export function correctionFor(
  sampling: FixedSamplingRules,
  state: FailedAttemptState,
  error: ProviderError,
): Correction | undefined {
  if (state.emitted || state.corrections >= MAX_CORRECTIONS) return undefined;
  if (error.errorClass === "bad_request")
    return sampling.correct(state.model, state.thinking, state.request, error.message);
  if (error.errorClass === "context_length" && !state.callerCapped && !state.capLowered)
    return answerCapCorrection(
      state.model,
      state.request,
      error.overflow,
      state.thinking,
      state.counted,
    );
  return undefined;
}

/**
 * The wait before trying the same model again after `error` ended try `attempt`, or undefined
 * when it is not tried again: the failure is not retryable, the policy's tries are used up, or
 * the provider asked for a wait longer than a call sits through (the model cools down instead).
 */
export function sameModelRetryDelay(
  error: ProviderError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  const retryAfter = error.retryAfterMs;
  const waitTooLong = retryAfter !== undefined && retryAfter > MAX_HONOURED_RETRY_AFTER_MS;
  if (!error.retryable || attempt >= policy.maxAttempts || waitTooLong) return undefined;
  return backoffDelay(attempt, policy, retryAfter, random);
}

/** A refused request put right (see `CorrectedRequest`), for the run's report. */
export function correctedRequest(
  model: ResolvedModel,
  error: ProviderError,
  change: RequestChange,
): CorrectedRequest {
  return {
    model: model.ref,
    message: error.message,
    status: error.status,
    traceId: error.traceId,
    ...change,
  };
}

/**
 * A failed attempt (or a model passed over), for the run's report; one passed over for a missing
 * key is marked so (see key-missing.ts).
 */
export function failed(model: ResolvedModel, error: ProviderError): FailedAttempt {
  const attempt: FailedAttempt = {
    model: model.ref,
    errorClass: error.errorClass,
    message: error.message,
    status: error.status,
    traceId: error.traceId,
    ...(error.answered
      ? {
          answered: {
            usage: error.answered.usage,
            costUsd: error.answered.usage
              ? computeCost(model, error.answered.usage).total
              : undefined,
          },
        }
      : {}),
  };
  return isKeyMissing(error) ? noteKeyMissing(attempt) : attempt;
}
