/**
 * The keywords of one node that hold schemas, each walked by its family: schemas of values
 * (properties, items…) with a type required, constraints on the node itself (allOf parts, not,
 * if/then/else…) for their contents only. Part of the walk of moonshot-tool-schema.ts.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import {
  adaptBranches,
  adaptChild,
  adaptItems,
  adaptList,
  adaptMap,
} from "./schema-child-schemas.js";
import type { NodeAlternatives } from "./schema-node-alternatives.js";
import type { Walk } from "./schema-walk.js";

/** A node after its child schemas were walked, and what the walk noted for its own keywords. */
export interface WalkedKeywords {
  /** The node's copy when it or a child schema changed, else undefined (the node as it is). */
  out: JsonObject | undefined;
  /** The node's `type` as given. */
  typeValue: unknown;
  /** The node's `enum` as given. */
  enumValue: unknown;
  /** The node's `properties`, adapted. */
  declared: JsonObject | undefined;
}

/**
 * The node with each keyword holding schemas adapted, on `alternatives.out` when the node's
 * alternatives were already rewritten (nodeAlternatives), else on a copy made at the first
 * change.
 */
export function adaptSubschemaKeywords(
  node: JsonObject,
  alternatives: Readonly<NodeAlternatives>,
  path: string,
  depth: number,
  walk: Walk,
): WalkedKeywords {
  const { anyOf, oneOfAsAnyOf, noAlternatives } = alternatives;
  let out = alternatives.out;
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
  return { out, typeValue, enumValue, declared };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
