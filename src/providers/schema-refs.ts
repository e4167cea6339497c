/**
 * Local `$ref`s: the schema a pointer names, the `$defs` prefixes, and the names of definitions
 * a walk adds or renames.
 */
import { isRecord, type JsonObject } from "../util/is-record.js";
import type { Walk } from "./schema-walk.js";

export const DEFS_PREFIX = "#/$defs/";
export const LEGACY_DEFS_PREFIX = "#/definitions/";

/** The schema a local `#/…` JSON pointer names inside the parameters, if any. */
export function resolveLocal(root: JsonObject, ref: string): JsonObject | undefined {
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

/** Whether the root's `definitions` may be renamed to `$defs`: no name is in both. */
export function canRenameDefinitions(root: JsonObject): boolean {
  if (!isRecord(root.definitions)) return false;
  if (!isRecord(root.$defs)) return true;
  const defs = root.$defs;
  return Object.keys(root.definitions).every((name) => !(name in defs));
}

/** The `$defs` name a kept reference's target is copied to: its own name, if free. */
export function hoistedName(ref: string, walk: Walk): string {
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
