/**
 * A callback a library call takes as an argument of its own (`relay(options, sink)`,
 * `runAgentToEnd(options, onEvent)`), checked at the door: plain JavaScript passes nothing, or
 * the options a second time (`complete(options, { signal })`), and the run then failed at its
 * first event with `TypeError: sink is not a function`, after the request was sent.
 */
import { OpenClawError } from "../errors.js";
import { describeGiven } from "./call-options.js";

/** Where the callback goes and what else the caller may do instead. */
export interface CallbackArgument {
  /** `relay`, `runAgentToEnd`: the call, as its caller wrote it. */
  call: string;
  /** `sink`, `onEvent`: the argument's name. */
  name: string;
  /** `second`: which argument it is. */
  position: string;
  /** Whether leaving it out (`undefined` or `null`) is fine. */
  optional: boolean;
  /** What to do instead, for the hint (`use complete(options) for the result alone`). */
  otherwise: string;
}

/**
 * The refusal (code `usage`, `where` the argument's name) of `value` where `argument` wants a
 * function, or undefined when it is one (or left out, when that is fine). The value is said by
 * its kind only.
 */
export function callbackArgumentProblem(
  argument: CallbackArgument,
  value: unknown,
): OpenClawError | undefined {
  // `null` stays what it was before the check: left out.
  if (typeof value === "function" || (argument.optional && (value === undefined || value === null)))
    return undefined;
  const { call, name, position, optional } = argument;
  // `complete(options, { signal })`: the options split in two.
  const options =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? ", with all its options (signal, timeouts, …) in the first argument"
      : "";
  return new OpenClawError(
    "usage",
    `${call}'s ${position} argument, ${name}, must be a function (event) => void${optional ? " or left out" : ""}, got ${describeGiven(value)}`,
    {
      where: name,
      hint: `pass ${call}(options, (event) => { … })${options}; ${argument.otherwise}`,
    },
  );
}

/** Throws what `callbackArgumentProblem` finds. */
export function checkCallbackArgument(argument: CallbackArgument, value: unknown): void {
  const problem = callbackArgumentProblem(argument, value);
  if (problem) throw problem;
}
