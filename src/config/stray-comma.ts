/**
 * A comma too many: two in a row (`},,` after deleting an entry), one right after the `{` or `[`
 * that opens an object or list, or one after the `}` that closes the whole config. JSON5 names
 * only "invalid character ','", and the generic hint ("check for a missing comma") sends the
 * person looking for a comma to add where one should go. Pure.
 */
import { parseJson5Quietly, parsesThrough } from "./json5-quiet.js";
import { lineIndex } from "./locate.js";
import { offsetOf } from "./text-offset.js";

export interface StrayCommaAdvice {
  reason: string;
  hint: string;
}

/** Strings, or comments (the part to blank out). */
const STRING_OR_COMMENT =
  /"(?:\\[\s\S]|[^"\\\n])*"|'(?:\\[\s\S]|[^'\\\n])*'|(\/\/[^\n]*|\/\*[\s\S]*?\*\/)/g;

/** `body` with each comment turned into spaces (line breaks kept), so offsets stay the same. */
function withoutComments(body: string): string {
  return body.replace(STRING_OR_COMMENT, (match, comment: string | undefined) =>
    comment === undefined ? match : match.replace(/[^\n]/g, " "),
  );
}

/** The offset of the last character before `to` that is neither blank nor in a comment, or -1. */
function previousWrittenOffset(body: string, to: number): number {
  const plain = withoutComments(body.slice(0, to));
  let at = to - 1;
  while (at >= 0 && /\s/.test(plain[at] ?? "")) at--;
  return at;
}

/**
 * When the `,` JSON5 refused at `line`:`column` of `body` is one too many (the text parses, or
 * fails only on a later line, without it), what to say instead; undefined otherwise.
 */
export function strayCommaAdvice(
  body: string,
  line: number,
  column: number,
): StrayCommaAdvice | undefined {
  const at = offsetOf(body, line, column);
  if (body[at] !== ",") return undefined;
  if (!parsesThrough(`${body.slice(0, at)} ${body.slice(at + 1)}`, line)) return undefined;
  const before = previousWrittenOffset(body, at);
  const previous = body[before];
  if (previous === ",") {
    const lineOf = lineIndex(body);
    const where = lineOf(before) === line ? "just before it" : `at line ${lineOf(before)}`;
    return {
      reason: `a second comma in a row (the first is ${where}): there is no entry between them`,
      hint: 'remove one of the two commas: one "," goes between two entries (one after the last entry is allowed too)',
    };
  }
  if (previous === "{" || previous === "[") {
    const what = previous === "{" ? "object" : "list";
    return {
      reason: `a comma right after the "${previous}" that opens this ${what}, before any entry`,
      hint: `remove this comma: a comma goes after an entry, not before the first`,
    };
  }
  if (previous === "}") {
    try {
      parseJson5Quietly(body.slice(0, at));
    } catch {
      return undefined;
    }
    return {
      reason: 'a comma after the "}" that closes the config',
      hint: 'remove this comma: nothing may follow the "}" that ends the file\'s object',
    };
  }
  return undefined;
}
