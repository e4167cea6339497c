/**
 * What a config's `.bak` keeps when an edit replaces a key written in the file with a `${VAR}`
 * reference (`config set models.providers.x.apiKey '${X_API_KEY}'`): the previous file, with the
 * reference in that place too. Moving a key into a variable is how a person takes it off the disk;
 * a `.bak` still holding it would undo that. Pure.
 */
import { hasTemplate } from "./env.js";
import { getAtPath, setAtPath } from "./path-expr.js";
import { isCredentialValue } from "./redact.js";
import { formatPath, type PathSegment } from "./schema-dsl.js";
import { configTextOver } from "./write.js";

/** Paths where `before` holds a credential as written and `after` a `${VAR}` reference instead. */
function replacedByReferences(before: unknown, after: unknown): PathSegment[][] {
  const found: PathSegment[][] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: before, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const now = getAtPath(after, path);
      if (
        isCredentialValue(path, value) &&
        typeof now === "string" &&
        now !== value &&
        hasTemplate(now) &&
        !now.includes(value)
      )
        found.push(path);
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries())
        stack.push({ value: item, path: [...path, index] });
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value))
        stack.push({ value: item, path: [...path, key] });
    }
  }
  return found;
}

export interface ConfigBackup {
  /** The dotted paths whose key the `.bak` leaves out (replaced by the new reference). */
  paths: string[];
  /** Turns the previous file's text into what the `.bak` keeps; undefined when that is all of it. */
  backup: ((previous: string) => string) | undefined;
}

/** How the `.bak` of an edit from `before` to `after` (the main file's objects) is to be written. */
export function configBackup(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ConfigBackup {
  const paths = replacedByReferences(before, after);
  if (paths.length === 0) return { paths: [], backup: undefined };
  let kept = before;
  for (const path of paths) kept = setAtPath(kept, path, getAtPath(after, path));
  return {
    paths: paths.map((path) => formatPath(path)),
    // Edited in place, comments and all; only the keys change.
    backup: (previous) => configTextOver(previous, kept).text,
  };
}
