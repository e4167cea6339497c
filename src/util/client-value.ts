/**
 * A client's value (or a library caller's: a tool's name) as an error or a note quotes it:
 * shortened, so that megabytes sent are never sent back, logged or remembered whole. Only what
 * is said calls these; a request is checked without them.
 */

/** How many characters of a client's string an error quotes. */
export const QUOTED_CHARS = 40;

/** What kind of JSON value `value` is, for "must be a string, got an object". */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/**
 * `text` cut to its first QUOTED_CHARS characters and "…" when longer, for a field name that
 * becomes an error's `param`: a client's megabytes of name must not come back whole.
 */
export function shortened(text: string): string {
  if (text.length <= QUOTED_CHARS) return text;
  // Not between the two halves of a surrogate pair, which would leave half a character.
  const code = text.charCodeAt(QUOTED_CHARS - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? QUOTED_CHARS - 1 : QUOTED_CHARS;
  return `${text.slice(0, end)}…`;
}

/** How many of a client's names (the tools a request offers) an error lists; the rest are counted. */
export const LISTED_NAMES = 5;

/**
 * `names` as an error lists them: the first LISTED_NAMES, each shortened, then `, and 4995 more`
 * (a request of thousands of tools must not come back as a message of them all); `none` when
 * there are none.
 */
export function listedNames(names: readonly string[], none: string): string {
  if (names.length === 0) return none;
  const shown = names.slice(0, LISTED_NAMES).map(shortened);
  const more = names.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? `, and ${more} more` : ""}`;
}

/** How many characters of a client's JSON a note quotes. */
export const QUOTED_JSON_CHARS = 200;

/**
 * `value` as JSON for a note (`thinking {"type":"enabled","keep":"all"}`), cut after
 * QUOTED_JSON_CHARS characters with its length when longer: a note is logged, and remembered
 * to be said once, per distinct text.
 */
export function clippedJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json.length <= QUOTED_JSON_CHARS) return json;
  return `${json.slice(0, QUOTED_JSON_CHARS)}… (${json.length} characters)`;
}

/**
 * A client's value quoted in an error: a string as JSON, its first QUOTED_CHARS characters and
 * its length when longer (`"aaaa…" (3145728 characters)`); a number, boolean or null as written;
 * an object or array by kind only, since it may be any size.
 */
export function quoted(value: unknown): string {
  if (typeof value === "string") {
    if (value.length <= QUOTED_CHARS) return JSON.stringify(value);
    return `${JSON.stringify(shortened(value))} (${value.length} characters)`;
  }
  if (value === undefined || value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return describe(value);
}

/** Names as a note lists them: the first LISTED_NAMES quoted, then how many more. */
export function quotedNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).map((name) => quoted(name));
  const more = names.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? `, and ${more} more` : ""}`;
}
