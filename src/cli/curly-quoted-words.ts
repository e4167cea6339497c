/**
 * Words a person put in curly or full-width quotes (`--model “Kimi Code”`, as a Chinese input
 * method types quotes): the shell takes those quotes for letters, so the words arrive apart, the
 * first with its opening quote and the last with its closing one. Found here so that the hint
 * can give the value back in ASCII quotes instead of quoting the curly ones along with it. Pure.
 */

import { closesCurly as closes, opensCurly as opens } from "../util/curly-quotes.js";

/** A word that opens a quote it does not close itself. */
function opensOnly(word: string): boolean {
  return opens(word) && !(word.length > 1 && closes(word));
}

/** The value meant by words that a quote look-alike opens and one closes. */
function unquoted(words: readonly string[]): string {
  return words.join(" ").slice(1, -1).trim();
}

/** A value the shell split: its words as they came, and the value meant. */
export interface SplitValue {
  words: readonly string[];
  value: string;
}

/**
 * An option's value that opens a curly quote, continued by the words after it on the command
 * line up to the one that closes it, all of them words the command did not take (`extra`);
 * undefined when there is none.
 */
export function curlyOptionValue(
  optionValues: ReadonlyMap<string, string>,
  wordsAfterValue: ReadonlyMap<string, readonly string[]>,
  extra: readonly string[],
): (SplitValue & { option: string }) | undefined {
  for (const [option, value] of optionValues) {
    if (!opensOnly(value)) continue;
    const after = wordsAfterValue.get(option) ?? [];
    const end = after.findIndex(closes);
    const rest = after.slice(0, end + 1);
    if (end === -1 || rest.some(opens) || !rest.every((word) => extra.includes(word))) continue;
    const words = [value, ...rest];
    return { option, words, value: unquoted(words) };
  }
  return undefined;
}

/**
 * The operands with each curly-quoted run of words joined back into the value meant (and a
 * single word in such quotes unquoted), and the runs that the shell had split.
 */
export function rejoinCurlyOperands(operands: readonly string[]): {
  operands: string[];
  split: SplitValue[];
} {
  const joined: string[] = [];
  const split: SplitValue[] = [];
  for (let at = 0; at < operands.length; at++) {
    const word = operands[at] as string;
    if (opens(word) && word.length > 1 && closes(word)) {
      joined.push(unquoted([word]));
      continue;
    }
    const end = opensOnly(word) ? operands.findIndex((next, i) => i > at && closes(next)) : -1;
    if (end === -1) {
      joined.push(word);
      continue;
    }
    const words = operands.slice(at, end + 1);
    joined.push(unquoted(words));
    split.push({ words, value: unquoted(words) });
    at = end;
  }
  return { operands: joined, split };
}
