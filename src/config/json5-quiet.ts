/**
 * JSON5.parse without its console.warn: json5 warns on stderr, with no file or line, about a raw
 * U+2028 or U+2029 inside a string ("not valid ECMAScript; consider escaping"). JSON5 allows them
 * and the config works, so the warning only puzzles the person; and it came once per parse, twice
 * for one `config validate`. Parsing is synchronous, so nothing else can warn while it is muted.
 */
import JSON5 from "json5";

export function parseJson5Quietly(text: string): unknown {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return JSON5.parse(text);
  } finally {
    console.warn = warn;
  }
}

/**
 * The 1-based line of the first syntax error in `text`, undefined when it parses (0 when JSON5
 * names no line).
 */
export function firstSyntaxErrorLine(text: string): number | undefined {
  try {
    parseJson5Quietly(text);
    return undefined;
  } catch (error) {
    const line = (error as { lineNumber?: unknown }).lineNumber;
    return typeof line === "number" ? line : 0;
  }
}

/** Whether `text` parses, or fails only after line `line`. */
export function parsesThrough(text: string, line: number): boolean {
  const failsAt = firstSyntaxErrorLine(text);
  return failsAt === undefined || failsAt > line;
}
