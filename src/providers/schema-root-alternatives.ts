/** Alternatives at a tool schema's root, made one object (Moonshot wants `type: "object"` there). */
import { isRecord, type JsonObject } from "../util/is-record.js";
import { resolveLocal } from "./schema-refs.js";

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
export function withoutRootAlternatives(root: JsonObject, changes: string[]): JsonObject {
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
