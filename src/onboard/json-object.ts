/** Helpers for editing a config file's raw JSON object in place. */

import { isRecord, type JsonObject } from "../util/is-record.js";

export type Json = JsonObject;
export { isRecord };

/** Returns `parent[key]` as an object, creating it (or replacing a non-object) when needed. */
export function child(parent: Json, key: string): Json {
  const existing = parent[key];
  if (isRecord(existing)) return existing;
  const created: Json = {};
  parent[key] = created;
  return created;
}
