/**
 * The `{` or `[` a JSON5 text never closes. JSON5 reports such a file as "invalid end of input"
 * at its last line, which shows an empty line and a caret under nothing; the opener that was
 * left open is what a person has to find.
 */

export interface UnclosedBracket {
  bracket: "{" | "[";
  /** 1-based, as editors count. */
  line: number;
  column: number;
}

interface Opener extends UnclosedBracket {
  /** The indentation of the line it is on. */
  indent: number;
}

/** Spaces and tabs at the start of the line that starts at `start`. */
function indentAt(text: string, start: number): number {
  let at = start;
  while (text[at] === " " || text[at] === "\t") at++;
  return at - start;
}

/**
 * The bracket `text` leaves open, skipping strings and comments; undefined when every bracket is
 * closed (the end of input is wrong for another reason: an open string). Counting alone blames
 * the outermost `{`, since each `}` closes the nearest opener; so the indentation is read as the
 * writer meant it: a `}` that starts a line left of the line its opener is on closes an outer
 * one, and that opener is the one left open. Without such a sign, the innermost still open.
 */
export function unclosedBracket(text: string): UnclosedBracket | undefined {
  const open: Opener[] = [];
  let suspect: Opener | undefined;
  let line = 1;
  let lineStart = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === "\n") {
      line++;
      lineStart = index + 1;
      index++;
      continue;
    }
    if (char === '"' || char === "'") {
      // A string runs to its closing quote (or, unclosed, to the end of its line).
      index++;
      while (index < text.length && text[index] !== char && text[index] !== "\n") {
        if (text[index] === "\\") index++;
        index++;
      }
      if (text[index] === char) index++;
      continue;
    }
    if (char === "/" && text[index + 1] === "/") {
      while (index < text.length && text[index] !== "\n") index++;
      continue;
    }
    if (char === "/" && text[index + 1] === "*") {
      const end = text.indexOf("*/", index + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let at = index; at < stop; at++) {
        if (text[at] === "\n") {
          line++;
          lineStart = at + 1;
        }
      }
      index = stop;
      continue;
    }
    const column = index - lineStart;
    if (char === "{" || char === "[") {
      open.push({ bracket: char, line, column: column + 1, indent: indentAt(text, lineStart) });
    } else if (char === "}" || char === "]") {
      const opener = open.pop();
      const startsLine = indentAt(text, lineStart) === column;
      if (opener && !suspect && startsLine && opener.line < line && column < opener.indent)
        suspect = opener;
    }
    index++;
  }
  if (open.length === 0) return undefined;
  const left = suspect ?? (open.at(-1) as Opener);
  return { bracket: left.bracket, line: left.line, column: left.column };
}
