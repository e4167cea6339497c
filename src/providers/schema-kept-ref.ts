/**
 * A `$ref` that stays a reference where it would be replaced by its target (it is recursive, or
 * copies of targets are already too many or too deep), said as Moonshot takes it. Part of the
 * walk of moonshot-tool-schema.ts.
 */
import type { JsonObject } from "../util/is-record.js";
import { referenceInBranches } from "./schema-alternatives.js";
import { MAX_COPIED_NODES, type Walk } from "./schema-walk.js";

/** Why a `$ref` that would be replaced by its target stays a reference. */
export type KeptBecause = "recursive" | "copies" | "deep";

const NOT_COPIED: Record<KeptBecause, string> = {
  recursive: "",
  copies: `, not replaced by its target (copies of targets already add ${MAX_COPIED_NODES} nodes)`,
  deep: ", not replaced by its target (nested too deep in copies of other targets)",
};

/**
 * A reference kept (it is recursive, copies of targets already make up MAX_COPIED_NODES nodes,
 * or a copy would be walked too deep) as Moonshot takes it: `to` (into `$defs`) alone, or with
 * a description its target lacks; other keywords beside it (or a description the target has
 * too) are kept on an `anyOf` of the one reference, so the model still reads them.
 */
export function keptRef(
  siblings: JsonObject,
  target: JsonObject,
  ref: string,
  to: string,
  why: KeptBecause,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): JsonObject {
  const at = path || "root";
  const kind = why === "recursive" ? "recursive $ref" : "$ref";
  const notCopied = NOT_COPIED[why];
  const reference: JsonObject = { $ref: to };
  const keys = Object.keys(siblings);
  const wrapped =
    keys.length > 0 &&
    keys.some((key) => key !== "description" || target.description !== undefined);
  if (!wrapped) {
    if (keys.length > 0) reference.description = siblings.description;
    walk.changes.push(
      `${at}: ${kind} ${ref} sent as ${to}${notCopied} (Moonshot expands only #/$defs/ references)`,
    );
    return reference;
  }
  const alternatives = referenceInBranches(siblings, reference);
  const mark = walk.changes.length;
  const out = walk.adapt(
    alternatives?.schema ?? { ...siblings, anyOf: [reference] },
    path,
    depth + 1,
    typed,
  );
  walk.changes.length = mark;
  // A default cannot stay beside the anyOf either: it went into the description.
  const beside = Object.keys(out).filter((key) => key !== "anyOf");
  const defaultSaid =
    "default" in siblings && !("default" in out) ? ", its default said in the description" : "";
  walk.changes.push(
    alternatives
      ? `${at}: ${kind} ${ref} sent as ${to} inside each ${alternatives.key} branch beside it${alternatives.loosened > 0 ? ` (${alternatives.loosened} of them, holding a $ref of their own, as ${to} alone)` : ""}${notCopied} (Moonshot takes no keyword but a description its target lacks beside a $ref)`
      : `${at}: ${kind} ${ref} sent as anyOf [${to}], ${beside.join(", ")} beside it${defaultSaid}${notCopied} (Moonshot takes no keyword but a description its target lacks beside a $ref)`,
  );
  return out;
}
