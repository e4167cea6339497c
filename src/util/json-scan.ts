/**
 * Plain JSON read for a person: where the text stops being JSON (line, column and why, in words),
 * and on which line a key is written. JSON.parse says neither in a form worth showing (Node 20
 * gives an offset at best, and some of its messages quote the text, which may hold a key). Pure;
 * the scanner keeps its own stack, so deep nesting cannot overflow the call stack.
 */

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  /** What is wrong there, e.g. `expected ',' or '}' after a value`. */
  reason: string;
}

/**
 * Told of each object key as it is read: how deep it is (1 for the root object's keys), its path
 * from the root (list indexes as numbers; built only when asked for, as that costs) and its line.
 */
type KeyVisitor = (depth: number, path: () => (string | number)[], line: number) => void;

interface ObjectFrame {
  kind: "object";
  state: "key-or-end" | "key" | "colon" | "value" | "comma-or-end";
  key: string;
}

interface ArrayFrame {
  kind: "array";
  state: "value-or-end" | "value" | "comma-or-end";
  index: number;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"] as const;

/** Line and column (both from 1) of `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The end of the string starting at `start` (its opening quote): the offset after the closing one. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) return i + 1;
    if (code < 0x20)
      throw new Stop(i, "a control character (such as a line break) inside a string");
    if (code === 92) {
      const next = text[i + 1];
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
          throw new Stop(i, "\\u must be followed by four hex digits");
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next))
        throw new Stop(i, "an unknown escape after \\ in a string");
      i += 2;
      continue;
    }
    i++;
  }
  throw new Stop(start, 'a string that is never closed (a missing ")');
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * Reads `text` as JSON, telling `onKey` where each key is; throws Stop at the first place the text
 * is not JSON.
 */
function scan(text: string, onKey?: KeyVisitor): void {
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let done = false;

  const completeValue = () => {
    const top = stack[stack.length - 1];
    if (!top) done = true;
    else top.state = "comma-or-end";
  };
  const startValue = () => {
    const char = text[i] as string;
    if (char === "{") {
      stack.push({ kind: "object", state: "key-or-end", key: "" });
      i++;
      return;
    }
    if (char === "[") {
      stack.push({ kind: "array", state: "value-or-end", index: 0 });
      i++;
      return;
    }
    if (char === '"') {
      i = stringEnd(text, i);
      completeValue();
      return;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && number[0] !== "-") {
      i += number[0].length;
      completeValue();
      return;
    }
    const literal = LITERALS.find((word) => text.startsWith(word, i));
    if (literal) {
      i += literal.length;
      completeValue();
      return;
    }
    throw new Stop(
      i,
      char === "'"
        ? "a string in single quotes (JSON needs double quotes)"
        : char === "/"
          ? "a comment (JSON has none)"
          : "expected a value (a string in double quotes, a number, true, false, null, { or [)",
    );
  };
  const close = () => {
    stack.pop();
    i++;
    completeValue();
  };

  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      if (done) return;
      throw new Stop(text.length, "the text ends before the JSON does (a missing } or ])");
    }
    if (done) throw new Stop(i, "more text after the end of the JSON");
    const top = stack[stack.length - 1];
    const char = text[i] as string;
    if (!top) {
      startValue();
      continue;
    }
    if (top.kind === "object") {
      if (top.state === "key-or-end" && char === "}") {
        close();
        continue;
      }
      if (top.state === "key-or-end" || top.state === "key") {
        if (char !== '"')
          throw new Stop(
            i,
            char === "}"
              ? "a comma before } (JSON allows none after the last entry)"
              : "expected a property name in double quotes",
          );
        const end = stringEnd(text, i);
        top.key = JSON.parse(text.slice(i, end)) as string;
        onKey?.(
          stack.length,
          () => stack.map((frame) => (frame.kind === "object" ? frame.key : frame.index)),
          position(text, i).line,
        );
        i = end;
        top.state = "colon";
        continue;
      }
      if (top.state === "colon") {
        if (char !== ":") throw new Stop(i, "expected ':' after the property name");
        i++;
        top.state = "value";
        continue;
      }
      if (top.state === "value") {
        startValue();
        continue;
      }
      if (char === ",") {
        i++;
        top.state = "key";
        continue;
      }
      if (char === "}") {
        close();
        continue;
      }
      throw new Stop(i, "expected ',' or '}' after a value (a missing comma?)");
    }
    if (top.state === "value-or-end" && char === "]") {
      close();
      continue;
    }
    if (top.state === "value-or-end" || top.state === "value") {
      if (char === "]")
        throw new Stop(i, "a comma before ] (JSON allows none after the last item)");
      startValue();
      continue;
    }
    if (char === ",") {
      i++;
      top.index++;
      top.state = "value";
      continue;
    }
    if (char === "]") {
      close();
      continue;
    }
    throw new Stop(i, "expected ',' or ']' after a value (a missing comma?)");
  }
}

/** Where `text` stops being JSON, or undefined when it is JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...position(text, error.offset), reason: error.reason };
  }
}

/**
 * The line on which the key at `path` is written in the JSON `text` (the last time, when it is
 * written twice: JSON.parse keeps that one), or undefined when it is not there.
 */
export function jsonKeyLine(text: string, path: readonly (string | number)[]): number | undefined {
  let found: number | undefined;
  try {
    scan(text, (depth, keyPath, line) => {
      if (depth === path.length && keyPath().every((part, index) => part === path[index]))
        found = line;
    });
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return found;
}
