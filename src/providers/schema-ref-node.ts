/**
 * A `$ref` node as Moonshot takes it: kept, pointed into `$defs`, or replaced by its target.
 * Part of the walk of moonshot-tool-schema.ts: a target copied in place is adapted through
 * `walk.adapt`.
 */
import type { JsonObject } from "../util/is-record.js";
import { type KeptBecause, keptRef } from "./schema-kept-ref.js";
import { DEFS_PREFIX, hoistedName, LEGACY_DEFS_PREFIX, resolveLocal } from "./schema-refs.js";
import { MAX_COPIED_NODES, MAX_DEPTH, type Walk } from "./schema-walk.js";

/**
 * A `$ref` node. Kept when Moonshot can expand it: it points into `#/$defs/`, and has no sibling
 * but a `description` the target lacks (Moonshot refuses a `type` or any other keyword beside a
 * `$ref`, and a sibling that repeats one of the target's). `#/definitions/` is rewritten to
 * `#/$defs/`. Otherwise the node is replaced by its target with the siblings laid over it,
 * unless the reference is recursive or the copies made so far reach MAX_COPIED_NODES: then it
 * stays a reference, into `$defs`, which Moonshot expands itself.
 */
export function adaptRef(
  node: JsonObject,
  ref: string,
  path: string,
  depth: number,
  typed: boolean,
  walk: Walk,
): JsonObject {
  const at = path || "root";
  const target = resolveLocal(walk.root, ref);
  const { $ref: _ref, ...siblings } = node;
  const beside = Object.keys(siblings).find(
    (key) => key !== "description" || (target !== undefined && key in target),
  );
  const legacy = ref.startsWith(LEGACY_DEFS_PREFIX) && walk.renameDefinitions;
  const intoDefs = ref.startsWith(DEFS_PREFIX) || legacy;
  const name = ref.slice(legacy ? LEGACY_DEFS_PREFIX.length : DEFS_PREFIX.length);
  // Moonshot looks a reference up by the one name after `#/$defs/`: a pointer further in
  // (`#/$defs/A/properties/b`) names no definition it knows, and is refused as not found.
  const intoDefinition = intoDefs && name.includes("/");
  const expandable = intoDefs && !intoDefinition;
  // A reference to the whole schema is always recursive, and one met again inside its own
  // target would be replaced forever: both stay references, into `$defs`.
  const recursive = ref === "#" || walk.inlining.has(ref);
  // Each copy is walked in full: copies nested in copies are what doubles (see MAX_COPIED_NODES).
  // A copy also needs room below it to be walked, which a definition (walked from the top) has.
  const why: KeptBecause | undefined = recursive
    ? "recursive"
    : walk.copiedNodes >= MAX_COPIED_NODES
      ? "copies"
      : depth >= MAX_DEPTH / 2
        ? "deep"
        : undefined;
  if (target && (beside !== undefined || !expandable) && why) {
    // A pointer into a definition, like any other pointer outside `$defs`, has its target
    // copied into `$defs` under a name of its own.
    const to = DEFS_PREFIX + (expandable ? name : hoistedName(ref, walk));
    return keptRef(siblings, target, ref, to, why, path, depth, typed, walk);
  }
  if (target && (beside !== undefined || !expandable)) {
    walk.inlining.add(ref);
    walk.copying++;
    const merged = walk.adapt({ ...target, ...siblings }, path, depth + 1, typed);
    walk.copying--;
    walk.inlining.delete(ref);
    walk.changes.push(
      beside !== undefined
        ? `${at}: $ref ${ref} replaced by its target (Moonshot takes no "${beside}" beside a $ref)`
        : intoDefinition
          ? `${at}: $ref ${ref} replaced by its target (Moonshot expands only references to a whole definition, #/$defs/<name>)`
          : `${at}: $ref ${ref} replaced by its target (Moonshot expands only #/$defs/ references)`,
    );
    return merged;
  }
  if (legacy) {
    walk.changes.push(`${at}: $ref ${ref} pointed into $defs`);
    return { ...node, $ref: DEFS_PREFIX + ref.slice(LEGACY_DEFS_PREFIX.length) };
  }
  return node;
}
