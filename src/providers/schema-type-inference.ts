/**
 * The JSON Schema type of a value or of a node's keywords: what a node without a `type` is sent
 * as, and whether a value is of a type.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import { OBJECT_KEYWORDS } from "./tool-parameters-root.js";

export const ARRAY_HINTS = [
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
];
export const STRING_HINTS = ["minLength", "maxLength", "pattern", "format"];
export const NUMBER_HINTS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
];

/** Whether `value` is of `type` (an integer is a number too). */
export function matchesType(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === "number" && actual === "integer");
}

/** What of `type` the `allowed` types admit: itself, an integer for number and integer, or none. */
export function sharedType(type: string, allowed: readonly string[]): string | undefined {
  if (allowed.includes(type)) return type;
  if (type === "number" && allowed.includes("integer")) return "integer";
  if (type === "integer" && allowed.includes("number")) return "integer";
  return undefined;
}

/** A node that has neither a type nor anything Moonshot accepts in its place. */
export function needsType(node: JsonObject): boolean {
  return node.type === undefined && !Array.isArray(node.anyOf) && typeof node.$ref !== "string";
}

/** The type a node's keywords imply; "string" when they imply none (a node for any value). */
export function inferType(node: JsonObject): string {
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
export function commonType(values: readonly unknown[]): string | undefined {
  const types = new Set(values.filter((value) => value !== null).map(jsonType));
  if (types.size === 2 && types.has("integer") && types.has("number")) return "number";
  if (types.size === 1) return [...types][0];
  return types.size === 0 && values.length > 0 ? "null" : undefined;
}

/** A value's JSON Schema type ("integer" for a whole number). */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "boolean" : "string";
}
