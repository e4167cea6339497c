/**
 * An answer cut off after it had started: it is never retried (no text is shown twice), so the
 * failure says so, and its hint what a reader can do; the CLI words the partial output itself.
 */
import type { ResolvedModel } from "../catalog/types.js";
import type { ProviderError } from "../providers/errors.js";

/** The end of a cut answer's hint, worded for any reader; the CLI says where the part went. */
const CUT_PARTIAL = "; what was received before the cut is partial";

/**
 * The hint of an answer cut off after it had started by a failure that asking again may mend (a
 * network break, a rate limit). Worded for any reader (a library caller, a gateway client after
 * the partial output); the CLI says where the partial answer went instead.
 */
export const ANSWER_CUT_HINT = `ask again${CUT_PARTIAL}`;

/**
 * What to do about a cut answer, without the words on its partial output: "ask again", or the
 * failure's own advice where asking again will not help (top up, wait for the plan's window).
 * Undefined when `hint` is not a cut answer's.
 */
export function cutAnswerAdvice(hint: string | undefined): string | undefined {
  return hint?.endsWith(CUT_PARTIAL) ? hint.slice(0, -CUT_PARTIAL.length) : undefined;
}

/** `error`, which cut off an answer already under way, told as such with what to do. */
export function interruptedAfterOutput(model: ResolvedModel, error: ProviderError): ProviderError {
  // A used-up balance, a refused key…: asking again meets the same refusal, so their own hint stays.
  const keepsOwnHint = !error.retryable && error.hint !== undefined;
  return error.retold({
    message: `the answer from ${model.ref} was cut off after it had started (${error.message})${keepsOwnHint ? "" : "; it was not retried so that no text is repeated"}`,
    hint: keepsOwnHint ? `${error.hint?.replace(/\.\s*$/, "")}${CUT_PARTIAL}` : ANSWER_CUT_HINT,
  });
}
