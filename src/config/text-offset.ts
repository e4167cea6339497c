/**
 * Where a parser's 1-based line and column fall in the text it read (the syntax-error advice
 * looks at what is written there). Pure.
 */

/** The offset in `text` of a 1-based line and column, as JSON5 reports them. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let at = 1; at < line; at++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + Math.max(0, column - 1);
}
