/**
 * The schemas a keyword holds, walked in each shape a keyword holds them (one schema, a list, a
 * map, `items`, `anyOf` branches), with the boolean schemas Moonshot refuses replaced. Part of
 * the walk of moonshot-tool-schema.ts: each schema is adapted through `walk.adapt`.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import type { Walk } from "./schema-walk.js";

/** A schema in a keyword's place, adapted; anything else (a boolean schema) as it is. */
export function adaptChild(
  value: unknown,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): unknown {
  return isRecord(value) ? walk.adapt(value, path, depth + 1, typed) : value;
}

/** A list of schemas, adapted: the same list when no item changed. */
export function adaptList(
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
    const adapted = walk.adapt(item, `${path}[${index}]`, depth + 1, typed);
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
export function adaptMap(
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
    const adapted = walk.adapt(schema, at, depth + 1, true);
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
export function adaptItems(value: unknown, path: string, depth: number, walk: Walk): unknown {
  if (value === false) {
    walk.changes.push(`${path}: schema false (no items) left out`);
    return undefined;
  }
  if (Array.isArray(value)) {
    const schemas = value.filter(isRecord);
    walk.changes.push(`${path}: a list of ${value.length} item schemas sent as one`);
    if (schemas.length === 0) return undefined;
    const one = schemas.length === 1 ? (schemas[0] as JsonObject) : { anyOf: schemas };
    return walk.adapt(one, path, depth + 1, true);
  }
  const schema = value === true ? anyValue(path, walk) : value;
  return isRecord(schema) ? walk.adapt(schema, path, depth + 1, true) : value;
}

/** anyOf branches, adapted: `true` is `{}`, `false` (matches nothing) is left out. */
export function adaptBranches(list: unknown[], path: string, depth: number, walk: Walk): unknown[] {
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
