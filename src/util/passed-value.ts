/**
 * What a JavaScript caller passed where a library call wanted something else, in words for a
 * usage error: the call names the argument and what to pass, and this says what came instead.
 */

/** `nothing`, `null`, `the number 42`, `an array`, `a string`, …: what was passed instead. */
export function passedValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "object") return "an object that is not one";
  return `a ${typeof value}`;
}
