/**
 * A config file holding two objects one after the other: what a person gets by pasting the
 * provider page's Moonshot snippet and then its Kimi Code one, each a whole file with its own
 * outer braces. JSON5 names only "invalid character '{'", and the generic hint (a missing comma?)
 * sends them looking inside the first object, where nothing is wrong.
 */
import { parseJson5Quietly } from "./json5-quiet.js";
import { lineIndex } from "./locate.js";
import { isPlainObject } from "./schema-dsl.js";
import { offsetOf } from "./text-offset.js";

export interface SecondObjectAdvice {
  reason: string;
  hint: string;
}

/**
 * When the `{` at `line`:`column` of `body` starts a second object after a whole first one,
 * what to say instead of the syntax error; undefined otherwise.
 */
export function secondObjectAdvice(
  body: string,
  line: number,
  column: number,
): SecondObjectAdvice | undefined {
  const start = offsetOf(body, line, column);
  if (body[start] !== "{") return undefined;
  const before = body.slice(0, start);
  let first: unknown;
  let second: unknown;
  try {
    first = parseJson5Quietly(before);
    second = parseJson5Quietly(body.slice(start));
  } catch {
    return undefined;
  }
  if (!isPlainObject(first) || !isPlainObject(second)) return undefined;
  const firstEnds = lineIndex(body)(before.lastIndexOf("}"));
  const shared = Object.keys(second).filter((key) => key in first);
  const merge =
    shared.length > 0
      ? `; both set ${shared.join(", ")}, so merge what is inside them (two providers go side by side in one models.providers)`
      : "";
  return {
    reason: `a second object starts here, after the one that ends at line ${firstEnds}`,
    hint: `a config file holds one object: move what this one sets into the first and drop its outer braces${merge}`,
  };
}
