/**
 * A library call's options object checked before it is used: plain JavaScript passes nothing,
 * `{}` or `{ provider, baseUrl, key }` to `checkKey` without a word, and the call would then fail
 * deep inside with `TypeError: Cannot read properties of undefined`, which says neither which
 * option is wrong nor what it should hold.
 */
import { OpenClawError } from "../errors.js";
import { checkOptionNames, namedPlaces, unknownNamesWords } from "./option-names.js";

/** An option a call cannot run without: its name, the shape it takes (for a person), a test. */
export interface RequiredOption {
  name: string;
  /** `{ label: string, baseUrl: string }`, `an array of messages`: what to pass. */
  shape: string;
  holds: (value: unknown) => boolean;
}

/**
 * Throws (code `usage`) when `given` is not an options object, names an option `accepted` does not
 * list, or lacks (or holds something else in) one of `required`: the message names the option and
 * the shape it takes, the hint what to pass.
 */
export function checkCallOptions(
  call: string,
  given: unknown,
  accepted: Readonly<Record<string, true>>,
  required: readonly RequiredOption[],
): void {
  const needs = required.map(({ name, shape }) => `${name}: ${shape}`).join(", ");
  if (given === undefined) {
    throw new OpenClawError("usage", `${call} takes an options object, got undefined`, {
      hint: `pass { ${needs} } (and any of: ${optionalNames(accepted, required).join(", ")})`,
    });
  }
  const wrong = isRecord(given) ? required.filter(({ name, holds }) => !holds(given[name])) : [];
  if (wrong.length === 0) {
    // Not an object, or every required option right: an unknown name is the only thing to say.
    checkOptionNames(call, given, accepted);
    return;
  }
  const record = given as Record<string, unknown>;
  const names = Object.keys(accepted);
  const unknown = Object.keys(record).filter((name) => !Object.hasOwn(accepted, name));
  const said = wrong
    .map(({ name, shape }) => `${name} (${shape}), got ${describeGiven(record[name])}`)
    .join("; ");
  const misplaced =
    unknown.length === 0
      ? ""
      : `${unknownNamesWords(unknown, accepted, "").listed} ${unknown.length === 1 ? "is not an option" : "are not options"} of ${call}; `;
  throw new OpenClawError(
    "usage",
    `${call} needs the option${wrong.length === 1 ? "" : "s"} ${said}`,
    {
      where: [...wrong.map(({ name }) => name), namedPlaces(unknown)].filter(Boolean).join(", "),
      hint: `${misplaced}pass { ${needs} }; the options ${call} takes are ${names.join(", ")}`,
    },
  );
}

function optionalNames(
  accepted: Readonly<Record<string, true>>,
  required: readonly RequiredOption[],
): string[] {
  return Object.keys(accepted).filter((name) => !required.some((option) => option.name === name));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What was passed, in a word: never the value itself (it may be a key). */
export function describeGiven(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object of another shape" : `a ${typeof value}`;
}

/** The tests the callers need most. */
export const holds = {
  string: (value: unknown): boolean => typeof value === "string",
  array: (value: unknown): boolean => Array.isArray(value),
  function: (value: unknown): boolean => typeof value === "function",
  object: (value: unknown): boolean => isRecord(value),
  /** An object whose `names` are all strings. */
  objectWithStrings:
    (...names: string[]) =>
    (value: unknown): boolean =>
      isRecord(value) && names.every((name) => typeof value[name] === "string"),
  /** An object whose `names` are all functions (a runtime: `stream`, `relay`, `complete`). */
  objectWithFunctions:
    (...names: string[]) =>
    (value: unknown): boolean =>
      isRecord(value) && names.every((name) => typeof value[name] === "function"),
} as const;
