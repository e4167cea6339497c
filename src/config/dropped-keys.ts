/**
 * The keys a `config set` of a whole object takes out without naming them: `config set env
 * '{KIMICODE_API_KEY: "…"}'` over an `env` that held `MOONSHOT_API_KEY` replaces the object, and
 * the Moonshot key goes with it. Such a key went only because the object holding it was replaced:
 * the `.bak` keeps it (as it keeps a key a prune removes with its entry), and the CLI says which
 * keys went and how to add one beside the others. Pure.
 */
import { isPlainObject, type PathSegment } from "./schema-dsl.js";

/**
 * The paths (from the root, `at` first) of the keys `before` has that `after` does not, where
 * both are objects, at any depth where both still are: the topmost key that went, not each key
 * below it. None when either is not an object (a list or a value replaced whole).
 */
export function droppedKeys(
  before: unknown,
  after: unknown,
  at: readonly PathSegment[] = [],
): PathSegment[][] {
  if (!isPlainObject(before) || !isPlainObject(after)) return [];
  const dropped: PathSegment[][] = [];
  for (const [key, value] of Object.entries(before)) {
    if (!Object.hasOwn(after, key)) dropped.push([...at, key]);
    else dropped.push(...droppedKeys(value, after[key], [...at, key]));
  }
  return dropped;
}

/** Whether `path` is one of `dropped` or below one of them. */
export function isUnderDropped(
  path: readonly PathSegment[],
  dropped: readonly (readonly PathSegment[])[],
): boolean {
  return dropped.some(
    (prefix) =>
      prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment),
  );
}
