/**
 * Moonshot's own flavour of JSON Schema for tool parameters, and the rewrite that makes a
 * standard schema pass it. Moonshot and Kimi Code refuse the whole request (400, "… is not a valid
 * moonshot flavored json schema, details: <At path '…': …>") when a tool's schema:
 *
 *  - has a property (or array item, or definition) without a `type`; only `anyOf` or a `$ref`
 *    may stand in for one (`type is not defined`; older: `missing 'type' or 'anyOf' key`);
 *  - puts `type` on a node beside `anyOf` (`type should be defined in anyOf items instead of the
 *    parent schema`), the root included, which must also be `type: "object"`;
 *  - has an object without a `required` list (`required must be an array`);
 *  - has a `$ref` with keywords beside it (`when using $ref, type should be defined in the
 *    referenced schema instead of the parent schema`; a `description` is taken unless the target
 *    has one too: `conflicting keywords found after $ref expansion: description`), or a `$ref`
 *    that does not point into `#/$defs/`.
 *
 * Schemas written by hand pass; generated ones often do not (Zod's `z.any()` is `{}`, Pydantic's
 * `Optional[Literal[…]]` is an enum without a type, TypeBox and MCP servers use `definitions`).
 * The rewrite keeps the meaning wherever it can:
 *
 *  - a missing type is inferred from the keywords (`enum`/`const` values, `properties` → object,
 *    `items` → array, `pattern` → string, `minimum` → number); only a node that says nothing of
 *    its type (`{}` or a bare description: "any value") gets `"string"`, the one guess;
 *  - `oneOf` becomes `anyOf` (for choosing arguments the difference does not matter), and a type
 *    beside it moves into the branches that have none;
 *  - `allOf` parts that do not contradict each other are merged into the node (Pydantic's
 *    `allOf: [{$ref}]` wrapper among them);
 *  - alternatives at the root are left out, and named in its description when they only say
 *    which properties are required;
 *  - an object without `required` gets `[]` (the same meaning);
 *  - `#/definitions/` becomes `#/$defs/`, and a `$ref` with keywords beside it, or pointing
 *    outside `#/$defs/`, is replaced by its target (a recursive one stays a `$ref`).
 *
 * Pure: the input is never modified, and nodes that need nothing come back as the same objects.
 * `changes` lists each rewrite that could matter to the model (not the added `required: []`).
 */
import { isRecord, type JsonObject } from "../util/is-record.js";

export interface AdaptedToolSchema {
  schema: JsonObject;
  /** What was changed, each with its dotted path inside the parameters ("properties.a: …"). */
  changes: string[];
}

/** Deeper than this is left as it is (a schema is data from a client; recursion is bounded). */
const MAX_DEPTH = 64;

const OBJECT_HINTS = [
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "minProperties",
  "maxProperties",
  "propertyNames",
];
const ARRAY_HINTS = ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"];
const STRING_HINTS = ["minLength", "maxLength", "pattern", "format"];
const NUMBER_HINTS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

const DEFS_PREFIX = "#/$defs/";
const LEGACY_DEFS_PREFIX = "#/definitions/";

interface Walk {
  root: JsonObject;
  changes: string[];
  /** `$ref`s being replaced by their targets right now (a recursive one is left as a `$ref`). */
  inlining: Set<string>;
  /** Whether the root's `definitions` may be renamed to `$defs` (no name in both). */
  renameDefinitions: boolean;
}

/** The parameters schema of one tool, rewritten to pass Moonshot's checks. */
export function adaptToMoonshotSchema(parameters: JsonObject): AdaptedToolSchema {
  const walk: Walk = {
    root: parameters,
    changes: [],
    inlining: new Set(),
    renameDefinitions: canRenameDefinitions(parameters),
  };
  let schema = adaptNode(withoutRootAlternatives(parameters, walk.changes), "", 0, true, walk);
  if (walk.renameDefinitions && isRecord(schema.definitions)) {
    const { definitions, ...rest } = schema;
    schema = { ...rest, $defs: { ...(isRecord(rest.$defs) ? rest.$defs : {}), ...definitions } };
    walk.changes.push('definitions: moved to "$defs"');
  }
  return { schema, changes: walk.changes };
}

/**
 * The root must be `type: "object"`, and Moonshot allows no type beside `anyOf`: alternatives at
 * the root (typically "give a or b") cannot be sent. They are left out; when each alternative
 * only names required properties, the description says which, so the model still knows.
 */
function withoutRootAlternatives(root: JsonObject, changes: string[]): JsonObject {
  let rest = root;
  for (const key of ["anyOf", "oneOf"] as const) {
    const alternatives = rest[key];
    if (!Array.isArray(alternatives)) continue;
    rest = { ...rest };
    delete rest[key];
    const sets = alternatives.map((branch: unknown) =>
      isRecord(branch) && Array.isArray(branch.required) ? branch.required.map(String) : undefined,
    );
    if (sets.every((set): set is string[] => set !== undefined && set.length > 0)) {
      const needs = `Needs one of: ${sets.map((set) => set.join(" + ")).join(", or ")}.`;
      rest.description =
        typeof rest.description === "string" ? `${rest.description} ${needs}` : needs;
    }
    changes.push(`root: ${key} left out (Moonshot takes no alternatives beside the root's type)`);
  }
  return rest;
}

function canRenameDefinitions(root: JsonObject): boolean {
  if (!isRecord(root.definitions)) return false;
  if (!isRecord(root.$defs)) return true;
  const defs = root.$defs;
  return Object.keys(root.definitions).every((name) => !(name in defs));
}

function adaptNode(
  node: JsonObject,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): JsonObject {
  if (depth > MAX_DEPTH) return node;
  if (typed && Array.isArray(node.allOf)) {
    const merged = mergeAllOf(node, node.allOf);
    if (merged) {
      walk.changes.push(`${path || "root"}: allOf merged into one schema`);
      return adaptNode(merged, path, depth + 1, typed, walk);
    }
  }
  const ref = node.$ref;
  if (typeof ref === "string") return adaptRef(node, ref, path, depth, typed, walk);

  let out: JsonObject | undefined;
  // A type beside anyOf belongs in the branches; a oneOf standing in for a type becomes anyOf.
  let anyOf = Array.isArray(node.anyOf) ? node.anyOf : undefined;
  const oneOfAsAnyOf = typed && !anyOf && Array.isArray(node.oneOf);
  if (oneOfAsAnyOf) {
    anyOf = node.oneOf as unknown[];
    out = { ...node, anyOf };
    delete out.oneOf;
    walk.changes.push(`${path || "root"}: oneOf sent as anyOf (Moonshot reads only anyOf)`);
  }
  if (anyOf && node.type !== undefined) {
    const parentType = node.type;
    anyOf = anyOf.map((branch) =>
      isRecord(branch) && typeof parentType === "string" && needsType(branch)
        ? { ...branch, type: parentType }
        : branch,
    );
    out ??= { ...node };
    out.anyOf = anyOf;
    delete out.type;
    walk.changes.push(
      `${path || "root"}: type ${JSON.stringify(parentType)} moved into the anyOf branches`,
    );
  }

  // One pass over the keys the node has (most have two or three), not over every keyword.
  // Keywords holding schemas of values (properties, items…) are walked with a type required;
  // those that only add constraints to the node they sit in (allOf parts, not, if/then/else…)
  // are walked for their contents but never typed: a type there would change what is accepted.
  for (const key in node) {
    const value = node[key];
    let adapted: unknown = value;
    let target = key;
    switch (key) {
      case "properties":
      case "patternProperties":
      case "$defs":
      case "definitions":
        if (isRecord(value)) adapted = adaptMap(value, join(path, key), depth, walk);
        break;
      case "items":
        adapted = Array.isArray(value)
          ? adaptList(value, join(path, key), depth, true, walk)
          : adaptChild(value, join(path, key), depth, true, walk);
        break;
      case "additionalProperties":
      case "additionalItems":
        adapted = adaptChild(value, join(path, key), depth, true, walk);
        break;
      case "not":
      case "if":
      case "then":
      case "else":
      case "contains":
      case "propertyNames":
        adapted = adaptChild(value, join(path, key), depth, false, walk);
        break;
      case "prefixItems":
        if (Array.isArray(value)) adapted = adaptList(value, join(path, key), depth, true, walk);
        break;
      case "allOf":
        if (Array.isArray(value)) adapted = adaptList(value, join(path, key), depth, false, walk);
        break;
      case "anyOf":
        if (anyOf) adapted = adaptList(anyOf, join(path, key), depth, true, walk);
        break;
      case "oneOf":
        if (oneOfAsAnyOf && anyOf) {
          target = "anyOf";
          adapted = adaptList(anyOf, join(path, target), depth, true, walk);
        } else if (Array.isArray(value)) {
          adapted = adaptList(value, join(path, key), depth, false, walk);
        }
        break;
      default:
        continue;
    }
    // `anyOf` may already be a new list in `out` (the parent's type moved into it).
    const current = out ? out[target] : value;
    if (adapted !== current) {
      out ??= { ...node };
      out[target] = adapted;
    }
  }

  // `out` is this walk's own copy from here on: set on it rather than copy again.
  if (typed && needsType(out ?? node)) {
    const type = inferType(out ?? node);
    out ??= { ...node };
    out.type = type;
    walk.changes.push(`${path || "root"}: typed as ${JSON.stringify(type)}`);
  }
  const result = out ?? node;
  if (result.type === "object" && !Array.isArray(result.required)) {
    if (result.required !== undefined) {
      walk.changes.push(
        `${path || "root"}: required ${JSON.stringify(result.required)} sent as []`,
      );
    }
    out ??= { ...node };
    out.required = [];
  }
  return out ?? node;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Keywords that describe rather than constrain: where two parts have one, the outer one stays. */
const ANNOTATIONS = new Set(["description", "title", "examples", "default", "deprecated"]);

/**
 * `allOf` parts laid into the node itself, when they do not contradict each other: Pydantic's
 * `{"allOf": [{"$ref": …}], "description": …}` becomes the `$ref` with its description, so the
 * node is typed by its target instead of left untyped (or guessed a string). `required` lists
 * are joined and `properties` with different names merged; a keyword two parts give different
 * values (two `if`s, two `$ref`s) leaves the `allOf` as it is (undefined).
 */
function mergeAllOf(node: JsonObject, parts: unknown[]): JsonObject | undefined {
  const { allOf: _parts, ...merged } = node;
  for (const part of parts) {
    if (!isRecord(part)) return undefined;
    for (const key in part) {
      const value = part[key];
      const current = merged[key];
      if (current === undefined) merged[key] = value;
      else if (key === "required" && Array.isArray(current) && Array.isArray(value)) {
        merged.required = [...new Set([...current, ...value])];
      } else if (key === "properties" && isRecord(current) && isRecord(value)) {
        if (Object.keys(value).some((name) => name in current)) return undefined;
        merged.properties = { ...current, ...value };
      } else if (!ANNOTATIONS.has(key) && JSON.stringify(current) !== JSON.stringify(value)) {
        return undefined;
      }
    }
  }
  return merged;
}

/** A node that has neither a type nor anything Moonshot accepts in its place. */
function needsType(node: JsonObject): boolean {
  return node.type === undefined && !Array.isArray(node.anyOf) && typeof node.$ref !== "string";
}

/** A schema in a keyword's place, adapted; anything else (a boolean schema) as it is. */
function adaptChild(
  value: unknown,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): unknown {
  return isRecord(value) ? adaptNode(value, path, depth + 1, typed, walk) : value;
}

/** A list of schemas, adapted: the same list when no item changed. */
function adaptList(
  list: unknown[],
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    if (!isRecord(item)) continue;
    const adapted = adaptNode(item, `${path}[${index}]`, depth + 1, typed, walk);
    if (adapted === item) continue;
    copy ??= [...list];
    copy[index] = adapted;
  }
  return copy ?? list;
}

function adaptMap(map: JsonObject, path: string, depth: number, walk: Walk): JsonObject {
  let copy: JsonObject | undefined;
  for (const name in map) {
    const child = map[name];
    if (!isRecord(child)) continue;
    const adapted = adaptNode(child, `${path}.${name}`, depth + 1, true, walk);
    if (adapted === child) continue;
    copy ??= { ...map };
    copy[name] = adapted;
  }
  return copy ?? map;
}

/**
 * A `$ref` node. Kept when Moonshot can expand it: it points into `#/$defs/`, and has no sibling
 * but a `description` the target lacks (Moonshot refuses a `type` or any other keyword beside a
 * `$ref`, and a sibling that repeats one of the target's). `#/definitions/` is rewritten to
 * `#/$defs/`. Otherwise the node is replaced by its target with the siblings laid over it.
 */
function adaptRef(
  node: JsonObject,
  ref: string,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): JsonObject {
  const at = path || "root";
  const target = resolveLocal(walk.root, ref);
  const { $ref: _ref, ...siblings } = node;
  const beside = Object.keys(siblings).find(
    (key) => key !== "description" || (target !== undefined && key in target),
  );
  const legacy = ref.startsWith(LEGACY_DEFS_PREFIX) && walk.renameDefinitions;
  const expandable = ref.startsWith(DEFS_PREFIX) || legacy;
  if (target && (beside !== undefined || !expandable) && !walk.inlining.has(ref)) {
    walk.inlining.add(ref);
    const merged = adaptNode({ ...target, ...siblings }, path, depth + 1, typed, walk);
    walk.inlining.delete(ref);
    walk.changes.push(
      beside !== undefined
        ? `${at}: $ref ${ref} replaced by its target (Moonshot takes no "${beside}" beside a $ref)`
        : `${at}: $ref ${ref} replaced by its target (Moonshot expands only #/$defs/ references)`,
    );
    return merged;
  }
  if (legacy) {
    walk.changes.push(`${at}: $ref ${ref} pointed into $defs`);
    return { ...node, $ref: DEFS_PREFIX + ref.slice(LEGACY_DEFS_PREFIX.length) };
  }
  return node;
}

/** The schema a local `#/…` JSON pointer names inside the parameters, if any. */
function resolveLocal(root: JsonObject, ref: string): JsonObject | undefined {
  if (!ref.startsWith("#/")) return ref === "#" ? root : undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isRecord(current)) current = current[key];
    else return undefined;
  }
  return isRecord(current) ? current : undefined;
}

/** The type a node's keywords imply; "string" when they imply none (a node for any value). */
function inferType(node: JsonObject): string {
  if ("const" in node) return jsonType(node.const);
  if (Array.isArray(node.enum)) {
    const common = commonType(node.enum);
    if (common) return common;
  }
  if (Array.isArray(node.allOf)) {
    for (const part of node.allOf) {
      if (isRecord(part) && typeof part.type === "string") return part.type;
    }
  }
  if (OBJECT_HINTS.some((key) => key in node)) return "object";
  if (ARRAY_HINTS.some((key) => key in node)) return "array";
  if (STRING_HINTS.some((key) => key in node)) return "string";
  if (NUMBER_HINTS.some((key) => key in node)) return "number";
  return "string";
}

/** The one type all the non-null values share (integers and numbers together are numbers). */
function commonType(values: readonly unknown[]): string | undefined {
  const types = new Set(values.filter((value) => value !== null).map(jsonType));
  if (types.size === 2 && types.has("integer") && types.has("number")) return "number";
  if (types.size === 1) return [...types][0];
  return types.size === 0 && values.length > 0 ? "null" : undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "boolean" : "string";
}
