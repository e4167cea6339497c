/**
 * A library call's optional options checked for what they hold: plain JavaScript passes
 * `{ port: "8080" }`, `{ env: "production" }` or `{ watch: "no" }` without a word, and the call
 * would run on something else than was meant (the process's own environment and state dir, a
 * watch left on) or fail deep inside with a `TypeError` that names no option.
 */
import { OpenClawError } from "../errors.js";
import { describeGiven } from "./call-options.js";
import { isRecord } from "./is-record.js";

/** What an option holds when it is given: its shape, for a person, and the test of it. */
export interface OptionType {
  /** `a number`, `a function`: what to pass, after "must be". */
  shape: string;
  holds: (value: unknown) => boolean;
}

/** The options of `T` whose values are checked here (the others have checks of their own). */
export type OptionTypes<T> = { readonly [K in keyof Required<T>]?: OptionType };

/**
 * Throws (code `usage`, `where` the option) for the first option of `types` that `given` holds
 * with a value of another kind; `undefined` is an option left out. The value is said by its kind
 * only (it may be a key).
 */
export function checkOptionTypes(
  call: string,
  given: unknown,
  types: Readonly<Record<string, OptionType | undefined>>,
): void {
  if (!isRecord(given)) return; // checkOptionNames refuses what is no options object
  for (const [name, type] of Object.entries(types)) {
    const value = given[name];
    if (type === undefined || value === undefined || type.holds(value)) continue;
    throw new OpenClawError(
      "usage",
      `${call}'s option ${name} must be ${type.shape}, got ${describeGiven(value)}`,
      { where: name, hint: `pass ${type.shape} as ${name}, or leave it out for its default` },
    );
  }
}

/** The option kinds the library's calls take. */
export const optionType = {
  /** `process.env` or an object like it: variable names to strings. */
  env: {
    shape: "an object of environment variables, as process.env is ({ MOONSHOT_API_KEY: key })",
    holds: (value: unknown): boolean =>
      isRecord(value) &&
      Object.values(value).every((item) => item === undefined || typeof item === "string"),
  },
  nonEmptyString: (what: string): OptionType => ({
    shape: `${what} (a non-empty string)`,
    holds: (value) => typeof value === "string" && value.trim() !== "",
  }),
  number: (what: string): OptionType => ({
    shape: `a number (${what})`,
    holds: (value) => typeof value === "number",
  }),
  boolean: { shape: "true or false", holds: (value: unknown) => typeof value === "boolean" },
  function: (what: string): OptionType => ({
    shape: `a function (${what})`,
    holds: (value) => typeof value === "function",
  }),
  transports: {
    shape: 'an object of transports by API ({ "openai-completions": transport })',
    holds: isRecord,
  },
  object: (what: string): OptionType => ({ shape: `an object (${what})`, holds: isRecord }),
} as const;
