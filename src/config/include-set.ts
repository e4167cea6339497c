/**
 * What `config set` of a path means when a file the main file `$include`s holds the value, or a
 * list or short form around it. `config set` writes the main file only, where an object merges
 * over the included one but a list or any other value replaces it whole. So:
 * - inside a list an included file sets (an element, a field of one) the set is refused, naming
 *   the file and line to edit: the list written in the main file would drop the other elements;
 * - a value an included file sets is overridden in the main file, and the person is told which
 *   file still holds the old one (it is shadowed, not changed);
 * - below a value an included file writes in a short form (`model: "ref"`), the full form is
 *   written in the main file, so that what the short form said is kept.
 */
import { basename } from "node:path";
import { OpenClawError } from "../errors.js";
import { ConfigError } from "./errors.js";
import { formatOrigin, locateOrigin, type ValueOrigin } from "./origin.js";
import { getAtPath, setAtPath } from "./path-expr.js";
import { resolveConfigIncludes } from "./read.js";
import { formatPath, isPlainObject, type PathSegment } from "./schema-dsl.js";
import { fullForm, withFullFormsAlong } from "./short-forms.js";

/** An included file's value that the main file's value now takes the place of. */
export interface IncludedOverride extends ValueOrigin {
  /** An object set over an included object: the included keys it does not set still apply. */
  merges: boolean;
}

export interface IncludedSet {
  /** The main file's object to set the path in (short forms around it in their full form). */
  root: Record<string, unknown>;
  /** The included value the set shadows, when an included file holds the value at the path. */
  overrides?: IncludedOverride;
}

function refusedInList(
  file: string,
  segments: readonly PathSegment[],
  list: readonly PathSegment[],
  origin: ValueOrigin,
  target: ValueOrigin,
): OpenClawError {
  const where = formatOrigin(origin);
  return new OpenClawError(
    "config.in_include",
    `${formatPath(segments)} is in the list ${formatPath(list)}, which is set in ${where} (included by ${basename(file)} with $include); config set changes only ${file}, where a list would replace the whole included one`,
    {
      where,
      // The line of what was typed (the element, or the field of one), not of the list's `[`.
      hint: `change it in ${target.file}${target.line ? ` (line ${target.line})` : ""} in an editor`,
      // The path typed cannot be set this way: a usage mistake, as other refused sets are.
      exitCode: 2,
    },
  );
}

/**
 * Prepares setting `segments` to `value` in `main` (the main file's object, `file` its path):
 * throws when the path is inside a list an included file sets, and says which included value the
 * set overrides. A config whose includes cannot be read is left to the validation that follows.
 */
export function prepareIncludedSet(
  main: Record<string, unknown>,
  file: string,
  segments: readonly PathSegment[],
  value: unknown,
): IncludedSet {
  let root = withFullFormsAlong(main, segments);
  let tree: ReturnType<typeof resolveConfigIncludes>;
  try {
    tree = resolveConfigIncludes(main, file);
  } catch (error) {
    if (error instanceof ConfigError) return { root };
    throw error;
  }
  if (tree.files.length <= 1) return { root };
  const origin = (path: readonly PathSegment[]) => locateOrigin(tree, file, path);
  for (let length = 1; length < segments.length; length++) {
    const prefix = segments.slice(0, length);
    const merged = getAtPath(tree.value, prefix);
    if (isPlainObject(merged)) continue;
    if (merged === undefined) break;
    const from = origin(prefix);
    if (from.file === file) break;
    if (Array.isArray(merged)) throw refusedInList(file, segments, prefix, from, origin(segments));
    const full = fullForm(prefix, merged);
    if (full === undefined) break;
    // A short form an included file writes: its full form goes in the main file, which then
    // holds (and overrides) the whole value.
    root = setAtPath(root, prefix, full);
    return { root, overrides: { ...from, merges: false } };
  }
  const current = getAtPath(tree.value, segments);
  if (current === undefined) return { root };
  const from = origin(segments);
  if (from.file !== file) {
    return {
      root,
      overrides: { ...from, merges: isPlainObject(current) && isPlainObject(value) },
    };
  }
  // The main file's object is replaced, but keys only an included file sets stay merged in.
  if (!isPlainObject(current) || !isPlainObject(value)) return { root };
  const own = getAtPath(root, segments);
  const kept = Object.keys(current).find(
    (key) => !Object.hasOwn(value, key) && !(isPlainObject(own) && Object.hasOwn(own, key)),
  );
  if (kept === undefined) return { root };
  return { root, overrides: { ...origin([...segments, kept]), merges: true } };
}
