import type { RetryPolicy } from "./types.js";

/** Three attempts per model, the waits starting at 500 ms and growing to 20 s at most. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 20_000 };

/**
 * The longest `Retry-After` we are willing to sit through inside one call. Longer waits put the
 * model on cooldown and move on to the fallbacks instead of hanging the caller.
 */
export const MAX_HONOURED_RETRY_AFTER_MS = 60_000;

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1): the provider's `Retry-After` when
 * it sent one (never less), else exponential backoff with "equal jitter": half the step is fixed,
 * half is random, so clients spread out without ever retrying immediately.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) {
    // A little jitter on top so that many clients told "1 second" do not return in lockstep.
    return Math.round(retryAfterMs + random() * Math.min(250, retryAfterMs * 0.1 + 50));
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * `DEFAULT_RETRY` with each given layer's fields over it, later layers winning; at least one
 * attempt, no negative delay.
 */
export function resolveRetryPolicy(...layers: (Partial<RetryPolicy> | undefined)[]): RetryPolicy {
  const policy = { ...DEFAULT_RETRY };
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.maxAttempts !== undefined) policy.maxAttempts = Math.max(1, layer.maxAttempts);
    if (layer.baseDelayMs !== undefined) policy.baseDelayMs = Math.max(0, layer.baseDelayMs);
    if (layer.maxDelayMs !== undefined) policy.maxDelayMs = Math.max(0, layer.maxDelayMs);
  }
  return policy;
}
