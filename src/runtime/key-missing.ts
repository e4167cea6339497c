/**
 * Which failures are a model passed over because no key was found for it on this side (none
 * set, or only the docs' placeholder; a program's own lookup returned none), as opposed to a key
 * the provider refused: nothing was sent upstream. Kept beside the error and the run's report of
 * the attempt, not in their public shape, for a gateway to answer it as its own config's problem
 * rather than as an upstream's refusal.
 */

const keyMissing = new WeakSet<object>();

/** Marks `failure` (a ProviderError, or the FailedAttempt made of it) as a missing key. */
export function noteKeyMissing<T extends object>(failure: T): T {
  keyMissing.add(failure);
  return failure;
}

/** Whether `failure` is a model passed over for a key missing on this side (see noteKeyMissing). */
export function isKeyMissing(failure: unknown): boolean {
  return typeof failure === "object" && failure !== null && keyMissing.has(failure);
}
