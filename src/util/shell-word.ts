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
