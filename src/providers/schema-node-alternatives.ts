/**
 * A node's alternatives as Moonshot takes them, decided before its child schemas are walked: a
 * `oneOf` standing in for a type is sent as `anyOf`, and a `type` beside `anyOf` moves into the
 * branches. Part of the walk of moonshot-tool-schema.ts.
 */
import type { JsonObject } from "../util/is-record.js";
import { branchesWithin } from "./schema-alternatives.js";

export interface NodeAlternatives {
  /** The node's copy when one of the rules changed it (the walk goes on setting on it). */
  out: JsonObject | undefined;
  /** The branches to walk as `anyOf`: the node's, its `oneOf`'s, or those the type allows. */
  anyOf: unknown[] | undefined;
  /** Whether `oneOf` is walked and sent as `anyOf`. */
  oneOfAsAnyOf: boolean;
  /** Whether no branch allowed the type beside them: `anyOf` and `oneOf` were left out. */
  noAlternatives: boolean;
}

/** A node with neither `anyOf` nor a `oneOf` to send as one, the most common: nothing to do. */
const NONE: Readonly<NodeAlternatives> = {
  out: undefined,
  anyOf: undefined,
  oneOfAsAnyOf: false,
  noAlternatives: false,
};

/**
 * The node's `anyOf` (or `oneOf` sent as one, when `typed`: a node that stands for a value),
 * with a `type` beside it moved into the branches, the changes noted at `path`.
 */
export function nodeAlternatives(
  node: JsonObject,
  path: string,
  typed: boolean,
  changes: string[],
): Readonly<NodeAlternatives> {
  let out: JsonObject | undefined;
  // A type beside anyOf belongs in the branches; a oneOf standing in for a type becomes anyOf.
  let anyOf = Array.isArray(node.anyOf) ? node.anyOf : undefined;
  const oneOfAsAnyOf = typed && !anyOf && Array.isArray(node.oneOf);
  if (!anyOf && !oneOfAsAnyOf) return NONE;
  if (oneOfAsAnyOf) {
    anyOf = node.oneOf as unknown[];
    out = { ...node, anyOf };
    delete out.oneOf;
    changes.push(`${path || "root"}: oneOf sent as anyOf (Moonshot reads only anyOf)`);
  }
  // Both must hold, so each branch keeps what the type allows of it; one that allows nothing
  // of it goes, and when none is left the type stays alone.
  let noAlternatives = false;
  if (anyOf && node.type !== undefined) {
    const parentType = node.type;
    const allowed = branchesWithin(parentType, anyOf);
    out ??= { ...node };
    const at = path || "root";
    if (allowed.branches.length === 0) {
      noAlternatives = true;
      anyOf = undefined;
      delete out.anyOf;
      delete out.oneOf;
      changes.push(
        `${at}: type ${JSON.stringify(parentType)} kept and anyOf left out (none of its branches allows a value of that type)`,
      );
    } else {
      anyOf = allowed.branches;
      out.anyOf = anyOf;
      delete out.type;
      changes.push(
        allowed.dropped === 0
          ? `${at}: type ${JSON.stringify(parentType)} moved into the anyOf branches`
          : `${at}: type ${JSON.stringify(parentType)} moved into the anyOf branches, and ${allowed.dropped} branch${allowed.dropped > 1 ? "es" : ""} of another type left out (a value must match both)`,
      );
    }
  }
  return { out, anyOf, oneOfAsAnyOf, noAlternatives };
}
