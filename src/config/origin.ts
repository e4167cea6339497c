/**
 * Which file a value of the merged config came from, and its line there. `$include`d files merge
 * under the object that includes them in order, that object's own keys last (later wins), so the
 * value at a path belongs to the last source defining it. Worked out only when a problem is
 * reported, from the files as parsed: loading a valid config pays nothing for it.
 */
import { dirname } from "node:path";
import { ConfigError } from "./errors.js";
import { locateLine } from "./locate.js";
import { getAtPath } from "./path-expr.js";
import { includePath, includeTargets, readConfigTree } from "./read.js";
import { isPlainObject, type PathSegment } from "./schema-dsl.js";

/** Where a config value is written: the file (main or included) and, when found, its line. */
export interface ValueOrigin {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line of the value; undefined when it could not be found. */
  line?: number;
}

interface Found {
  file: string;
  /** The path inside `file` (differs from the config path when an include sits below the top). */
  local: PathSegment[];
}

function targetsOf(node: Record<string, unknown>, file: string): string[] {
  try {
    return includeTargets(node.$include, file);
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}

/**
 * Not found, and no file merged under this one can have it either: a list or other value that is
 * not an object, written here, replaces whatever the includes had at its place.
 */
const SHADOWED = "shadowed";

function find(
  parsed: ReadonlyMap<string, unknown>,
  node: unknown,
  file: string,
  local: PathSegment[],
  path: readonly PathSegment[],
  index: number,
): Found | typeof SHADOWED | undefined {
  if (index === path.length) return { file, local };
  const segment = path[index]!;
  if (Array.isArray(node)) {
    if (typeof segment !== "number" || segment >= node.length) return SHADOWED;
    // Whatever the element lacks, no file merged under the list's file can supply it.
    return find(parsed, node[segment], file, [...local, segment], path, index + 1) ?? SHADOWED;
  }
  if (!isPlainObject(node)) return SHADOWED;
  if (typeof segment !== "string") return undefined;
  if (segment !== "$include" && Object.hasOwn(node, segment)) {
    const child = node[segment];
    const found = find(parsed, child, file, [...local, segment], path, index + 1);
    // Anything but an object replaces what the includes had there; an object merges over them.
    if (found !== undefined) return found;
    if (!isPlainObject(child)) return SHADOWED;
  }
  if (!Object.hasOwn(node, "$include")) return undefined;
  const targets = targetsOf(node, file);
  for (let position = targets.length - 1; position >= 0; position--) {
    const target = includePath(targets[position]!, dirname(file));
    if (!parsed.has(target)) continue;
    const found = find(parsed, parsed.get(target), target, [], path, index);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The file (and best-effort line) holding the value at `path` of the config merged from
 * `mainFile`. A path that does not exist (a required key that is missing) is blamed on the nearest
 * object that does.
 */
export function locateOrigin(
  read: { parsed: ReadonlyMap<string, unknown>; texts: ReadonlyMap<string, string> },
  mainFile: string,
  path: readonly PathSegment[],
): ValueOrigin {
  const root = read.parsed.get(mainFile);
  for (let length = path.length; length >= 0; length--) {
    const found = find(read.parsed, root, mainFile, [], path.slice(0, length), 0);
    if (found === undefined || found === SHADOWED) continue;
    const text = read.texts.get(found.file);
    const line = text !== undefined && found.local.length > 0 ? locateLine(text, found.local) : 1;
    return { file: found.file, ...(line !== undefined ? { line } : {}) };
  }
  return { file: mainFile };
}

/** Where values of one config are written (see `configValueLocator`). */
export type ConfigValueLocator = (path: readonly PathSegment[]) => ValueOrigin | undefined;

/**
 * Where the value at a path of the config in `mainFile` (its includes merged) is written: the
 * main file or an included one, with the line; undefined when it is not set or the config cannot
 * be read. The files are read on the first ask and kept for the rest: a check that locates each
 * of its findings read and parsed every file once per finding (500 bad aliases: a second).
 */
export function configValueLocator(mainFile: string): ConfigValueLocator {
  let tree: ReturnType<typeof readConfigTree> | undefined;
  let unreadable = false;
  return (path) => {
    if (!tree && !unreadable) {
      try {
        tree = readConfigTree(mainFile);
      } catch {
        unreadable = true;
      }
    }
    if (!tree || getAtPath(tree.value, path) === undefined) return undefined;
    return locateOrigin(tree, mainFile, path);
  };
}

/**
 * Where the value at `path` of the config in `mainFile` is written (see `configValueLocator`; use
 * that for more than one path). For telling a person which file to edit when the main file does
 * not hold the value.
 */
export function locateConfigValue(
  mainFile: string,
  path: readonly PathSegment[],
): ValueOrigin | undefined {
  return configValueLocator(mainFile)(path);
}

/**
 * Where an included file (not `mainFile` itself) sets the value at `path`; undefined when the main
 * file does, nothing does, or the config cannot be read. For saying which file to edit when a
 * command changes only the main file.
 */
export function includedOrigin(
  mainFile: string,
  path: readonly PathSegment[],
): ValueOrigin | undefined {
  const origin = locateConfigValue(mainFile, path);
  return origin && origin.file !== mainFile ? origin : undefined;
}

/** `file:line` (or the file alone when the line is not known). */
export function formatOrigin(origin: ValueOrigin): string {
  return `${origin.file}${origin.line ? `:${origin.line}` : ""}`;
}
