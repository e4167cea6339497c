/**
 * Plain JSON read for a person: where the text stops being JSON (line, column and why, in words),
 * and on which line a key is written. JSON.parse says neither in a form worth showing (Node 20
 * gives an offset at best, and some of its messages quote the text, which may hold a key). Pure but
 * for a memo of the last text; the scanner keeps its own stack, so deep nesting cannot overflow the
 * call stack.
 */

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  /** What is wrong there, e.g. `expected ',' or '}' after a value`. */
  reason: string;
}

/**
 * The keys of a JSON text as a tree: each object key and list index below its parent, a key with
 * the line it is written on. Built in one pass, so finding any number of keys costs one read of
 * the text, not one per key.
 */
interface KeyNode {
  /** The line of the key (the last one, when it is written twice); lists' elements have none. */
  line?: number;
  children: Map<string | number, KeyNode>;
}

function keyNode(): KeyNode {
  return { children: new Map() };
}

/** The child of `node` at `part`, made when it is not there yet. */
function childOf(node: KeyNode, part: string | number): KeyNode {
  let child = node.children.get(part);
  if (!child) {
    child = keyNode();
    node.children.set(part, child);
  }
  return child;
}

interface ObjectFrame {
  kind: "object";
  state: "key-or-end" | "key" | "colon" | "value" | "comma-or-end";
  /** Where this object's keys go in the key tree; undefined when no tree is being built. */
  node: KeyNode | undefined;
  /** The node of the key just read, under which its value's keys go. */
  current: KeyNode | undefined;
}

interface ArrayFrame {
  kind: "array";
  state: "value-or-end" | "value" | "comma-or-end";
  index: number;
  node: KeyNode | undefined;
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

/**
 * The line (from 1) of offsets asked for in increasing order, as a scan meets keys: each character
 * is looked at once over the whole scan. Counting from the start for every key, as `position`
 * does, made a 120 KB credential store with an error at its end take half a second, 480 KB seven.
 */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  return (offset) => {
    for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
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
 * Reads `text` as JSON, writing each key with its line into `keys` when given; throws Stop at the
 * first place the text is not JSON (`keys` then holds the keys before it).
 */
function scan(text: string, keys?: KeyNode): void {
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let done = false;
  const lineAt = keys ? lineCounter(text) : undefined;

  /** The key tree node a value starting now belongs to. */
  const valueNode = (): KeyNode | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return keys;
    if (top.kind === "object") return top.current;
    return top.node && childOf(top.node, top.index);
  };

  const completeValue = () => {
    const top = stack[stack.length - 1];
    if (!top) done = true;
    else top.state = "comma-or-end";
  };
  const startValue = () => {
    const char = text[i] as string;
    if (char === "{") {
      stack.push({ kind: "object", state: "key-or-end", node: valueNode(), current: undefined });
      i++;
      return;
    }
    if (char === "[") {
      stack.push({ kind: "array", state: "value-or-end", index: 0, node: valueNode() });
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
        if (top.node && lineAt) {
          top.current = childOf(top.node, JSON.parse(text.slice(i, end)) as string);
          top.current.line = lineAt(i);
        }
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

/** The key tree of the text asked about last: a store's checks ask about the same text many times. */
let lastKeys: { text: string; keys: KeyNode } | undefined;

function keyTree(text: string): KeyNode {
  if (lastKeys?.text === text) return lastKeys.keys;
  const keys = keyNode();
  try {
    scan(text, keys);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  lastKeys = { text, keys };
  return keys;
}

/**
 * The line on which the key at `path` is written in the JSON `text` (the last time, when it is
 * written twice: JSON.parse keeps that one), or undefined when it is not there.
 */
export function jsonKeyLine(text: string, path: readonly (string | number)[]): number | undefined {
  let node: KeyNode | undefined = keyTree(text);
  for (const part of path) node = node?.children.get(part);
  return node?.line;
}
