/**
 * A config file holding two objects one after the other: what a person gets by pasting the
 * provider page's Moonshot snippet and then its Kimi Code one, each a whole file with its own
 * outer braces. JSON5 names only "invalid character '{'" (or "invalid character ','" when they were
 * joined with a comma, as items of a list are), and the generic hint (a missing comma?) sends them
 * looking inside the first object, where nothing is wrong.
 */
import { parseJson5Quietly } from "./json5-quiet.js";
import { lineIndex } from "./locate.js";
import { isPlainObject } from "./schema-dsl.js";
import { offsetOf } from "./text-offset.js";

export interface SecondObjectAdvice {
  /** Where the second object's `{` is (1-based), to point at instead of a comma before it. */
  line: number;
  column: number;
  reason: string;
  hint: string;
}

/** The offset of the first character after `from` that is not blank or in a comment, or -1. */
function nextWrittenOffset(body: string, from: number): number {
  const pattern = /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
  pattern.lastIndex = from;
  pattern.exec(body);
  return pattern.lastIndex < body.length ? pattern.lastIndex : -1;
}

/**
 * When the `{` at `line`:`column` of `body` starts a second object after a whole first one, or
 * the `,` there joins a whole first object to a second, what to say instead of the syntax error
 * and where; undefined otherwise.
 */
export function secondObjectAdvice(
  body: string,
  line: number,
  column: number,
): SecondObjectAdvice | undefined {
  const at = offsetOf(body, line, column);
  const joined = body[at] === ",";
  const start = joined ? nextWrittenOffset(body, at + 1) : at;
  if (start < 0 || body[start] !== "{") return undefined;
  const before = body.slice(0, joined ? at : start);
  let first: unknown;
  let second: unknown;
  try {
    first = parseJson5Quietly(before);
    second = parseJson5Quietly(body.slice(start));
  } catch {
    return undefined;
  }
  if (!isPlainObject(first) || !isPlainObject(second)) return undefined;
  const lineOf = lineIndex(body);
  const firstEnds = lineOf(before.lastIndexOf("}"));
  const secondLine = lineOf(start);
  const shared = Object.keys(second).filter((key) => key in first);
  const merge =
    shared.length > 0
      ? `; both set ${shared.join(", ")}, so merge what is inside them (two providers go side by side in one models.providers)`
      : "";
  const comma = joined ? " and the comma after it" : "";
  return {
    line: secondLine,
    column: start - body.lastIndexOf("\n", start - 1),
    reason: `a second object starts here, after the one that ends at line ${firstEnds}${comma}`,
    hint: `a config file holds one object: move what this one sets into the first and drop its outer braces${joined ? " and the comma" : ""}${merge}`,
  };
}
