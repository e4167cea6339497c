/**
 * Values the config takes in a short form as well as in full: `agents.defaults.model:
 * "moonshot/kimi-k2.5"` is `{ primary: "moonshot/kimi-k2.5" }`, and `$include: "./a.json5"` is
 * `["./a.json5"]`. A path that goes below such a value (`agents.defaults.model.fallbacks`,
 * `$include[1]`) reads and edits its full form, so that setting a key there keeps what the short
 * form said instead of replacing it. Pure.
 */

import { configSchema } from "./schema.js";
import { isPlainObject, type PathSegment, type SchemaNode } from "./schema-dsl.js";

/** The schema node of the value at `path`, or undefined where the schema takes anything or nothing. */
export function schemaNodeAt(path: readonly PathSegment[]): SchemaNode | undefined {
  let node: SchemaNode | "any" | undefined = configSchema;
  for (const segment of path) {
    if (node === undefined || node === "any") return undefined;
    node = node.child?.(segment);
  }
  return node === "any" ? undefined : node;
}

/** The full form of `value` written at `path` in a short form, or undefined when it is not one. */
export function fullForm(path: readonly PathSegment[], value: unknown): unknown {
  if (path[path.length - 1] === "$include") return typeof value === "string" ? [value] : undefined;
  return schemaNodeAt(path)?.expand?.(value);
}

/**
 * A copy of `root` in which each value on the way to `path` (not the value at `path` itself)
 * that is written in a short form is in its full form; `root` itself is unchanged.
 */
export function withFullFormsAlong<T extends object>(root: T, path: readonly PathSegment[]): T {
  const copy = structuredClone(root);
  let parent = copy as Record<string, unknown> | unknown[];
  for (let length = 1; length < path.length; length++) {
    const segment = path[length - 1]!;
    const current: unknown = Array.isArray(parent)
      ? typeof segment === "number"
        ? parent[segment]
        : undefined
      : typeof segment === "string"
        ? parent[segment]
        : undefined;
    if (current === undefined) break;
    const full = fullForm(path.slice(0, length), current);
    const next = full === undefined ? current : full;
    if (full !== undefined) {
      if (Array.isArray(parent)) parent[segment as number] = next;
      else parent[segment as string] = next;
    }
    if (!Array.isArray(next) && !isPlainObject(next)) break;
    parent = next;
  }
  return copy;
}
