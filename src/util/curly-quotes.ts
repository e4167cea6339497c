/**
 * A value wrapped whole in curly or full-width quotes (`“moonshot/kimi-k2.5”`, as a Chinese input
 * method, a word processor or a web page writes quotes): the shell takes those quotes for
 * letters, so they arrive as part of the value. What was meant, and how to say so: shared by
 * `--model`, `models set` and `config set`. Pure.
 */

/** Quote marks that look like ASCII ones but are letters to the shell and to JSON5 names. */
export const QUOTE_LOOK_ALIKES: ReadonlySet<string> = new Set(["“", "”", "‘", "’", "＂", "＇"]);

/** Whether `word` starts with a quote look-alike. */
export function opensCurly(word: string): boolean {
  return QUOTE_LOOK_ALIKES.has(word[0] ?? "");
}

/** Whether `word` ends with a quote look-alike. */
export function closesCurly(word: string): boolean {
  return QUOTE_LOOK_ALIKES.has(word.at(-1) ?? "");
}

/**
 * What `word` holds inside the curly quotes around the whole of it (`“moonshot/kimi-k2.5”`, one
 * word the shell left as typed, quotes included); undefined when it is not so quoted.
 */
export function insideCurlyQuotes(word: string): string | undefined {
  return opensCurly(word) && word.length > 2 && closesCurly(word)
    ? word.slice(1, -1).trim()
    : undefined;
}

/**
 * The hint for a value typed on the command line in curly quotes that became part of it: `typed`
 * as given (trimmed), `meant` what is inside them. `takers` are what read the value so (the
 * shell; for `config set`, the config's JSON5 too).
 */
export function curlyQuotesKeptHint(
  typed: string,
  meant: string,
  takers: "the shell" | "the shell and the config" = "the shell",
): string {
  const word = typed.trim();
  const take = takers === "the shell" ? "takes" : "take";
  return `${takers} ${take} ${word[0]} and ${word.at(-1)} for letters, not quotes (a Chinese input method types them), so they became part of the name: give ${JSON.stringify(meant)} without them, or in ASCII quotes`;
}
