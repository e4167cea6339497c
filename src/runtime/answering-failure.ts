/**
 * Which failure a chain that failed on every model answers with. The last one used to, whatever
 * it was: a primary rate limited for two minutes and a fallback whose balance is used up answered
 * "insufficient_quota" with no wait, so a client could not know that waiting would help. A failure
 * that passes with time (a rate limit, an overload, a server or network failure: `retryable`)
 * now wins over one that does not (a used-up balance or plan, a refused key, a model the provider
 * does not know), and among those that pass, the one that named the shortest wait. Pure.
 */
import type { ProviderError } from "../providers/errors.js";

/** Why the failure told is not the chain's last one (see `failureToAnswerWith`). */
export type AnsweringReason = "passes_with_time" | "shortest_wait";

/**
 * The failure to answer with, of `failures` (each model's last failure, in the order tried, of
 * the models a request was sent to), and why when it is not the last; undefined for none.
 */
export function failureToAnswerWith(
  failures: readonly ProviderError[],
): { failure: ProviderError; reason: AnsweringReason | undefined } | undefined {
  const last = failures.at(-1);
  if (last === undefined) return undefined;
  const passing = failures.filter((failure) => failure.retryable);
  const waited = passing.filter((failure) => failure.retryAfterMs !== undefined);
  // Equal waits: the later failure, as before (the fallback's answer).
  const shortest = waited.reduce<ProviderError | undefined>(
    (best, failure) =>
      best === undefined || (failure.retryAfterMs ?? 0) <= (best.retryAfterMs ?? 0)
        ? failure
        : best,
    undefined,
  );
  const chosen = shortest ?? passing.at(-1) ?? last;
  if (chosen === last) return { failure: last, reason: undefined };
  return { failure: chosen, reason: last.retryable ? "shortest_wait" : "passes_with_time" };
}
