/**
 * Random edits of a file's text, as a hand edit gone wrong makes them: a character or a line
 * deleted, inserted or doubled, two tokens swapped, a value replaced by another JSON type, a BOM,
 * CRLF line ends, odd unicode, huge numbers, deep nesting. For property tests of the loaders.
 */
import fc from "fast-check";

const ODD_TEXT = [
  "\uFEFF",
  "\r\n",
  "\u0000",
  "😀",
  "\uD800",
  "1e400",
  "-0",
  "9".repeat(400),
  "null",
  "[]",
  "{}",
  '"',
  "'",
  ",",
  ":",
  "}",
  "]",
  "//",
  "/*",
  "\\u0000",
  "\\uD800",
  "Infinity",
  "NaN",
  '"__proto__"',
  '"constructor"',
  '"toString"',
  "${",
  "${HOME}",
  '"$include": "./missing.json5"',
  "[".repeat(120),
  '{"a":'.repeat(80),
];

export type TextMutation =
  | { kind: "delete"; at: number; length: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "duplicateLine"; at: number }
  | { kind: "deleteLine"; at: number }
  | { kind: "swapTokens"; first: number; second: number }
  | { kind: "replaceValue"; at: number; value: string }
  | { kind: "crlf" }
  | { kind: "bom" };

const oddOrAny = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.string({ maxLength: 4 }),
  fc.string({ unit: "binary", maxLength: 2 }),
);

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({
    kind: fc.constant("delete" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: oddOrAny }),
  fc.record({ kind: fc.constant("duplicateLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("deleteLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swapTokens" as const), first: fc.nat(), second: fc.nat() }),
  fc.record({
    kind: fc.constant("replaceValue" as const),
    at: fc.nat(),
    value: fc.oneof(
      fc.constantFrom(...ODD_TEXT),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
    ),
  }),
  fc.constant({ kind: "crlf" as const }),
  fc.constant({ kind: "bom" as const }),
);

/** A value after a key's colon: a string, a number or word, or an empty array or object. */
const VALUE = /:\s*("(?:[^"\\]|\\.)*"|[-\w.]+|\[\]|\{\})/g;

export function mutateText(text: string, mutation: TextMutation): string {
  const size = Math.max(text.length, 1);
  const lines = text.split("\n");
  switch (mutation.kind) {
    case "delete": {
      const at = mutation.at % size;
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case "insert": {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case "duplicateLine": {
      const at = mutation.at % lines.length;
      lines.splice(at, 0, lines[at] ?? "");
      return lines.join("\n");
    }
    case "deleteLine":
      lines.splice(mutation.at % lines.length, 1);
      return lines.join("\n");
    case "swapTokens": {
      const tokens = text.split(/(\s+|[{}[\],:])/);
      const first = mutation.first % tokens.length;
      const second = mutation.second % tokens.length;
      const kept = tokens[first] ?? "";
      tokens[first] = tokens[second] ?? "";
      tokens[second] = kept;
      return tokens.join("");
    }
    case "replaceValue": {
      const found = [...text.matchAll(VALUE)];
      const match = found[mutation.at % Math.max(found.length, 1)];
      if (!match?.[1]) return text;
      const start = match.index + match[0].length - match[1].length;
      return text.slice(0, start) + mutation.value + text.slice(start + match[1].length);
    }
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "bom":
      return `\uFEFF${text}`;
  }
}

/** `text` after 1 to 4 random edits. */
export function editedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(textMutation, { minLength: 1, maxLength: 4 }))
    .map(([seed, mutations]) => mutations.reduce(mutateText, seed));
}
