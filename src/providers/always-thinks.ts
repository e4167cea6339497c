/**
 * Models whose config says they think whatever they are sent: `compat.alwaysThinks` (Kimi Code's
 * kimi-for-coding, which refuses thinking off), or a reasoning model that takes Kimi K3's effort
 * (`compat.thinkingFormat` "moonshot-effort", lowered but never off). Known up front, such a
 * model is not sent what it would refuse: thinking off, or Moonshot's `$web_search`, which works
 * only with thinking off. A model the config does not mark is found out by its first refusal.
 */
import type { ResolvedModel } from "../catalog/types.js";

/** Why the config says `model` always thinks, for a message ("… always thinks (<why>)"). */
export function alwaysThinksWhy(model: ResolvedModel): string | undefined {
  if (model.compat.alwaysThinks === true) return ALWAYS_THINKS_SET;
  if (model.reasoning && model.compat.thinkingFormat === "moonshot-effort")
    return "its effort can be lowered, not turned off";
  return undefined;
}

/** The reason `compat.alwaysThinks` gives, naming the setting a user can clear. */
export const ALWAYS_THINKS_SET = "it refuses thinking off, its compat.alwaysThinks says";

/**
 * The advice for a web search asked of `ref`, a model that always thinks: the way out (a model
 * that can stop thinking, or the question without a search).
 */
export function searchElsewhereHint(ref: string): string {
  return `search with a model that can stop thinking, such as moonshot/kimi-k2.5, or ask ${ref} without web search`;
}
