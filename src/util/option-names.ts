/**
 * A library call's options object checked for names it does not take: plain JavaScript passes
 * `{ prot: 8080 }` or `{ evn: {...} }` without a word, and the call would run on its defaults
 * (port 18789, the process's environment) as if nothing were wrong.
 */
import { OpenClawError } from "../errors.js";
import { closestMatches } from "./suggest.js";

/**
 * Every option name of `T`, listed once: `satisfies` makes TypeScript refuse the list when the
 * options interface gains or loses a name and the list is not changed with it.
 */
export type OptionNames<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Throws (code `usage`) when `given` is not an object, or names an option `accepted` does not
 * list: the message names the call and the name with the nearest accepted one, the hint lists
 * them all.
 */
export function checkOptionNames(
  call: string,
  given: unknown,
  accepted: Readonly<Record<string, true>>,
): void {
  const names = Object.keys(accepted);
  if (given === undefined) return;
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    const got = given === null ? "null" : Array.isArray(given) ? "an array" : typeof given;
    throw new OpenClawError("usage", `${call} takes an options object {...}, got ${got}`, {
      hint: `pass an object with any of: ${names.join(", ")}`,
    });
  }
  const unknown = Object.keys(given).filter((name) => !Object.hasOwn(accepted, name));
  const first = unknown[0];
  if (first === undefined) return;
  const near = closestMatches(first, names, 1)[0];
  const more = unknown.length > 1 ? ` (and ${unknown.slice(1).map(quoted).join(", ")})` : "";
  throw new OpenClawError(
    "usage",
    `${call} has no option ${quoted(first)}${near ? ` (did you mean ${near}?)` : ""}${more}`,
    {
      where: first,
      hint: `${near ? `spell it ${near}, or leave it out` : "leave it out"}: the options ${call} takes are ${names.join(", ")}`,
    },
  );
}

function quoted(name: string): string {
  return JSON.stringify(name);
}
