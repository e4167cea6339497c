/**
 * The string arguments of a library call, checked at its door: plain JavaScript passes
 * `sessionPath(dir, "main", 42)` or leaves one out, and the call failed deep inside with
 * `TypeError: id.includes is not a function`, naming neither the argument nor what to pass.
 */
import { OpenClawError } from "../errors.js";
import { passedValue } from "./passed-value.js";

/**
 * Throws (code `usage`, `where` the argument's name) for the first of `args` (names to values,
 * in the call's order) that is not a string; the value is said by its kind only.
 */
export function checkStringArguments(
  call: string,
  args: Readonly<Record<string, unknown>>,
  shape: string,
): void {
  for (const [name, value] of Object.entries(args)) {
    if (typeof value === "string") continue;
    throw new OpenClawError(
      "usage",
      `${call} needs ${name} as a string, got ${passedValue(value)}`,
      { where: name, hint: `call it as ${shape}` },
    );
  }
}
