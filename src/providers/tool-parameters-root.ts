/**
 * The root of a tool's parameters as endpoints take it: an object schema (Moonshot and OpenAI
 * both refuse any other root, since the arguments are a JSON object). Generated schemas do not
 * always say so although they mean one: Zod's parameterless `{}`, a schema with `properties`
 * and no type, and a union of objects (`z.union`, some MCP servers) as a root `anyOf` or `oneOf`
 * with no type of its own. Those get `type: "object"`; any other root cannot be sent as an
 * object, and is described in words for the error. Pure.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";

export type ObjectRoot =
  /** `union`: the schema was a union of objects that got its `type` here. */
  | { schema: JsonObject; union: boolean }
  /** What the root is instead, in words: `of type "array"`, `that may be a string or …`. */
  | { refused: string };

/**
 * Keywords only an object schema has (or that only constrain objects): one of them in an untyped
 * node makes it an object schema (here and in moonshot-tool-schema.ts).
 */
export const OBJECT_KEYWORDS: readonly string[] = [
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "minProperties",
  "maxProperties",
  "propertyNames",
];

const UNION_KEYS = ["anyOf", "oneOf"] as const;

/** The parameters as an object schema, or why they cannot be one. */
export function objectRoot(parameters: JsonObject | undefined): ObjectRoot {
  if (parameters === undefined) return { schema: { type: "object", properties: {} }, union: false };
  if (parameters.type === "object") return { schema: parameters, union: false };
  if (parameters.type === undefined) {
    if (parameters.properties !== undefined || Object.keys(parameters).length === 0) {
      return { schema: { type: "object", properties: {}, ...parameters }, union: false };
    }
    const union = unionOf(parameters);
    if (union && union.length > 0 && union.every((branch) => isObjectSchema(branch, parameters))) {
      return { schema: { ...parameters, type: "object" }, union: true };
    }
  }
  return { refused: shapeOf(parameters) };
}

function unionOf(node: JsonObject): unknown[] | undefined {
  for (const key of UNION_KEYS) {
    const branches = node[key];
    if (Array.isArray(branches)) return branches;
  }
  return undefined;
}

/** An object schema: typed one, untyped with object keywords, or a local `$ref` to one. */
function isObjectSchema(branch: unknown, root: JsonObject): boolean {
  if (!isRecord(branch)) return false;
  if (typeof branch.$ref === "string") {
    const target = resolveLocal(root, branch.$ref);
    return target !== undefined && target !== branch && isObjectSchema(target, root);
  }
  if (branch.type !== undefined) return branch.type === "object";
  return !unionOf(branch) && OBJECT_KEYWORDS.some((key) => key in branch);
}

/** The schema a local `#/…` pointer names, if any (one level: enough to tell what it is). */
function resolveLocal(root: JsonObject, ref: string): JsonObject | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    current = isRecord(current) ? current[key] : undefined;
  }
  return isRecord(current) ? current : undefined;
}

/** "parameters …": what a root that is not an object is, in words. */
function shapeOf(node: JsonObject): string {
  const type = node.type;
  if (typeof type === "string") return `of type ${JSON.stringify(type)}`;
  if (Array.isArray(type)) return `of the types ${JSON.stringify(type)} (a list, not "object")`;
  if (type !== undefined) return `whose "type" is ${JSON.stringify(type)}, not a type name`;
  for (const key of UNION_KEYS) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    if (branches.length === 0) return `that are an empty ${key} (no alternative at all)`;
    const kinds = [...new Set(branches.map(kindOf))];
    const listed =
      kinds.length === 1
        ? (kinds[0] as string)
        : `${kinds.slice(0, -1).join(", ")} or ${kinds.at(-1) as string}`;
    return `that may be ${listed} (${key}), not only objects`;
  }
  if (typeof node.$ref === "string") return `that are a $ref to ${JSON.stringify(node.$ref)}`;
  const keys = Object.keys(node).slice(0, 4);
  return `without a "type" (they have ${keys.join(", ")})`;
}

/** One alternative of a union, in words: "a string", "an object", "any value". */
function kindOf(branch: unknown): string {
  if (branch === true) return "any value";
  if (branch === false) return "nothing";
  if (!isRecord(branch)) return "something that is not a schema";
  const type = branch.type;
  if (typeof type === "string") return withArticle(type);
  if (Array.isArray(type)) return `one of the types ${JSON.stringify(type)}`;
  if (typeof branch.$ref === "string") return `a $ref to ${JSON.stringify(branch.$ref)}`;
  if (unionOf(branch)) return "a nested union";
  return OBJECT_KEYWORDS.some((key) => key in branch) ? "an object" : "a schema without a type";
}

function withArticle(type: string): string {
  if (type === "null") return "null";
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
