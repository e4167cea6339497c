/**
 * Type shapes Moonshot's validator accepts but its rewrite drops, said again in shapes it reads:
 * a list of types, a `const`, an enum mixing types.
 */
import type { JsonObject } from "../util/is-record.js";
import { withNote } from "./schema-notes.js";
import {
  ARRAY_HINTS,
  commonType,
  jsonType,
  matchesType,
  NUMBER_HINTS,
  STRING_HINTS,
} from "./schema-type-inference.js";
import { OBJECT_KEYWORDS } from "./tool-parameters-root.js";

/** Whether `reshapeTypes` may apply: a const, a list of types, or an enum with no type or anyOf. */
export function mayReshape(node: JsonObject): boolean {
  if (node.const !== undefined || Array.isArray(node.type)) return true;
  return (
    node.type === undefined &&
    Array.isArray(node.enum) &&
    !Array.isArray(node.anyOf) &&
    !Array.isArray(node.oneOf)
  );
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
export function reshapeTypes(
  node: JsonObject,
  at: string,
  changes: string[],
): JsonObject | undefined {
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
