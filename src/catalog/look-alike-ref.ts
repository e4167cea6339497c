/**
 * A model ref in the config written with characters that look like ASCII but are not: curly
 * quotes kept around it (`config set … '“moonshot/kimi-k2.5”'`: the shell took them for letters),
 * which the catalog only names as an unknown provider "“moonshot"; a full-width character in it
 * (`moonshot／kimi-k2.5`, as a Chinese input method types `/`), which it only finds a closest match
 * for. What was meant, and the hints for the file and for `config set`. Pure.
 */
import { configSetTextWord, fullWidthInName, parsePath, shellPath } from "../config/index.js";
import { curlyQuotesKeptHint, insideCurlyQuotes } from "../util/curly-quotes.js";
import { shellWord } from "../util/shell-word.js";

export interface LookAlikeRefHints {
  /** For a ref written so in a file. */
  hint: string;
  /** For a ref that `config set` was given so (the path it sets is `path`). */
  setHint: string;
}

/**
 * The hints for the ref `written` at the dotted `path`, when it is in curly quotes or has a
 * full-width character in it.
 */
export function lookAlikeRefHints(written: string, path: string): LookAlikeRefHints | undefined {
  const typed = written.trim();
  const command = (meant: string) =>
    `openclaw config set ${shellPath(parsePath(path))} ${configSetTextWord(meant, shellWord)}`;
  const meant = insideCurlyQuotes(typed);
  if (meant !== undefined)
    return {
      hint: `the ${typed[0]} and ${typed.at(-1)} around it are curly quotes, so they are part of the name: write ${JSON.stringify(meant)} without them`,
      setHint: `${curlyQuotesKeptHint(typed, meant, "the shell and the config")}: ${command(meant)}`,
    };
  const fullWidth = fullWidthInName(typed);
  if (fullWidth === undefined) return undefined;
  return {
    hint: `${fullWidth.said}: write ${JSON.stringify(fullWidth.meant)}`,
    setHint: `${fullWidth.said}: ${command(fullWidth.meant)}`,
  };
}
