/**
 * On which line of a config file's text the value at a dotted path is written: the one place
 * every message naming `file:line` gets its line from (`config validate`, load errors, warnings,
 * `models scan --prune` refusals, `config get/set` hints, doctor). The text is read once into
 * where each member and list element stands, so a path inside a list lands on its element's own
 * line, and many paths cost one read of the file. Pure but for a memo of the last few texts.
 */
import { type Node, SpanReader } from "./json5-spans.js";
import type { PathSegment } from "./schema-dsl.js";

/** The line (from 1) of each offset of `text`: the line starts found once, then a binary search. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/**
 * Where the deepest part of `path` that `root` holds starts: a member's key, a list element's
 * value. A key written twice counts where JSON5 takes it from, the later one. Undefined when not
 * even the first segment is there.
 */
function deepestOffset(root: Node, path: readonly PathSegment[]): number | undefined {
  let node = root;
  let offset: number | undefined;
  for (const segment of path) {
    if (node.kind === "object" && typeof segment === "string") {
      const member = node.members.findLast((candidate) => candidate.key === segment);
      if (!member) break;
      offset = member.start;
      node = member.value;
    } else if (node.kind === "array" && typeof segment === "number") {
      const element = node.elements[segment];
      if (!element) break;
      offset = element.start;
      node = element.value;
    } else break;
  }
  return offset;
}

/** Lines of paths in one text. */
export type PathLocator = (path: readonly PathSegment[]) => number | undefined;

/**
 * A locator for `text`: the line a path is written on, or of the deepest part of it that is
 * written (a missing key is blamed on the object that should hold it); undefined when none of
 * it is, or the text is not JSON5 this reader follows.
 */
export function pathLocator(text: string): PathLocator {
  let root: Node;
  try {
    root = new SpanReader(text).document();
  } catch {
    // Unreadable text, or nesting past the call stack: no line beats a wrong one.
    return () => undefined;
  }
  const lineOf = lineIndex(text);
  return (path) => {
    const offset = deepestOffset(root, path);
    return offset === undefined ? undefined : lineOf(offset);
  };
}

/**
 * Locators of the texts asked about last. Problems are located one path at a time, many in the
 * same few files: this keeps that to one read of each file, not one per path.
 */
const recentLocators = new Map<string, PathLocator>();
const RECENT_LIMIT = 4;

/** The line `path` is written on in `text` (see `pathLocator`). */
export function locateLine(text: string, path: readonly PathSegment[]): number | undefined {
  let locator = recentLocators.get(text);
  if (locator) {
    recentLocators.delete(text);
  } else {
    locator = pathLocator(text);
    if (recentLocators.size >= RECENT_LIMIT) {
      const oldest = recentLocators.keys().next().value;
      if (oldest !== undefined) recentLocators.delete(oldest);
    }
  }
  recentLocators.set(text, locator);
  return locator(path);
}
