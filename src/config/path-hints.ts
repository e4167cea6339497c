/**
 * Why a dot/bracket path typed to `config get|unset` finds nothing, and what to type instead:
 * the same path read another way finds a value (a key with "." or "/" in it belongs in brackets,
 * `models.moonshot/kimi-k2.5` → `models["moonshot/kimi-k2.5"]`; a list element is `[0]`), or it
 * names no key of the config (with a "did you mean"), or it names a key that is simply not set.
 * Pure.
 */
import { OpenClawError } from "../errors.js";
import { singleQuoted } from "../util/shell-word.js";
import { closestMatches } from "../util/suggest.js";
import { keyDefault } from "./key-defaults.js";
import { misplacedModelKeyError } from "./model-key-path.js";
import { configSchema } from "./schema.js";
import {
  formatPath,
  isPlainObject,
  type PathSegment,
  type SchemaNode,
  unknownPathSegment,
} from "./schema-dsl.js";

export type MissingPath =
  /**
   * The typed path, read with brackets where dots split a key, finds a value at `path`; or,
   * `unset`, names no key of the config but `path` is one, with no value here.
   */
  | { kind: "bracketed"; path: PathSegment[]; unset?: true }
  /** No key of the config: `segments[index]` is not taken there (`suggestion`: a close one). */
  | { kind: "unknown"; index: number; suggestion: string | undefined }
  /**
   * A key of the config with no value here. `near`: the config has no key `segments[index]`
   * where any key is taken (a provider id, a model ref), but one close to it, as a typo of it.
   */
  | { kind: "unset"; near?: { index: number; suggestion: string } };

/** The path that finds a value in `root` when dots of the typed one are inside keys, or numbers index lists. */
function readAnotherWay(
  root: unknown,
  segments: readonly PathSegment[],
): PathSegment[] | undefined {
  const search = (node: unknown, index: number, out: PathSegment[]): PathSegment[] | undefined => {
    if (index === segments.length) return out;
    const segment = segments[index] as PathSegment;
    if (Array.isArray(node)) {
      const at =
        typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      return at >= 0 && at < node.length ? search(node[at], index + 1, [...out, at]) : undefined;
    }
    if (!isPlainObject(node)) return undefined;
    // Longest key first: "moonshot/kimi-k2" and "5" are the key "moonshot/kimi-k2.5".
    for (let end = segments.length; end > index; end--) {
      const parts = segments.slice(index, end);
      if (parts.some((part) => typeof part !== "string")) continue;
      const key = parts.join(".");
      if (!Object.hasOwn(node, key)) continue;
      const found = search(node[key], end, [...out, key]);
      if (found) return found;
    }
    return undefined;
  };
  const found = search(root, 0, []);
  return found && formatPath(found) !== formatPath(segments) ? found : undefined;
}

/** Why `segments` finds no value in `root` (the config as written). */
export function explainMissingPath(root: unknown, segments: readonly PathSegment[]): MissingPath {
  const other = readAnotherWay(root, segments);
  if (other) return { kind: "bracketed", path: other };
  const unknown = unknownPathSegment(configSchema, segments);
  if (unknown) {
    // `models.moonshot/kimi-k2.6` typed for a ref not set yet: the key it means, as `set` offers it.
    const reading = schemaReading(segments);
    if (
      reading &&
      formatPath(reading) !== formatPath(segments) &&
      !typoAtEnd(segments, unknown) &&
      keepsKeysSet(root, segments, reading)
    )
      return { kind: "bracketed", path: reading, unset: true };
    return { kind: "unknown", ...unknown };
  }
  const near = nearSetKey(root, segments);
  return near ? { kind: "unset", near } : { kind: "unset" };
}

/**
 * Whether `reading` keeps each key of the typed path that `root` has, as typed. A reading that
 * glues a key set in the config to the word after it (the provider `moonshot` and `nothere` read
 * as the provider `"moonshot.nothere"`) names a key nobody meant: the word is what is wrong.
 */
function keepsKeysSet(
  root: unknown,
  segments: readonly PathSegment[],
  reading: readonly PathSegment[],
): boolean {
  let node = root;
  for (const [index, segment] of segments.entries()) {
    if (!isPlainObject(node) || typeof segment !== "string" || !Object.hasOwn(node, segment))
      return true;
    if (reading[index] !== segment) return false;
    node = node[segment];
  }
  return true;
}

/**
 * Whether the path's last word is a typo of a key the schema takes there (`…["moonshot/kimi-k2.5"].alais`
 * for `alias`). Any last word can also be read as the end of a key with a dot in it
 * (`models["moonshot/kimi-k2.5.alais"]`), a reading that would create an entry for a model no
 * provider has; a near key wins over it. Not for a word of two letters or a word inside the path:
 * `models.providers.openrouter.ai.baseUrl` is the provider `openrouter.ai`, not `api`.
 */
function typoAtEnd(
  segments: readonly PathSegment[],
  unknown: { index: number; suggestion: string | undefined },
): boolean {
  const word = segments[unknown.index];
  return (
    unknown.suggestion !== undefined &&
    unknown.index === segments.length - 1 &&
    typeof word === "string" &&
    word.length >= 3
  );
}

/**
 * Where `segments` first names a key `root` does not have, when the schema has no such key of
 * its own there but takes any (`models.providers.moonshto`): the key of `root` closest to it.
 * A key the schema names (`gateway.bind`) is what was meant, set or not: no other is offered.
 */
function nearSetKey(
  root: unknown,
  segments: readonly PathSegment[],
): { index: number; suggestion: string } | undefined {
  let node = root;
  let schema: SchemaNode | "any" | undefined = configSchema;
  for (const [index, segment] of segments.entries()) {
    if (Array.isArray(node) && typeof segment === "number" && segment < node.length) {
      node = node[segment];
    } else if (isPlainObject(node) && typeof segment === "string" && segment !== "$include") {
      if (!Object.hasOwn(node, segment)) {
        if (schema === "any" || schema?.keys?.().includes(segment)) return undefined;
        const [suggestion] = closestMatches(segment, Object.keys(node), 1);
        return suggestion === undefined ? undefined : { index, suggestion };
      }
      node = node[segment];
    } else return undefined;
    schema = schema === "any" ? schema : schema?.child?.(segment);
  }
  return undefined;
}

/** A path as typed in a shell: quoted when it has brackets or quotes. */
export function shellPath(segments: readonly PathSegment[]): string {
  const path = formatPath(segments);
  // `$` is quoted too: a shell would read `$include` as a variable.
  return /^[\w.-]+$/.test(path) ? path : singleQuoted(path);
}

/**
 * A path as it was typed with dots (`agents.defaults.models.moonshot/kimi-k2.5`), not as the
 * dots split it (`…models["moonshot/kimi-k2"]["5"]`, which names neither what was typed nor the
 * key meant). A key that holds a dot or a bracket is bracketed, as it must have been typed.
 */
function typedPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[^.[\]"'\s]+$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || "(root)";
}

/**
 * What `reading` changes in the typed path: the words its dots split that are one key there
 * (`my` and `local` → `"my.local"`), and whether a number typed after a dot is a list element.
 */
function readingChanges(
  typed: readonly PathSegment[],
  reading: readonly PathSegment[],
): { joined: string[]; listIndex: boolean } {
  const joined: string[] = [];
  let listIndex = false;
  let at = 0;
  for (const segment of reading) {
    if (typeof segment === "number") {
      if (typeof typed[at] === "string") listIndex = true;
      at++;
      continue;
    }
    let end = at + 1;
    let key = String(typed[at] ?? "");
    while (key !== segment && end < typed.length) key = `${key}.${String(typed[end++])}`;
    if (end - at > 1) joined.push(segment);
    at = end;
  }
  return { joined, listIndex };
}

/**
 * Why the bracketed path is the one meant, naming the key a dot split: `"my.local" is one key
 * with a dot in its name`, certain when the config holds a value there, probably when only the
 * schema takes it.
 */
function bracketsReason(
  typed: readonly PathSegment[],
  reading: readonly PathSegment[],
  certain: boolean,
): string {
  const { joined, listIndex } = readingChanges(typed, reading);
  const reasons: string[] = [];
  const probably = certain ? "" : "probably ";
  if (joined.length === 1)
    reasons.push(
      `${JSON.stringify(joined[0])} is ${probably}one key with a dot in its name, so it goes in brackets`,
    );
  else if (joined.length > 1)
    reasons.push(
      `${joined.map((key) => JSON.stringify(key)).join(" and ")} are ${probably}each one key with a dot in its name, so they go in brackets`,
    );
  if (listIndex) reasons.push("a list element is written [0], [1]…, not .0");
  // Neither (a reading that changes nothing shown): the rule itself.
  if (reasons.length === 0) reasons.push(`a key with "." in it goes in brackets`);
  return reasons.join(", and ");
}

/** The hint for a path that finds nothing, naming the command to type instead. */
export function missingPathHint(
  explanation: MissingPath,
  segments: readonly PathSegment[],
  command: "get" | "unset" | "set",
): string {
  const value = command === "set" ? " <value>" : "";
  if (explanation.kind === "bracketed") {
    // A value there makes the reading certain; the schema's reading of a key not set is a guess.
    const found = command !== "set" && !explanation.unset;
    const why = bracketsReason(segments, explanation.path, found);
    const path = shellPath(explanation.path);
    if (command === "unset" && explanation.unset)
      return `${why}; read so, it is ${path}, a key the config takes, but that is not set either, so there is nothing to remove`;
    if (command !== "set" && explanation.unset)
      return `${why}; read so, it is ${path}, a key the config takes, not set yet; set it with: openclaw config set ${path} <value>`;
    return `${why}; type the path quoted for the shell: openclaw config ${command} ${path}${value}`;
  }
  const near = explanation.kind === "unknown" ? explanation : explanation.near;
  if (near) {
    const { index, suggestion } = near;
    if (suggestion === undefined) return unknownKeyHint(segments.slice(0, index), command);
    const corrected = [...segments];
    corrected[index] = suggestion;
    return `did you mean "${suggestion}"? openclaw config ${command} ${shellPath(corrected)}${value}`;
  }
  if (segments.includes("$include"))
    return command === "unset"
      ? "no file is included here, so there is nothing to remove"
      : `no file is included here; include one with: openclaw config set ${shellPath(segments)} ./other.json5`;
  return unsetKeyHint(segments, command);
}

/**
 * A word no key of the config is close to: the keys taken where it stands (when the schema names
 * them), and, for `unset`, that there is nothing to remove.
 */
function unknownKeyHint(parent: readonly PathSegment[], command: "get" | "unset" | "set"): string {
  let node: SchemaNode | "any" | undefined = configSchema;
  for (const segment of parent) node = node === "any" ? node : node?.child?.(segment);
  const keys = node === "any" ? [] : (node?.keys?.() ?? []);
  // At the top there is no path to name ("the keys (root) takes" read as a typo).
  const owner =
    parent.length > 0 ? `the keys ${formatPath(parent)} takes` : "the config's top-level keys";
  const taken =
    keys.length > 0
      ? `${owner} are ${keys.join(", ")}`
      : "see the config's keys with: openclaw config schema";
  return command === "unset" ? `there is nothing to remove; ${taken}` : taken;
}

/**
 * A key of the config with no value: `get` learns what applies instead and how to set it;
 * `unset` that there is nothing to remove. The default is named only where the key has one.
 */
function unsetKeyHint(segments: readonly PathSegment[], command: "get" | "unset" | "set"): string {
  const fallback = keyDefault(segments);
  const applies =
    fallback === undefined ? "it has no default" : `its default applies (${fallback})`;
  if (command === "unset") {
    const nothing = "it is a valid key with no value here, so there is nothing to remove";
    return fallback === undefined ? nothing : `${nothing}; ${applies}`;
  }
  return `it is a valid key with no value here, and ${applies}; set it with: openclaw config set ${shellPath(segments)} <value>`;
}

/**
 * The error of `config get|unset` for a path that finds nothing in `root`: a key that does not
 * exist is a usage mistake (exit 2, with its did-you-mean); one that exists but is not set in
 * `where` (the file) is a failure (exit 1). Either way the hint says what to type instead.
 */
export function missingPathError(
  root: unknown,
  segments: readonly PathSegment[],
  command: "get" | "unset",
  where: string,
): OpenClawError {
  const explanation = explainMissingPath(root, segments);
  const hint = missingPathHint(explanation, segments, command);
  // The typed path names no key of the config, even when the hint has the bracketed one that does.
  const unknownAt =
    explanation.kind === "unknown" || (explanation.kind === "bracketed" && explanation.unset)
      ? unknownPathSegment(configSchema, segments)
      : undefined;
  // Said as typed when a dot split a key: split, it reads as a path nobody typed.
  const shown = explanation.kind === "bracketed" ? typedPath : formatPath;
  if (unknownAt) {
    const unknown = shown(segments.slice(0, unknownAt.index + 1));
    return new OpenClawError("config.unknown_key", `${unknown} is not a key of the config`, {
      hint,
      where: unknown,
      exitCode: 2,
    });
  }
  const past = pastListEnd(root, segments);
  if (past) return pastListEndError(past, segments, command);
  const path = shown(segments);
  return new OpenClawError("config.not_set", `${path} is not set in ${where}`, {
    hint,
    where: path,
  });
}

/** How many elements a list has, said after its name: `which has 1 element ([0])`. */
export function listElements(length: number): string {
  if (length === 0) return "which has no elements yet";
  if (length === 1) return "which has 1 element ([0])";
  return `which has ${length} elements ([0] to [${length - 1}])`;
}

/** An index of `segments` past the end of a list `root` holds: the list's path, the index, its length. */
interface PastListEnd {
  list: PathSegment[];
  index: number;
  length: number;
}

function pastListEnd(root: unknown, segments: readonly PathSegment[]): PastListEnd | undefined {
  let node = root;
  for (const [at, segment] of segments.entries()) {
    if (typeof segment === "number") {
      if (!Array.isArray(node)) return undefined;
      if (segment >= node.length)
        return { list: segments.slice(0, at), index: segment, length: node.length };
      node = node[segment];
    } else {
      if (!isPlainObject(node) || !Object.hasOwn(node, segment)) return undefined;
      node = node[segment];
    }
  }
  return undefined;
}

/**
 * `config get|unset` of an element past the end of a list the config has (`models[5]` of a list
 * of one): a number typed that names nothing (exit 2), told as `config set` tells it, with the
 * elements there are, not as a key merely not set that `config set` would then refuse.
 */
function pastListEndError(
  past: PastListEnd,
  segments: readonly PathSegment[],
  command: "get" | "unset",
): OpenClawError {
  const { list, index, length } = past;
  const element = formatPath([...list, index]);
  const see = `see the list with: openclaw config get ${shellPath(list)}`;
  const rest = segments.slice(list.length + 1);
  const last = shellPath([...list, length - 1, ...rest]);
  const hint =
    command === "unset"
      ? length === 0
        ? "there is nothing to remove"
        : `there is nothing to remove; ${see}`
      : length === 0
        ? `add an element with: openclaw config set ${shellPath([...list, 0])} <value>`
        : `the last element is [${length - 1}]: openclaw config get ${last}; or ${see}`;
  return new OpenClawError(
    "usage",
    `${element} is past the end of the list ${formatPath(list)}, ${listElements(length)}`,
    { hint, where: element, exitCode: 2 },
  );
}

/**
 * The path the config's schema takes when dots typed inside a key (`models.moonshot/kimi-k2.5`)
 * are part of it, or a list index is typed with a dot (`models.0`): the reading closest to the
 * typed one, or undefined when there is none.
 */
function schemaReading(segments: readonly PathSegment[]): PathSegment[] | undefined {
  const search = (
    node: SchemaNode | "any",
    index: number,
    out: PathSegment[],
  ): PathSegment[] | undefined => {
    if (index === segments.length) return out;
    if (node === "any") return [...out, ...segments.slice(index)];
    const segment = segments[index] as PathSegment;
    if (segment === "$include") return [...out, ...segments.slice(index)];
    if (typeof segment === "number" || /^\d+$/.test(segment)) {
      const at = Number(segment);
      const item = node.child?.(at);
      const found = item === undefined ? undefined : search(item, index + 1, [...out, at]);
      if (found) return found;
      if (typeof segment === "number") return undefined;
    }
    // Fewest dots inside a key first: the reading closest to what was typed.
    for (let end = index + 1; end <= segments.length; end++) {
      const parts = segments.slice(index, end);
      if (parts.some((part) => typeof part !== "string")) break;
      const key = parts.join(".");
      const child = node.child?.(key);
      if (child === undefined) continue;
      const found = search(child, end, [...out, key]);
      if (found) return found;
    }
    return undefined;
  };
  return search(configSchema, 0, []);
}

/**
 * The error of `config set` for a path the config has no key for, told as `config get` tells it
 * (exit 2): with the bracketed or `[0]` path the schema takes, or a "did you mean"; undefined
 * when the path is one the config takes, or no better path is known (the schema check that
 * follows then says what it knows, such as which provider ids are allowed).
 */
export function setPathError(
  segments: readonly PathSegment[],
  /** The main file as written: a key it has is not read as glued to the word after it. */
  root: unknown = {},
): OpenClawError | undefined {
  const unknown = unknownPathSegment(configSchema, segments);
  if (!unknown) return undefined;
  const misplaced = misplacedModelKeyError(root, segments);
  if (misplaced) return misplaced;
  const reading = schemaReading(segments);
  const explanation: MissingPath | undefined =
    reading &&
    formatPath(reading) !== formatPath(segments) &&
    !typoAtEnd(segments, unknown) &&
    keepsKeysSet(root, segments, reading)
      ? { kind: "bracketed", path: reading }
      : unknown.suggestion !== undefined
        ? { kind: "unknown", ...unknown }
        : undefined;
  if (!explanation) return undefined;
  const shown = explanation.kind === "bracketed" ? typedPath : formatPath;
  const wrong = shown(segments.slice(0, unknown.index + 1));
  return new OpenClawError(
    "config.unknown_key",
    `${wrong} is not a key of the config (the path given on the command line)`,
    { hint: missingPathHint(explanation, segments, "set"), where: wrong, exitCode: 2 },
  );
}
