/**
 * A library call's options object checked for names it does not take: plain JavaScript passes
 * `{ prot: 8080 }` or `{ evn: {...} }` without a word, and the call would run on its defaults
 * (port 18789, the process's environment) as if nothing were wrong.
 */
import { OpenClawError } from "../errors.js";
import { shortened } from "./client-value.js";
import { closestMatches } from "./suggest.js";

/**
 * How many unknown names an error names, each with its suggestion; the rest are counted ("and
 * 4995 more"): an object with thousands of made-up keys must not make a message of megabytes,
 * nor a fuzzy match per key.
 */
export const NAMED_AT_MOST = 5;

/**
 * The first NAMED_AT_MOST of `names` as an error's `where` lists them, each shortened and after
 * `prefix` (`request.`).
 */
export function namedPlaces(names: readonly string[], prefix = ""): string {
  return names
    .slice(0, NAMED_AT_MOST)
    .map((name) => `${prefix}${shortened(name)}`)
    .join(", ");
}

/** `, and 4995 more` after a list that names NAMED_AT_MOST of `total` names; "" when it names all. */
export function moreNames(total: number): string {
  const more = total - NAMED_AT_MOST;
  return more > 0 ? `, and ${more} more` : "";
}

/**
 * Every option name of `T`, listed once: `satisfies` makes TypeScript refuse the list when the
 * options interface gains or loses a name and the list is not changed with it.
 */
export type OptionNames<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Names another call gives an accepted option, each with the accepted one it means here
 * (`{ path: "file" }`: loadConfig's name for the file, given to validateConfig): no spelling is
 * near, and "leave it out" would be the very mistake the check is there to catch.
 */
export type NamesMeant = Readonly<Record<string, string>>;

/**
 * Throws (code `usage`) when `given` is not an object, or names an option `accepted` does not
 * list: the message names the call and the name with the nearest accepted one (or the one
 * `meant` gives it), the hint lists them all.
 */
export function checkOptionNames(
  call: string,
  given: unknown,
  accepted: Readonly<Record<string, true>>,
  meant?: NamesMeant,
): void {
  if (given === undefined) return;
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    const names = Object.keys(accepted);
    const got = given === null ? "null" : Array.isArray(given) ? "an array" : typeof given;
    throw new OpenClawError("usage", `${call} takes an options object {...}, got ${got}`, {
      hint: `pass an object with any of: ${names.join(", ")}`,
    });
  }
  const unknown = unknownOptionNames(given, accepted);
  if (unknown === undefined) return;
  const words = unknownNamesWords(unknown, accepted, `the options ${call} takes`, meant);
  throw new OpenClawError(
    "usage",
    `${call} has no option${unknown.length === 1 ? "" : "s"} ${words.listed}`,
    { where: namedPlaces(unknown), hint: words.hint },
  );
}

/**
 * The names of `given`'s own keys that `accepted` does not list, in order; undefined when every
 * one is listed, with nothing allocated then (a run's options are checked on every request).
 */
export function unknownOptionNames(
  given: object,
  accepted: Readonly<Record<string, true>>,
): string[] | undefined {
  let unknown: string[] | undefined;
  for (const name in given) {
    if (!Object.hasOwn(given, name) || Object.hasOwn(accepted, name)) continue;
    unknown ??= [];
    unknown.push(name);
  }
  return unknown;
}

/** An unknown option name and the accepted one nearest to it, if any is near. */
export interface NamedNear {
  name: string;
  near: string | undefined;
}

/**
 * How to name `unknown` names: each quoted with the nearest accepted one (`"sginal" (did you
 * mean signal?)`), and a hint saying what to do with each, then `takenBy` ("the options
 * startGateway takes") and every accepted name. Every unknown name has its own suggestion: a
 * caller fixing only the first would meet the next on the following run. Only the first
 * NAMED_AT_MOST are named (`named` holds those), the rest counted: `more`. A name `meant` lists
 * is given the accepted one it means, before any spelling.
 */
export function unknownNamesWords(
  unknown: readonly string[],
  accepted: Readonly<Record<string, true>>,
  takenBy: string,
  meant?: NamesMeant,
): { listed: string; hint: string; named: readonly NamedNear[]; more: number } {
  const names = Object.keys(accepted);
  const named = unknown.slice(0, NAMED_AT_MOST).map((name) => ({
    name,
    near:
      meant !== undefined && Object.hasOwn(meant, name)
        ? meant[name]
        : closestMatches(name, names, 1)[0],
  }));
  const more = unknown.length - named.length;
  const listed = `${named
    .map(({ name, near }) => `${quoted(name)}${near ? ` (did you mean ${near}?)` : ""}`)
    .join(", ")}${moreNames(unknown.length)}`;
  const taken = `${takenBy} are ${names.join(", ")}`;
  const only = named.length === 1 ? named[0] : undefined;
  const hint = only
    ? `${only.near ? `spell it ${only.near}, or leave it out` : "leave it out"}: ${taken}`
    : `${fixesFor(named, more)}: ${taken}`;
  return { listed, hint, named, more };
}

/**
 * "spell prot as port, evn as env; leave out zzz": what to do with each unknown name named, and
 * with the `more` that are not.
 */
function fixesFor(named: readonly NamedNear[], more: number): string {
  const respell = named.flatMap(({ name, near }) => (near ? [`${quoted(name)} as ${near}`] : []));
  const leaveOut = named.flatMap(({ name, near }) => (near ? [] : [quoted(name)]));
  const rest = more > 0 ? `the ${more} more not named here` : "";
  return [
    respell.length > 0 ? `spell ${respell.join(", ")} (or leave them out)` : "",
    leaveOut.length > 0
      ? `leave out ${leaveOut.join(", ")}${rest ? `, and ${rest}` : ""}`
      : rest && `leave out or fix ${rest}`,
  ]
    .filter(Boolean)
    .join("; ");
}

/** A name as an error quotes it: shortened (a client's megabytes of key come back cut), in JSON quotes. */
function quoted(name: string): string {
  return JSON.stringify(shortened(name));
}
