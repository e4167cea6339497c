/** A parsed JSON value as a number, when it is a finite one (not NaN, not ±Infinity). */
export function finiteNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
