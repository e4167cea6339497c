/**
 * The comma left out between two entries of an object or list, the most common slip when a
 * person adds a line to a config by hand (a new alias, a second provider after the first).
 * JSON5 names only the first character of the next entry (`invalid character '"'` on the line
 * after the one missing the comma), so the person looks at a line with nothing wrong in it.
 * Pure.
 */
import { firstSyntaxErrorLine } from "./json5-quiet.js";
import { offsetOf } from "./text-offset.js";

export interface MissingComma {
  /** Where the comma goes, 1-based as editors count. */
  line: number;
  column: number;
  reason: string;
  hint: string;
}

/** What can start the next entry: a key, a string, a number, an object or a list. */
const ENTRY_START = /^[\p{L}\p{Nl}_$"'0-9+\-.{[]$/u;

/** How many places before the entry are tried: a comment line or two between them is enough. */
const MAX_TRIES = 400;

/**
 * How many characters all tries parse together, at most: each parses the file up to the entry's
 * line, so a large config (megabytes of providers) gets few tries, not seconds of parsing. The
 * first try, right after the line before, is the usual answer.
 */
const PARSE_BUDGET = 4_000_000;

/**
 * When the syntax error JSON5 reports at `line`:`column` of `body` goes away with a comma before
 * the entry there (the text up to its line then fails only at its end), where that comma goes:
 * right after the value before it, skipping the blank lines and comments between. Undefined when
 * a comma does not fix it (a missing colon, a stray word), so the generic advice stays.
 */
export function missingCommaAt(
  body: string,
  line: number,
  column: number,
): MissingComma | undefined {
  const entry = offsetOf(body, line, column);
  if (!ENTRY_START.test(body[entry] ?? "")) return undefined;
  // The file up to the end of the entry's line is parsed, not all of it: with the comma, it then
  // fails only at its end, on the line after (what follows is another question).
  const lineEnd = body.indexOf("\n", entry);
  const upTo = `${lineEnd < 0 ? body : body.slice(0, lineEnd)}\n`;
  const maxTries = Math.min(MAX_TRIES, Math.floor(PARSE_BUDGET / upTo.length));
  let tries = 0;
  for (let at = entry; at > 0 && tries < maxTries; at--) {
    // A comma goes right after a character that can end a value, never into blank space.
    if (/\s/.test(body[at - 1] ?? " ")) continue;
    tries++;
    const withComma = `${upTo.slice(0, at)},${upTo.slice(at)}`;
    const failsAt = firstSyntaxErrorLine(withComma);
    if (failsAt !== undefined && failsAt <= line) continue;
    const before = body.slice(0, at);
    const commaLine = before.split("\n").length;
    const commaColumn = at - before.lastIndexOf("\n");
    const next = commaLine === line ? "the next entry" : `the next entry, on line ${line}`;
    return {
      line: commaLine,
      column: commaColumn,
      reason: `a comma is missing here, between this value and ${next}`,
      hint: 'add a "," where the caret points: the entries of an object or a list are separated by commas (one after the last entry is allowed too)',
    };
  }
  return undefined;
}

/**
 * JSON5's "invalid character '#'": a comment written the way YAML, TOML and shell files write
 * one. The hint says how JSON5 writes a comment, and what to do with a value that starts with #.
 */
export function hashCommentAdvice(): { reason: string; hint: string } {
  return {
    reason: "invalid character '#': a comment in JSON5 does not start with #",
    hint: 'write a comment as // to the end of the line, or between /* and */; a value that starts with # goes in quotes ("#…")',
  };
}
