/**
 * A model ref in the config written with characters that look like ASCII but are not: curly
 * quotes kept around it (`config set … '“moonshot/kimi-k2.5”'`: the shell took them for letters),
 * which the catalog only names as an unknown provider "“moonshot". What was meant, and the hints
 * for the file and for `config set`. Pure.
 */
import { parsePath, shellPath } from "../config/index.js";
import { curlyQuotesKeptHint, insideCurlyQuotes } from "../util/curly-quotes.js";
import { shellWord } from "../util/shell-word.js";

export interface LookAlikeRefHints {
  /** For a ref written so in a file. */
  hint: string;
  /** For a ref that `config set` was given so (the path it sets is `path`). */
  setHint: string;
}

/** The hints for the ref `written` at the dotted `path`, when it is in curly quotes. */
export function lookAlikeRefHints(written: string, path: string): LookAlikeRefHints | undefined {
  const typed = written.trim();
  const meant = insideCurlyQuotes(typed);
  if (meant === undefined) return undefined;
  const command = `openclaw config set ${shellPath(parsePath(path))} ${shellWord(meant)}`;
  return {
    hint: `the ${typed[0]} and ${typed.at(-1)} around it are curly quotes, so they are part of the name: write ${JSON.stringify(meant)} without them`,
    setHint: `${curlyQuotesKeptHint(typed, meant, "the shell and the config")}: ${command}`,
  };
}
