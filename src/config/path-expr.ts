/**
 * Dot/bracket paths for `config get|set|unset`: `models.providers.moonshot.baseUrl`,
 * `models.providers["kimi-code"].models[0].maxTokens`, `agents.defaults.models["moonshot/kimi-k2.5"].alias`.
 */
import { UsageError } from "../errors.js";
import { listElements, shellPath } from "./path-hints.js";
import { formatPath, isPlainObject, type PathSegment } from "./schema-dsl.js";

export function parsePath(expression: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let index = 0;
  const fail = (why: string): never => {
    throw new UsageError(
      `invalid path "${expression}": ${why}`,
      'use dots and brackets, e.g. models.providers["kimi-code"].models[0].maxTokens',
    );
  };
  while (index < expression.length) {
    const char = expression[index];
    if (char === ".") {
      if (index === 0 || index === expression.length - 1)
        fail("a path cannot start or end with '.'");
      // Skipping it would make "a..b" quietly mean "a.b": a different key than the one typed.
      if (expression[index + 1] === ".")
        fail(`empty key between the dots at position ${index + 1}`);
      index++;
      continue;
    }
    if (char === "[") {
      const close = expression.indexOf("]", index);
      if (close < 0) fail("unclosed '['");
      const inner = expression.slice(index + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^(["']).*\1$/.test(inner)) segments.push(inner.slice(1, -1));
      else fail(`"[${inner}]" must be a number or a quoted key`);
      index = close + 1;
      continue;
    }
    let end = index;
    while (end < expression.length && expression[end] !== "." && expression[end] !== "[") end++;
    segments.push(expression.slice(index, end));
    index = end;
  }
  if (segments.length === 0) fail("the path is empty");
  // Setting it would change an object's prototype instead of adding a key: `config set` said
  // it had written a value the file then did not hold.
  if (segments.includes("__proto__")) {
    throw new UsageError(
      `invalid path "${expression}": __proto__ cannot be a key in the config`,
      "name the key you mean, e.g. models.providers.moonshot.baseUrl",
    );
  }
  return segments;
}

export function getAtPath(root: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current)) return undefined;
      current = Object.hasOwn(current, segment) ? current[segment] : undefined;
    }
  }
  return current;
}

/** Sets a value, creating objects (or arrays for numeric segments) on the way. Returns a new root. */
export function setAtPath(
  root: Record<string, unknown>,
  path: readonly PathSegment[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(root);
  let current: Record<string, unknown> | unknown[] = copy;
  path.forEach((segment, position) => {
    const last = position === path.length - 1;
    const nextIsIndex = typeof path[position + 1] === "number";
    const above = path.slice(0, position);
    if (typeof segment === "number") {
      if (!Array.isArray(current))
        throw new UsageError(
          `${formatPath(path.slice(0, position + 1))}: ${formatPath(above)} is not a list, so it has no element [${segment}]`,
          `set ${formatPath(above)} itself, or check the path: openclaw config get ${shellPath(above)}; nothing was written`,
        );
      if (segment > current.length) throw pastTheEnd(above, segment, current.length);
      if (last) current[segment] = value;
      else {
        if (typeof current[segment] !== "object" || current[segment] === null)
          current[segment] = nextIsIndex ? [] : {};
        current = current[segment] as Record<string, unknown> | unknown[];
      }
      return;
    }
    if (Array.isArray(current))
      throw new UsageError(
        `${formatPath(path.slice(0, position + 1))}: ${formatPath(above)} is a list, whose elements are [0], [1]…, not keys like "${segment}"`,
        `name an element by its number, e.g. ${shellPath([...above, 0])}; nothing was written`,
      );
    if (last) current[segment] = value;
    else {
      const child = current[segment];
      if (typeof child !== "object" || child === null) current[segment] = nextIsIndex ? [] : {};
      current = current[segment] as Record<string, unknown> | unknown[];
    }
  });
  return copy;
}

/**
 * An index past the end of a list: only the next one (appending) can be set. Says which path,
 * how long the list is, and what to type instead.
 */
function pastTheEnd(list: readonly PathSegment[], index: number, length: number): UsageError {
  return new UsageError(
    `${formatPath([...list, index])} is past the end of the list ${formatPath(list)}, ${listElements(length)}`,
    `add an element at the end as ${formatPath([...list, length])} (openclaw config set ${shellPath([...list, length])} <value>), or set the whole list: openclaw config set ${shellPath(list)} '["…", "…"]'; nothing was written`,
  );
}

/** Removes a value; returns the new root and whether anything was removed. */
export function unsetAtPath(
  root: Record<string, unknown>,
  path: readonly PathSegment[],
): { root: Record<string, unknown>; removed: boolean } {
  const copy = structuredClone(root);
  const parent = getAtPath(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined) return { root: copy, removed: false };
  if (typeof last === "number" && Array.isArray(parent) && last < parent.length) {
    parent.splice(last, 1);
    return { root: copy, removed: true };
  }
  if (typeof last === "string" && isPlainObject(parent) && Object.hasOwn(parent, last)) {
    delete parent[last];
    return { root: copy, removed: true };
  }
  return { root: copy, removed: false };
}
