/** The state of one walk over a tool schema (moonshot-tool-schema.ts), and its bounds. */
import type { JsonObject } from "../util/is-record.js";

/** Deeper than this is left as it is (a schema is data from a client; recursion is bounded). */
export const MAX_DEPTH = 64;

/**
 * How many nodes the copies of `$ref` targets may add before further references stay
 * references (into `$defs`, keywords beside them on a one-branch `anyOf`): far more than
 * hand-written or generated schemas copy, and a few milliseconds of walking, where copying
 * every time made the output double with each level of references nested in their targets.
 */
export const MAX_COPIED_NODES = 1000;

export interface Walk {
  root: JsonObject;
  changes: string[];
  /** `$ref`s being replaced by their targets right now (a recursive one is left as a `$ref`). */
  inlining: Set<string>;
  /** Whether the root's `definitions` may be renamed to `$defs` (no name in both). */
  renameDefinitions: boolean;
  /** `$ref`s kept as references to targets outside `$defs`, each with its `$defs` name. */
  hoisted: Map<string, string>;
  /** How many `$ref` targets are being copied in place right now (nested in one another). */
  copying: number;
  /** Nodes walked inside those copies so far, held to MAX_COPIED_NODES. */
  copiedNodes: number;
  /**
   * Adapts one node of this walk (moonshot-tool-schema.ts's adaptNode): the modules that walk a
   * node's parts (child schemas, `$ref`s) call back through it, so none of them imports the
   * walker.
   */
  adapt: (node: JsonObject, path: string, depth: number, typed: boolean) => JsonObject;
}
