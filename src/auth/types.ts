import type { KeySource, ResolvedModel } from "../catalog/types.js";

/** A key ready to use, with where it came from. `value` must never be logged or printed. */
export interface ResolvedKey {
  value: string;
  source: KeySource;
  /** Display form, e.g. `sk-…a1b2`. Safe to print. */
  masked: string;
  /** Stable id for per-key cooldowns that does not reveal the key (a short hash). */
  fingerprint: string;
}

/** Finds the key for a model, walking `model.keySources` in order. Returns undefined when none is set. */
export type KeyResolver = (model: ResolvedModel) => ResolvedKey | undefined;
