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
 *  - has a `default` beside `anyOf` (`keyword 'default' is not allowed at the same level as
 *    anyOf`, seen on a response_format schema: the same checks apply there);
 *  - has a `$ref` with keywords beside it (`when using $ref, type should be defined in the
 *    referenced schema instead of the parent schema`; a `description` is taken unless the target
 *    has one too: `conflicting keywords found after $ref expansion: description`), or a `$ref`
 *    that does not name a definition in `#/$defs/` (`#/$defs/A/properties/b`: "reference … not
 *    found").
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
 *  - alternatives at the root become one object: the properties of every branch, required
 *    where all of them require it, and the description naming what each branch requires;
 *  - an object without `required` gets `[]` (the same meaning);
 *  - a `default` beside `anyOf` is said in the node's description instead;
 *  - `#/definitions/` becomes `#/$defs/`, and a `$ref` with keywords beside it, or pointing
 *    anywhere but a whole definition in `#/$defs/`, is replaced by its target; a recursive one
 *    cannot be, so it stays a `$ref` into `$defs` (its target copied there when it lives
 *    elsewhere, as zod's `#` for a recursive root), with keywords beside it kept on an `anyOf`
 *    of the one reference (alternatives beside it each take the reference in). So does any
 *    once the copies of targets make up MAX_COPIED_NODES nodes: a target holding two such
 *    references to the next (Pydantic writes `{"$ref": …, "default": {}}`) doubles at every
 *    level, and 20 levels of copies would take the process's memory;
 *  - boolean schemas, which Moonshot refuses ("property schema for 'x' must be an object",
 *    "items must be an object"), are replaced: `true` by `{}`, a `false` property left out;
 *    a draft-7 list of `items` becomes one `anyOf`;
 *  - what Moonshot's validator (MoonshotAI/walle) accepts but its own rewrite drops before the
 *    model sees it is said in words it keeps: a list of types as `anyOf`, `const` as a one-value
 *    `enum`, an enum mixing types as one enum per type; enum values the type rules out and
 *    `required` names the object does not declare (older validators refused both) are left out.
 *
 * Pure: the input is never modified, and nodes that need nothing come back as the same objects.
 * `changes` lists each rewrite that could matter to the model (not the added `required: []`).
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import { mergeAllOf } from "./schema-all-of.js";
import { branchesWithin, referenceInBranches } from "./schema-alternatives.js";
import { clippedValue, withNote } from "./schema-notes.js";
import {
  canRenameDefinitions,
  DEFS_PREFIX,
  hoistedName,
  LEGACY_DEFS_PREFIX,
  resolveLocal,
} from "./schema-refs.js";
import { withoutRootAlternatives } from "./schema-root-alternatives.js";
import { inferType, needsType } from "./schema-type-inference.js";
import { mayReshape, reshapeTypes } from "./schema-type-reshape.js";
import { declaredRequired, enumOfType } from "./schema-value-lists.js";
import { MAX_COPIED_NODES, MAX_DEPTH, type Walk } from "./schema-walk.js";

export interface AdaptedToolSchema {
  schema: JsonObject;
  /** What was changed, each with its dotted path inside the parameters ("properties.a: …"). */
  changes: string[];
}

export interface MoonshotSchemaOptions {
  /**
   * Whether alternatives at the root are made one object (true, the default: a tool's arguments
   * must be an object), or kept as alternatives with the rules applied inside them (false: an
   * answer's schema in `response_format`, which may be one of several shapes).
   */
  objectRoot?: boolean;
}

/**
 * A schema rewritten to pass Moonshot's checks: one tool's parameters, or (with `objectRoot:
 * false`) the schema of a `response_format` json_schema answer, which Moonshot checks by the same
 * rules ("response_format.json_schema is not a valid moonshot flavored json schema, details: …",
 * murtaza-nasir/maestro#34; MFJS is written for tool parameters and response formats alike).
 */
export function adaptToMoonshotSchema(
  parameters: JsonObject,
  options: MoonshotSchemaOptions = {},
): AdaptedToolSchema {
  const walk: Walk = {
    root: parameters,
    changes: [],
    inlining: new Set(),
    renameDefinitions: canRenameDefinitions(parameters),
    hoisted: new Map(),
    copying: 0,
    copiedNodes: 0,
  };
  const root =
    options.objectRoot === false ? parameters : withoutRootAlternatives(parameters, walk.changes);
  let schema = adaptNode(root, "", 0, true, walk);
  if (walk.renameDefinitions && isRecord(schema.definitions)) {
    const { definitions, ...rest } = schema;
    schema = { ...rest, $defs: { ...(isRecord(rest.$defs) ? rest.$defs : {}), ...definitions } };
    walk.changes.push('definitions: moved to "$defs"');
  }
  if (walk.hoisted.size > 0) schema = withHoistedTargets(schema, walk);
  return { schema, changes: walk.changes };
}

/**
 * The targets of references kept that pointed outside `$defs`, adapted and added to
 * `$defs` under the names the references now use. A target may hold more such references: the
 * map is read while it grows, so those are added too.
 */
function withHoistedTargets(schema: JsonObject, walk: Walk): JsonObject {
  const defs: JsonObject = isRecord(schema.$defs) ? { ...schema.$defs } : {};
  for (const [ref, name] of walk.hoisted) {
    const target = resolveLocal(walk.root, ref);
    if (!target) continue;
    // The root's own keywords for the whole document do not belong in one definition.
    const {
      $defs: _defs,
      definitions: _definitions,
      $schema: _dialect,
      $id: _id,
      ...body
    } = target;
    walk.inlining.add(ref);
    defs[name] = adaptNode(body, `$defs.${name}`, 1, true, walk);
    walk.inlining.delete(ref);
  }
  return { ...schema, $defs: defs };
}

function adaptNode(
  node: JsonObject,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): JsonObject {
  if (depth > MAX_DEPTH) return node;
  if (walk.copying > 0) walk.copiedNodes++;
  if (typed && Array.isArray(node.allOf)) {
    const merged = mergeAllOf(node, node.allOf);
    if (merged) {
      walk.changes.push(`${path || "root"}: allOf merged into one schema`);
      return adaptNode(merged, path, depth + 1, typed, walk);
    }
  }
  const ref = node.$ref;
  if (typeof ref === "string") return adaptRef(node, ref, path, depth, typed, walk);

  // Shapes Moonshot reads differently are said again in its words, and the result walked
  // instead: decided before any child is walked, so that each is walked once (walking them
  // before and after made nested type lists cost 2^depth).
  if (typed && mayReshape(node)) {
    const reshaped = reshapeTypes(node, path || "root", walk.changes);
    if (reshaped) return adaptNode(reshaped, path, depth + 1, typed, walk);
  }

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
  // Both must hold, so each branch keeps what the type allows of it; one that allows nothing
  // of it goes, and when none is left the type stays alone.
  let noAlternatives = false;
  if (anyOf && node.type !== undefined) {
    const parentType = node.type;
    const typed = branchesWithin(parentType, anyOf);
    out ??= { ...node };
    const at = path || "root";
    if (typed.branches.length === 0) {
      noAlternatives = true;
      anyOf = undefined;
      delete out.anyOf;
      delete out.oneOf;
      walk.changes.push(
        `${at}: type ${JSON.stringify(parentType)} kept and anyOf left out (none of its branches allows a value of that type)`,
      );
    } else {
      anyOf = typed.branches;
      out.anyOf = anyOf;
      delete out.type;
      walk.changes.push(
        typed.dropped === 0
          ? `${at}: type ${JSON.stringify(parentType)} moved into the anyOf branches`
          : `${at}: type ${JSON.stringify(parentType)} moved into the anyOf branches, and ${typed.dropped} branch${typed.dropped > 1 ? "es" : ""} of another type left out (a value must match both)`,
      );
    }
  }

  // One pass over the keys the node has (most have two or three), not over every keyword:
  // schemas come in many shapes, and each keyword looked up by name on every node costs more
  // than the walk itself. Keywords holding schemas of values (properties, items…) are walked
  // with a type required; those that only add constraints to the node they sit in (allOf parts,
  // not, if/then/else…) are walked for their contents but never typed: a type there would
  // change what is accepted. `type` and `enum` are noted for the rules after the walk.
  let typeValue: unknown;
  let enumValue: unknown;
  let declared: JsonObject | undefined;
  for (const key in node) {
    const value = node[key];
    let adapted: unknown = value;
    let target = key;
    switch (key) {
      case "type":
        typeValue = value;
        continue;
      case "enum":
        enumValue = value;
        continue;
      case "const":
        continue;
      case "properties":
      case "patternProperties":
      case "$defs":
      case "definitions":
        if (isRecord(value)) {
          const ofProperties = key === "properties" || key === "patternProperties";
          adapted = adaptMap(value, join(path, key), depth, ofProperties, walk);
          if (key === "properties") declared = adapted as JsonObject;
        }
        break;
      case "items":
        adapted = adaptItems(value, join(path, key), depth, walk);
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
        if (noAlternatives) continue;
        if (anyOf) adapted = adaptBranches(anyOf, join(path, key), depth, walk);
        break;
      case "oneOf":
        if (noAlternatives) continue;
        if (oneOfAsAnyOf && anyOf) {
          target = "anyOf";
          adapted = adaptBranches(anyOf, join(path, target), depth, walk);
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
      if (adapted === undefined) delete out[target];
      else out[target] = adapted;
    }
  }

  // `out` is this walk's own copy from here on: set on it rather than copy again.
  if (typed && needsType(out ?? node)) {
    const type = inferType(out ?? node);
    out ??= { ...node };
    out.type = type;
    walk.changes.push(`${path || "root"}: typed as ${JSON.stringify(type)}`);
  }
  const typedEnum =
    typed && enumValue !== undefined
      ? enumOfType(enumValue, out ? out.type : typeValue, path || "root", walk.changes)
      : undefined;
  if (typedEnum) {
    out ??= { ...node };
    if (typedEnum.length > 0) out.enum = typedEnum;
    else delete out.enum;
  }
  // Beside anyOf Moonshot takes a description and a title only: a default there (Pydantic's
  // `Optional[str] = None` is `{"anyOf": [string, null], "default": null}`) is refused ("keyword
  // 'default' is not allowed at the same level as anyOf"), so it is said in the description.
  const current = out ?? node;
  if (Array.isArray(current.anyOf) && current.default !== undefined) {
    out ??= { ...node };
    const { default: value } = out;
    delete out.default;
    out.description = withNote(out.description, `default ${JSON.stringify(value)}`);
    walk.changes.push(
      `${path || "root"}: default ${clippedValue(value)} beside anyOf said in the description (Moonshot takes only a description and a title there)`,
    );
  }
  const result = out ?? node;
  if (result.type === "object") {
    const required = declaredRequired(result.required, declared, path || "root", walk.changes);
    if (required) {
      out ??= { ...node };
      out.required = required;
    }
  }
  return out ?? node;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
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

/**
 * A map of schemas (properties, definitions), each adapted. A boolean schema, which Moonshot
 * refuses ("property schema for 'x' must be an object"), is replaced: `true` (any value) by the
 * same as `{}`, and a property's `false` (it must be absent) by leaving the property out.
 */
function adaptMap(
  map: JsonObject,
  path: string,
  depth: number,
  ofProperties: boolean,
  walk: Walk,
): JsonObject {
  let copy: JsonObject | undefined;
  for (const name in map) {
    const child = map[name];
    const at = `${path}.${name}`;
    if (child === false && ofProperties) {
      copy ??= { ...map };
      delete copy[name];
      walk.changes.push(`${at}: schema false (never given) left out`);
      continue;
    }
    const schema = child === true ? anyValue(at, walk) : child;
    if (!isRecord(schema)) continue;
    const adapted = adaptNode(schema, at, depth + 1, true, walk);
    if (adapted === child) continue;
    copy ??= { ...map };
    copy[name] = adapted;
  }
  return copy ?? map;
}

/** `{}` in the place of the boolean schema `true`, noted. */
function anyValue(at: string, walk: Walk): JsonObject {
  walk.changes.push(`${at}: schema true (any value) sent as {}`);
  return {};
}

/**
 * `items` as Moonshot takes it: one schema. `true` is `{}`; `false` (an empty array) leaves it
 * out; a draft-7 list (one schema per position) becomes one schema, `anyOf` the positions'.
 */
function adaptItems(value: unknown, path: string, depth: number, walk: Walk): unknown {
  if (value === false) {
    walk.changes.push(`${path}: schema false (no items) left out`);
    return undefined;
  }
  if (Array.isArray(value)) {
    const schemas = value.filter(isRecord);
    walk.changes.push(`${path}: a list of ${value.length} item schemas sent as one`);
    if (schemas.length === 0) return undefined;
    const one = schemas.length === 1 ? (schemas[0] as JsonObject) : { anyOf: schemas };
    return adaptNode(one, path, depth + 1, true, walk);
  }
  const schema = value === true ? anyValue(path, walk) : value;
  return isRecord(schema) ? adaptNode(schema, path, depth + 1, true, walk) : value;
}

/** anyOf branches, adapted: `true` is `{}`, `false` (matches nothing) is left out. */
function adaptBranches(list: unknown[], path: string, depth: number, walk: Walk): unknown[] {
  let booleans = false;
  for (const branch of list) if (typeof branch === "boolean") booleans = true;
  if (!booleans) return adaptList(list, path, depth, true, walk);
  const kept = list
    .filter((branch) => branch !== false)
    .map((branch) => (branch === true ? anyValue(path, walk) : branch));
  if (kept.length < list.length)
    walk.changes.push(`${path}: schema false (matches nothing) left out`);
  return adaptList(kept, path, depth, true, walk);
}

/**
 * A `$ref` node. Kept when Moonshot can expand it: it points into `#/$defs/`, and has no sibling
 * but a `description` the target lacks (Moonshot refuses a `type` or any other keyword beside a
 * `$ref`, and a sibling that repeats one of the target's). `#/definitions/` is rewritten to
 * `#/$defs/`. Otherwise the node is replaced by its target with the siblings laid over it,
 * unless the reference is recursive or the copies made so far reach MAX_COPIED_NODES: then it
 * stays a reference, into `$defs`, which Moonshot expands itself.
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
  const intoDefs = ref.startsWith(DEFS_PREFIX) || legacy;
  const name = ref.slice(legacy ? LEGACY_DEFS_PREFIX.length : DEFS_PREFIX.length);
  // Moonshot looks a reference up by the one name after `#/$defs/`: a pointer further in
  // (`#/$defs/A/properties/b`) names no definition it knows, and is refused as not found.
  const intoDefinition = intoDefs && name.includes("/");
  const expandable = intoDefs && !intoDefinition;
  // A reference to the whole schema is always recursive, and one met again inside its own
  // target would be replaced forever: both stay references, into `$defs`.
  const recursive = ref === "#" || walk.inlining.has(ref);
  // Each copy is walked in full: copies nested in copies are what doubles (see MAX_COPIED_NODES).
  // A copy also needs room below it to be walked, which a definition (walked from the top) has.
  const why: KeptBecause | undefined = recursive
    ? "recursive"
    : walk.copiedNodes >= MAX_COPIED_NODES
      ? "copies"
      : depth >= MAX_DEPTH / 2
        ? "deep"
        : undefined;
  if (target && (beside !== undefined || !expandable) && why) {
    // A pointer into a definition, like any other pointer outside `$defs`, has its target
    // copied into `$defs` under a name of its own.
    const to = DEFS_PREFIX + (expandable ? name : hoistedName(ref, walk));
    return keptRef(siblings, target, ref, to, why, path, depth, typed, walk);
  }
  if (target && (beside !== undefined || !expandable)) {
    walk.inlining.add(ref);
    walk.copying++;
    const merged = adaptNode({ ...target, ...siblings }, path, depth + 1, typed, walk);
    walk.copying--;
    walk.inlining.delete(ref);
    walk.changes.push(
      beside !== undefined
        ? `${at}: $ref ${ref} replaced by its target (Moonshot takes no "${beside}" beside a $ref)`
        : intoDefinition
          ? `${at}: $ref ${ref} replaced by its target (Moonshot expands only references to a whole definition, #/$defs/<name>)`
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

/** Why a `$ref` that would be replaced by its target stays a reference. */
type KeptBecause = "recursive" | "copies" | "deep";

const NOT_COPIED: Record<KeptBecause, string> = {
  recursive: "",
  copies: `, not replaced by its target (copies of targets already add ${MAX_COPIED_NODES} nodes)`,
  deep: ", not replaced by its target (nested too deep in copies of other targets)",
};

/**
 * A reference kept (it is recursive, copies of targets already make up MAX_COPIED_NODES nodes,
 * or a copy would be walked too deep) as Moonshot takes it: `to` (into `$defs`) alone, or with
 * a description its target lacks; other keywords beside it (or a description the target has
 * too) are kept on an `anyOf` of the one reference, so the model still reads them.
 */
function keptRef(
  siblings: JsonObject,
  target: JsonObject,
  ref: string,
  to: string,
  why: KeptBecause,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): JsonObject {
  const at = path || "root";
  const kind = why === "recursive" ? "recursive $ref" : "$ref";
  const notCopied = NOT_COPIED[why];
  const reference: JsonObject = { $ref: to };
  const keys = Object.keys(siblings);
  const wrapped =
    keys.length > 0 &&
    keys.some((key) => key !== "description" || target.description !== undefined);
  if (!wrapped) {
    if (keys.length > 0) reference.description = siblings.description;
    walk.changes.push(
      `${at}: ${kind} ${ref} sent as ${to}${notCopied} (Moonshot expands only #/$defs/ references)`,
    );
    return reference;
  }
  const alternatives = referenceInBranches(siblings, reference);
  const mark = walk.changes.length;
  const out = adaptNode(
    alternatives?.schema ?? { ...siblings, anyOf: [reference] },
    path,
    depth + 1,
    typed,
    walk,
  );
  walk.changes.length = mark;
  // A default cannot stay beside the anyOf either: it went into the description.
  const beside = Object.keys(out).filter((key) => key !== "anyOf");
  const defaultSaid =
    "default" in siblings && !("default" in out) ? ", its default said in the description" : "";
  walk.changes.push(
    alternatives
      ? `${at}: ${kind} ${ref} sent as ${to} inside each ${alternatives.key} branch beside it${alternatives.loosened > 0 ? ` (${alternatives.loosened} of them, holding a $ref of their own, as ${to} alone)` : ""}${notCopied} (Moonshot takes no keyword but a description its target lacks beside a $ref)`
      : `${at}: ${kind} ${ref} sent as anyOf [${to}], ${beside.join(", ")} beside it${defaultSaid}${notCopied} (Moonshot takes no keyword but a description its target lacks beside a $ref)`,
  );
  return out;
}
