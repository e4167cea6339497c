/**
 * A word written without quotes where JSON5 takes only a quoted string: a value (`bind: lan`,
 * `model: moonshot/kimi-k2.5`, `[moonshot/kimi-k2.5]`) or a key holding a character an unquoted
 * key cannot (`kimi-code: {…}`). JSON5 names one character of it (`invalid character '-'`) with
 * no word about quotes. Said only when quoting the word fixes its line. Pure.
 */
import { parsesThrough } from "./json5-quiet.js";
import { looksLikeSecret } from "./secret-names.js";
import { offsetOf } from "./text-offset.js";
import { tokenSizeReadings } from "./token-size.js";

export interface UnquotedWord {
  /** Where the word starts, 1-based as editors count. */
  line: number;
  column: number;
  reason: string;
  hint: string;
}

/** What a bare word runs over: not a colon, comma, bracket, quote or space. */
const WORD_CHAR = /[\p{L}\p{N}_$\-./@+~]/u;

/** The first non-space character from `at` going by `step` (-1 back, 1 on). */
function neighbour(text: string, at: number, step: 1 | -1): string | undefined {
  for (let index = at; index >= 0 && index < text.length; index += step) {
    const char = text[index] as string;
    if (!/\s/.test(char)) return char;
  }
  return undefined;
}

export function unquotedWordAt(
  body: string,
  line: number,
  column: number,
): UnquotedWord | undefined {
  const at = offsetOf(body, line, column);
  if (!WORD_CHAR.test(body[at] ?? "")) return undefined;
  let start = at;
  while (start > 0 && WORD_CHAR.test(body[start - 1] as string)) start--;
  let end = at;
  while (end < body.length && WORD_CHAR.test(body[end] as string)) end++;
  const word = body.slice(start, end);
  const before = neighbour(body, start - 1, -1);
  const after = neighbour(body, end, 1);
  if (/^[+-]?0\d/.test(word)) return leadingZeroAt(body, { line, start, end, word, before });
  if (/^[+\-.\d]/.test(word)) return sizeAt(body, { line, start, end, word, before });
  const isKey = after === ":" && (before === "{" || before === ",");
  if (!isKey && before !== ":" && before !== "[" && before !== ",") return undefined;
  const lineEnd = body.indexOf("\n", end);
  const quoted = `${body.slice(0, start)}${JSON.stringify(word)}${lineEnd < 0 ? body.slice(end) : body.slice(end, lineEnd)}\n`;
  if (!parsesThrough(quoted, line)) return undefined;
  const shown = looksLikeSecret(word) ? '"…"' : JSON.stringify(word);
  const lineStart = body.lastIndexOf("\n", start - 1) + 1;
  // Full-width digits ("２５６０００", from an input method in full-width mode) are a number
  // JSON5 does not read: quoting them would only make a string of it.
  const ascii = word.normalize("NFKC");
  if (!isKey && ascii !== word && ascii !== "" && Number.isFinite(Number(ascii))) {
    return {
      line,
      column: start - lineStart + 1,
      reason: "this number is written in full-width digits, which JSON5 does not read",
      hint: `write it in ASCII digits: ${Number(ascii)}`,
    };
  }
  return {
    line,
    column: start - lineStart + 1,
    reason: isKey
      ? `the key ${shown} needs quotes: an unquoted key is letters, digits, _ and $ only`
      : "this text is not in quotes: a string value in JSON5 is written in quotes",
    hint: `write it as ${shown}${isKey ? "" : " (true, false, null and numbers go without quotes)"}`,
  };
}

/** A number-like word of the file (`018789`, `256k`) and what stands before it. */
interface NumberWord {
  line: number;
  start: number;
  end: number;
  word: string;
  before: string | undefined;
}

/**
 * Where `word` stands (line and column), when it is a value and writing `number` in its place
 * fixes its line; else undefined.
 */
function fixedByNumber(
  body: string,
  word: NumberWord,
  number: number,
): { line: number; column: number } | undefined {
  if (word.before !== ":" && word.before !== "[" && word.before !== ",") return undefined;
  const lineEnd = body.indexOf("\n", word.end);
  const fixed = `${body.slice(0, word.start)}${number}${lineEnd < 0 ? body.slice(word.end) : body.slice(word.end, lineEnd)}\n`;
  if (!parsesThrough(fixed, word.line)) return undefined;
  const lineStart = body.lastIndexOf("\n", word.start - 1) + 1;
  return { line: word.line, column: word.start - lineStart + 1 };
}

/**
 * A number written with a leading zero (`port: 018789`): JSON5 reads none (`invalid character
 * '1'`, "a missing comma?"), so say that, with the number to write. Only when writing that
 * number fixes its line.
 */
function leadingZeroAt(body: string, word: NumberWord): UnquotedWord | undefined {
  const number = Number(word.word);
  if (!Number.isFinite(number)) return undefined;
  const place = fixedByNumber(body, word, number);
  if (place === undefined) return undefined;
  return {
    ...place,
    reason: `${word.word} has a leading zero, which JSON5 does not read in a number`,
    hint: `write ${number}`,
  };
}

/**
 * A token count written as a size without quotes (`contextWindow: 256k`, `maxTokens: 3.2万`), as
 * `models list` shows sizes: JSON5 names only the unit's character. Said only when the number in
 * its place fixes the line.
 */
function sizeAt(body: string, word: NumberWord): UnquotedWord | undefined {
  const [first, second] = tokenSizeReadings(word.word) ?? [];
  if (first === undefined) return undefined;
  const place = fixedByNumber(body, word, first);
  if (place === undefined) return undefined;
  return {
    ...place,
    reason: `${JSON.stringify(word.word)} is a size, not a number JSON5 reads`,
    hint:
      second === undefined
        ? `write the number of tokens in digits: ${first}`
        : `write the number of tokens in digits: ${first} counted in thousands, or ${second} in 1024s (use the one the model's provider gives)`,
  };
}
