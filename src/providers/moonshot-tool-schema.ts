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
import { nodeAlternatives } from "./schema-node-alternatives.js";
import { withOwnKeywordsFixed } from "./schema-own-keywords.js";
import { adaptRef } from "./schema-ref-node.js";
import { canRenameDefinitions, resolveLocal } from "./schema-refs.js";
import { withoutRootAlternatives } from "./schema-root-alternatives.js";
import { adaptSubschemaKeywords } from "./schema-subschema-keywords.js";
import { mayReshape, reshapeTypes } from "./schema-type-reshape.js";
import { MAX_DEPTH, type Walk } from "./schema-walk.js";

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
    adapt: (node, path, depth, typed) => adaptNode(node, path, depth, typed, walk),
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

/**
 * One node adapted, and through it (`walk.adapt`) every schema inside it: `allOf` merged, a `$ref`
 * (schema-ref-node.ts), type shapes Moonshot reads differently, then the node's alternatives
 * (schema-node-alternatives.ts), the keywords holding schemas (schema-subschema-keywords.ts)
 * and the node's own keywords (schema-own-keywords.ts). `typed`: the node stands for a value
 * (not a constraint beside one), so it needs a type.
 */
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

  const alternatives = nodeAlternatives(node, path, typed, walk.changes);
  const walked = adaptSubschemaKeywords(node, alternatives, path, depth, walk);
  return withOwnKeywordsFixed(node, walked, typed, path, walk.changes);
}
