/**
 * What a caller's callback returned, told apart: a promise (or any thenable) is to be waited
 * for, anything else (`events.push(e)`'s number, `res.write(chunk)`'s boolean) means nothing.
 */

/** Whether `value` is a promise or another thenable. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
