/**
 * Dot/bracket paths for `config get|set|unset`: `models.providers.moonshot.baseUrl`,
 * `models.providers["kimi-code"].models[0].maxTokens`, `agents.defaults.models["moonshot/kimi-k2.5"].alias`.
 */
import { UsageError } from "../errors.js";
import { isPlainObject, type PathSegment } from "./schema-dsl.js";

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
    if (typeof segment === "number") {
      if (!Array.isArray(current))
        throw new UsageError(`cannot index a non-list with [${segment}]`);
      if (segment > current.length)
        throw new UsageError(`index [${segment}] is past the end of a list of ${current.length}`);
      if (last) current[segment] = value;
      else {
        if (typeof current[segment] !== "object" || current[segment] === null)
          current[segment] = nextIsIndex ? [] : {};
        current = current[segment] as Record<string, unknown> | unknown[];
      }
      return;
    }
    if (Array.isArray(current)) throw new UsageError(`cannot use key "${segment}" on a list`);
    if (last) current[segment] = value;
    else {
      const child = current[segment];
      if (typeof child !== "object" || child === null) current[segment] = nextIsIndex ? [] : {};
      current = current[segment] as Record<string, unknown> | unknown[];
    }
  });
  return copy;
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
