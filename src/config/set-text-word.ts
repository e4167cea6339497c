/**
 * The value word of a printed `config set` command that stores a name as text. `config set` reads
 * its value as JSON5 first, so a name such as `123`, `true`, `null` or `[1]` given as it is would
 * be stored as a number, a boolean, null or a list: such a name is given as a JSON5 string in
 * single quotes (`'"123"'`), the way config set's own hint says to type text.
 */
import { singleQuoted } from "../util/shell-word.js";
import { parseCliValue } from "./edit.js";

/**
 * `text` as the value word of `config set` that stores exactly `text`: `word(text)` (the shell
 * word messages use for it) when config set reads that as the same text, else the JSON5 string.
 */
export function configSetTextWord(text: string, word: (text: string) => string): string {
  return readAsText(text) ? word(text) : singleQuoted(JSON.stringify(text));
}

/**
 * Whether config set stores `text`, given as it is, as that text: not when JSON5 reads it as
 * another value, refuses it, or when it looks like a list or an object (`[Kimi]`, taken as text
 * but then said to be a list the shell unquoted).
 */
function readAsText(text: string): boolean {
  if (/^\s*[[{]/.test(text)) return false;
  try {
    return parseCliValue(text) === text;
  } catch {
    return false;
  }
}
