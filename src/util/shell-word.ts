/**
 * Words as a POSIX shell reads them, for the commands openclaw's messages give to paste: one
 * rule, so that no message quotes a value another way.
 */

/** `text` in single quotes, a single quote in it closed around: one word whatever it holds. */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `text` as one word: as it is when a shell would neither split nor expand it, else quoted. */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : singleQuoted(text);
}

/**
 * `text` as one word, written as messages write a name: in double quotes (`"Kimi K2"`) when a
 * shell takes what is inside them as it is, else in single quotes, since double quotes would let
 * a `$` or a backtick expand, a `"` end the word, a `\` escape, and a `!` recall history.
 */
export function shellQuotedName(text: string): string {
  return /[$`"\\!]/.test(text) ? singleQuoted(text) : `"${text}"`;
}

/**
 * A model as a person typed it, a ref or an alias, as one word: as it is when a shell takes it so
 * (`moonshot/kimi-k2.5`), else quoted as messages quote a name (`"Kimi K2"`).
 */
export function shellModelWord(text: string): string {
  return shellWord(text) === text ? text : shellQuotedName(text);
}
