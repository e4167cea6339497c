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
import { OBJECT_KEYWORDS } from "./tool-parameters-root.js";

export interface AdaptedToolSchema {
  schema: JsonObject;
  /** What was changed, each with its dotted path inside the parameters ("properties.a: …"). */
  changes: string[];
}

/** Deeper than this is left as it is (a schema is data from a client; recursion is bounded). */
const MAX_DEPTH = 64;

/**
 * How many nodes the copies of `$ref` targets may add before further references stay
 * references (into `$defs`, keywords beside them on a one-branch `anyOf`): far more than
 * hand-written or generated schemas copy, and a few milliseconds of walking, where copying
 * every time made the output double with each level of references nested in their targets.
 */
const MAX_COPIED_NODES = 1000;

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
  /** `$ref`s kept as references to targets outside `$defs`, each with its `$defs` name. */
  hoisted: Map<string, string>;
  /** How many `$ref` targets are being copied in place right now (nested in one another). */
  copying: number;
  /** Nodes walked inside those copies so far, held to MAX_COPIED_NODES. */
  copiedNodes: number;
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

/** The `$defs` name a kept reference's target is copied to: its own name, if free. */
function hoistedName(ref: string, walk: Walk): string {
  const known = walk.hoisted.get(ref);
  if (known !== undefined) return known;
  const last = ref === "#" ? "root" : (ref.split("/").pop() ?? "");
  const base = last.replace(/[^A-Za-z0-9_-]/g, "_") || "def";
  const taken = new Set([
    ...Object.keys(isRecord(walk.root.$defs) ? walk.root.$defs : {}),
    ...(walk.renameDefinitions && isRecord(walk.root.definitions)
      ? Object.keys(walk.root.definitions)
      : []),
    ...walk.hoisted.values(),
  ]);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  walk.hoisted.set(ref, name);
  return name;
}

/**
 * The root must be `type: "object"`, and Moonshot allows no type beside `anyOf`: alternatives at
 * the root cannot be sent as alternatives. What they say is kept in the one object:
 *  - the properties the branches declare join the root's (a name two branches declare
 *    differently gets both schemas, as `anyOf`), so a union of objects (Zod's `z.union`, some
 *    MCP servers) still shows the model every argument;
 *  - a property is required when every branch requires it;
 *  - when each branch names the properties it requires ("give a or b"), the description says
 *    which, so the model still knows.
 * The root's own properties win over a branch's of the same name (a value must match both).
 */
function withoutRootAlternatives(root: JsonObject, changes: string[]): JsonObject {
  let rest = root;
  for (const key of ["anyOf", "oneOf"] as const) {
    const alternatives = rest[key];
    if (!Array.isArray(alternatives)) continue;
    rest = { ...rest };
    delete rest[key];
    const branches = alternatives.map((branch: unknown) => objectBranch(root, branch));
    const sets = branches.map((branch) =>
      branch && Array.isArray(branch.required) ? branch.required.map(String) : undefined,
    );
    if (sets.every((set): set is string[] => set !== undefined && set.length > 0)) {
      const needs = `Needs one of: ${sets.map((set) => set.join(" + ")).join(", or ")}.`;
      rest.description =
        typeof rest.description === "string" ? `${rest.description} ${needs}` : needs;
    }
    const merged = mergedBranchProperties(rest.properties, branches);
    if (merged) {
      rest.properties = merged;
      const everywhere = (sets[0] ?? []).filter((name) => sets.every((set) => set?.includes(name)));
      const own = Array.isArray(rest.required) ? rest.required : [];
      const required = [...new Set([...own, ...everywhere])];
      if (required.length > 0 || rest.required !== undefined) rest.required = required;
      changes.push(
        `root: the ${alternatives.length} ${key} branches sent as one object with all their properties, required where every branch requires them (Moonshot takes no alternatives at the root)`,
      );
    } else {
      changes.push(`root: ${key} left out (Moonshot takes no alternatives beside the root's type)`);
    }
  }
  return rest;
}

/** A root branch as an object schema (a local `$ref` read through); undefined for another kind. */
function objectBranch(root: JsonObject, branch: unknown): JsonObject | undefined {
  const target =
    isRecord(branch) && typeof branch.$ref === "string" ? resolveLocal(root, branch.$ref) : branch;
  if (!isRecord(target)) return undefined;
  if (target.type !== undefined && target.type !== "object") return undefined;
  return target;
}

/**
 * The root's properties with those the branches declare; undefined when no branch declares any.
 * A name several branches declare with different schemas gets them all, as `anyOf`.
 */
function mergedBranchProperties(
  own: unknown,
  branches: readonly (JsonObject | undefined)[],
): JsonObject | undefined {
  const found = new Map<string, unknown[]>();
  for (const branch of branches) {
    if (!branch || !isRecord(branch.properties)) continue;
    for (const name in branch.properties) {
      const schema = branch.properties[name];
      const known = found.get(name) ?? [];
      if (!known.some((other) => JSON.stringify(other) === JSON.stringify(schema)))
        known.push(schema);
      found.set(name, known);
    }
  }
  if (found.size === 0) return undefined;
  const merged: JsonObject = isRecord(own) ? { ...own } : {};
  for (const [name, schemas] of found) {
    if (name in merged) continue;
    merged[name] = schemas.length === 1 ? schemas[0] : { anyOf: schemas };
  }
  return merged;
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

/** Whether `reshapeTypes` may apply: a const, a list of types, or an enum with no type or anyOf. */
function mayReshape(node: JsonObject): boolean {
  if (node.const !== undefined || Array.isArray(node.type)) return true;
  return (
    node.type === undefined &&
    Array.isArray(node.enum) &&
    !Array.isArray(node.anyOf) &&
    !Array.isArray(node.oneOf)
  );
}

/**
 * An object's `required` as Moonshot takes it: a list (`[]` when missing, or a draft-3 boolean
 * one), naming only properties the object declares (Moonshot refused others, and now drops them
 * itself). Undefined when the node's own list is fine. `properties` is the object's, as adapted.
 */
function declaredRequired(
  required: unknown,
  properties: JsonObject | undefined,
  at: string,
  changes: string[],
): unknown[] | undefined {
  if (!Array.isArray(required)) {
    if (required !== undefined)
      changes.push(`${at}: required ${JSON.stringify(required)} sent as []`);
    return [];
  }
  // The usual case, checked without building anything: every name is declared.
  let all = true;
  for (const name of required) {
    if (typeof name !== "string" || !properties || !Object.hasOwn(properties, name)) {
      all = false;
      break;
    }
  }
  if (all) return undefined;
  const declared = required.filter(
    (name): name is string =>
      typeof name === "string" && properties !== undefined && Object.hasOwn(properties, name),
  );
  const left = required.filter((name) => !declared.includes(name as string));
  changes.push(
    `${at}: required ${JSON.stringify(left)} left out (not among the object's properties)`,
  );
  return declared;
}

/**
 * An `enum` beside a single `type`, without the values that type rules out (a value must match
 * both, so they could never be chosen; Moonshot refused them and now drops them itself) and
 * without being empty. Undefined when there is nothing to change; `[]` means "leave enum out".
 */
function enumOfType(
  values: unknown,
  type: unknown,
  at: string,
  changes: string[],
): unknown[] | undefined {
  if (!Array.isArray(values)) return undefined;
  if (values.length === 0) {
    changes.push(`${at}: an empty enum left out`);
    return [];
  }
  if (typeof type !== "string") return undefined;
  const kept = values.filter((value) => matchesType(value, type));
  if (kept.length === values.length) return undefined;
  changes.push(
    kept.length === 0
      ? `${at}: enum left out (none of its values is of type ${JSON.stringify(type)})`
      : `${at}: enum values ${JSON.stringify(values.filter((value) => !kept.includes(value)))} left out (not of type ${JSON.stringify(type)})`,
  );
  return kept;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === "number" && actual === "integer");
}

/**
 * A node rewritten into shapes Moonshot reads, before the other rules run; undefined when none
 * applies. Moonshot's validator accepts these but its rewrite drops them, so the model would
 * never see the constraint:
 *  - a list of types becomes `anyOf` with one branch per type, each with the keywords that
 *    apply to its type (Moonshot empties a node that has a list and other keywords); a list of
 *    one type becomes that type;
 *  - `const` becomes a one-value `enum` (or the type, for `null` and booleans, which an enum
 *    cannot hold);
 *  - an untyped `enum` mixing types becomes `anyOf` with one branch per type: Moonshot takes
 *    enums of one type only.
 */
function reshapeTypes(node: JsonObject, at: string, changes: string[]): JsonObject | undefined {
  const type = node.type;
  if (Array.isArray(type) && !Array.isArray(node.anyOf) && !Array.isArray(node.oneOf)) {
    const types = [...new Set(type.filter((entry): entry is string => typeof entry === "string"))];
    const { type: _types, description, title, ...constraints } = node;
    const out: JsonObject = {};
    if (description !== undefined) out.description = description;
    if (title !== undefined) out.title = title;
    if (types.length === 1) Object.assign(out, constraints, { type: types[0] });
    else if (types.length > 1) {
      const branches = types.flatMap((entry) => typedBranch(constraints, entry) ?? []);
      out.anyOf = branches.length > 0 ? branches : types.map((entry) => ({ type: entry }));
    } else Object.assign(out, constraints);
    changes.push(
      types.length > 1
        ? `${at}: type list ${JSON.stringify(type)} sent as anyOf`
        : `${at}: type list ${JSON.stringify(type)} sent as ${types.length === 1 ? JSON.stringify(types[0]) : "no type"}`,
    );
    return out;
  }
  if (node.const !== undefined && !Array.isArray(node.enum)) {
    const { const: value, ...rest } = node;
    const valueType = jsonType(value);
    if (valueType === "object" || valueType === "array") return undefined;
    const out: JsonObject = { ...rest };
    if (valueType === "string" || valueType === "integer" || valueType === "number")
      out.enum = [value];
    else if (valueType === "boolean")
      out.description = withNote(rest.description, `always ${value}`);
    if (out.type === undefined) out.type = valueType;
    changes.push(
      `${at}: const ${JSON.stringify(value)} sent as ${out.enum ? "a one-value enum" : `type ${JSON.stringify(valueType)}`}`,
    );
    return out;
  }
  if (Array.isArray(node.enum) && type === undefined && !Array.isArray(node.anyOf)) {
    const groups = new Map<string, unknown[]>();
    for (const value of node.enum) {
      let group = jsonType(value);
      if (group === "integer") group = "number";
      groups.set(group, [...(groups.get(group) ?? []), value]);
    }
    if (groups.size < 2) return undefined;
    const { enum: _values, description, title, ...rest } = node;
    const out: JsonObject = { ...rest };
    if (description !== undefined) out.description = description;
    if (title !== undefined) out.title = title;
    out.anyOf = [...groups].map(([group, values]) => {
      if (group === "boolean") return booleanBranch(values);
      if (group === "null" || group === "object" || group === "array") return { type: group };
      return { type: commonType(values) ?? group, enum: values };
    });
    changes.push(`${at}: enum of mixed types sent as anyOf, one enum per type`);
    return out;
  }
  return undefined;
}

/**
 * The keywords of a type-list node that apply to one of its types, with that type; undefined
 * when the node's enum holds no value of that type (the branch could never be chosen).
 */
function typedBranch(constraints: JsonObject, type: string): JsonObject | undefined {
  const values = Array.isArray(constraints.enum)
    ? constraints.enum.filter((value) => matchesType(value, type))
    : undefined;
  if (values && values.length === 0) return undefined;
  // Moonshot's enums hold strings and numbers only.
  if (type === "boolean") return booleanBranch(values);
  if (type === "null") return { type };
  const branch: JsonObject = values ? { type, enum: values } : { type };
  const hints =
    type === "object"
      ? OBJECT_KEYWORDS
      : type === "array"
        ? ARRAY_HINTS
        : type === "string"
          ? STRING_HINTS
          : NUMBER_HINTS;
  for (const key in constraints) {
    if (hints.includes(key) || key === "default") branch[key] = constraints[key];
  }
  return branch;
}

/**
 * A boolean branch for these allowed values: Moonshot's enums hold no booleans, so a single one
 * (`true` only) is said in the description, else the model would take either as allowed.
 */
function booleanBranch(values: readonly unknown[] | undefined): JsonObject {
  const distinct = new Set(values ?? []);
  if (distinct.size !== 1) return { type: "boolean" };
  return { type: "boolean", description: withNote(undefined, `always ${[...distinct][0]}`) };
}

/** A description with `note` added: `note` capitalised alone, or in brackets after the text. */
function withNote(description: unknown, note: string): string {
  if (typeof description === "string" && description.trim() !== "")
    return `${description} (${note})`;
  return `${note[0]?.toUpperCase() ?? ""}${note.slice(1)}.`;
}

/** A value as JSON, clipped for a note. */
function clippedValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
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

/**
 * `anyOf` branches under a parent `type` (a name or a list), each narrowed to what both allow:
 * an untyped branch takes the parent's type, a typed one keeps the types the parent allows
 * (an integer is a number), and one that allows none of them is left out (`dropped`). A branch
 * with alternatives of its own takes the parent's type and is narrowed when it is walked; a
 * `$ref` is left as it is.
 */
function branchesWithin(
  parentType: unknown,
  branches: readonly unknown[],
): { branches: unknown[]; dropped: number } {
  const allowed =
    typeof parentType === "string"
      ? [parentType]
      : Array.isArray(parentType)
        ? parentType.filter((entry): entry is string => typeof entry === "string")
        : [];
  // A type that names nothing constrains nothing the branches could be narrowed by.
  if (allowed.length === 0) return { branches: [...branches], dropped: 0 };
  const parent = allowed.length === 1 ? allowed[0] : allowed;
  const out: unknown[] = [];
  for (const branch of branches) {
    if (branch === true) {
      out.push({ type: parent });
      continue;
    }
    if (!isRecord(branch) || typeof branch.$ref === "string") {
      out.push(branch);
      continue;
    }
    if (branch.type === undefined) {
      out.push({ ...branch, type: parent });
      continue;
    }
    const own =
      typeof branch.type === "string"
        ? [branch.type]
        : Array.isArray(branch.type)
          ? branch.type.filter((entry): entry is string => typeof entry === "string")
          : [];
    const both = [...new Set(own.flatMap((type) => sharedType(type, allowed) ?? []))];
    if (both.length === 0) continue;
    const type = both.length === 1 ? both[0] : both;
    out.push(JSON.stringify(type) === JSON.stringify(branch.type) ? branch : { ...branch, type });
  }
  return { branches: out, dropped: branches.length - out.length };
}

/** What of `type` the `allowed` types admit: itself, an integer for number and integer, or none. */
function sharedType(type: string, allowed: readonly string[]): string | undefined {
  if (allowed.includes(type)) return type;
  if (type === "number" && allowed.includes("integer")) return "integer";
  if (type === "integer" && allowed.includes("number")) return "integer";
  return undefined;
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

/**
 * A reference with alternatives beside it (`{"$ref": R, "anyOf": [A, B]}`: R and one of A, B),
 * said without a keyword beside the `$ref` and without `allOf`, which Moonshot's rules do not
 * name: the reference goes into each branch, `{"anyOf": [{…A, "anyOf": [R]}, {…B, "anyOf":
 * [R]}]}`, a branch with alternatives of its own taking it into each of those. A branch that
 * is a `$ref` itself cannot hold a second one, and becomes R alone (`loosened`); a `false`
 * branch (matches nothing) is left out. Undefined when there are no alternatives beside it.
 */
function referenceInBranches(
  siblings: JsonObject,
  reference: JsonObject,
): { schema: JsonObject; key: "anyOf" | "oneOf"; loosened: number } | undefined {
  const key = alternativesKey(siblings);
  if (!key) return undefined;
  const branches = siblings[key] as unknown[];
  const counter = { loosened: 0 };
  const { [key]: _alternatives, ...rest } = siblings;
  const inner = branches.flatMap((branch) => withReference(branch, reference, counter, 0));
  return {
    schema: { ...rest, anyOf: inner.length > 0 ? inner : [reference] },
    key,
    loosened: counter.loosened,
  };
}

/** Which list of alternatives `schema` holds, `anyOf` first, if any. */
function alternativesKey(schema: JsonObject): "anyOf" | "oneOf" | undefined {
  if (Array.isArray(schema.anyOf)) return "anyOf";
  return Array.isArray(schema.oneOf) ? "oneOf" : undefined;
}

/** One branch that must also match `reference`, as a list of zero or one schemas. */
function withReference(
  branch: unknown,
  reference: JsonObject,
  counter: { loosened: number },
  depth: number,
): JsonObject[] {
  if (branch === false) return [];
  if (!isRecord(branch)) return [{ anyOf: [reference] }];
  if (typeof branch.$ref === "string" || depth > MAX_DEPTH) {
    counter.loosened++;
    return [{ anyOf: [reference] }];
  }
  const key = alternativesKey(branch);
  if (!key) return [{ ...branch, anyOf: [reference] }];
  const { [key]: alternatives, ...rest } = branch;
  const inner = (alternatives as unknown[]).flatMap((item) =>
    withReference(item, reference, counter, depth + 1),
  );
  return inner.length > 0 ? [{ ...rest, anyOf: inner }] : [];
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
  if (OBJECT_KEYWORDS.some((key) => key in node)) return "object";
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
