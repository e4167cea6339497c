/**
 * A token count as an upstream reported it, when it is one: a number of at least 0 (a fraction
 * is rounded) or a string of digits, as some OpenAI-compatible servers send. A negative number,
 * NaN, other text or anything else is no count: undefined, for the caller to estimate instead.
 */
export function tokenCount(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  }
  if (typeof value === "string" && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  return undefined;
}
