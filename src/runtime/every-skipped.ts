/**
 * The error of a run that sent nothing because every model of its chain was cooling or had its
 * key benched: each model's reason, in the order of the chain, and each one's hint led by its
 * model, so that a second used-up balance or plan is not hidden behind the first. Pure.
 */
import type { ProviderError } from "../providers/errors.js";

/** The first of `skips` alone when it is the only one; undefined when there is none. */
export function everySkipped(skips: readonly ProviderError[]): ProviderError | undefined {
  const [first, ...others] = skips;
  if (first === undefined || others.length === 0) return first;
  const hints = skips.flatMap((skip) =>
    skip.hint ? [`for ${skip.provider}/${skip.model}, ${skip.hint}`] : [],
  );
  const message = `no model of the chain was tried: ${skips.map((skip) => skip.message).join("; ")}`;
  // An empty hint is left out (see ProviderError).
  return first.retold({ message, hint: hints.join("; ") });
}
