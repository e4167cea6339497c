/**
 * What a call's failure is told as: a run stopped by its signal (cancelled, or past the signal's
 * deadline), and whatever else a transport threw, as the ProviderError the run reports.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { ProviderError } from "../providers/errors.js";
import { type CancelSignal, isTimeoutReason } from "../util/cancellation.js";
import { printable } from "../util/printable.js";
import { isInstance, thrownMessage, thrownText } from "../util/thrown-value.js";

/**
 * The run stopped by its signal: `provider.cancelled` (named AbortError, as fetch's), or
 * `provider.timeout` when the signal's reason is a TimeoutError (`AbortSignal.timeout(ms)`).
 */
export function cancelledError(
  model: Pick<ResolvedModel, "ref" | "provider" | "id">,
  signal: CancelSignal | undefined,
  cause: unknown,
): ProviderError {
  const where = { provider: model.provider, model: model.id, cause };
  if (isTimeoutReason(signal?.reason)) {
    return new ProviderError({
      errorClass: "timeout",
      message: `the call to ${model.ref} did not finish before the deadline of the run's signal`,
      hint: "give the signal a longer deadline (AbortSignal.timeout), or use timeouts.totalMs for each attempt",
      ...where,
    });
  }
  return new ProviderError({
    errorClass: "cancelled",
    message: `the call to ${model.ref} was cancelled`,
    hint: "the run's signal was aborted, so nothing more was tried; nothing to fix",
    ...where,
  });
}

/**
 * Whatever a transport threw, as a ProviderError (unknown throws count as network trouble), the
 * thrown value its `cause`. An Error's message (or a thrown string) is quoted; anything else a
 * program's own transport may throw (a Symbol, a revoked Proxy, an object with no prototype, an
 * Error whose message getter throws) is read without trusting it and said as what it is.
 */
export function asProviderError(error: unknown, model: ResolvedModel): ProviderError {
  if (isInstance(error, ProviderError)) return error;
  const message = thrownMessage(error);
  const said =
    message !== undefined ? message : `its ${model.api} transport threw ${thrownText(error)}`;
  return new ProviderError({
    errorClass: "network",
    message: `request to ${model.ref} failed: ${printable(said)}`,
    provider: model.provider,
    model: model.id,
    cause: error,
  });
}
