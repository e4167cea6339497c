/**
 * What `openclaw chat` knows of models that cannot stop thinking, for /model, /search and /think
 * to say so when they are used, instead of a turn failing (web search needs thinking off) or a
 * `thinking: off` that the model does not follow. Known from the model's config (its
 * compat.alwaysThinks, as kimi-for-coding's built-in entry has; or its effort can be lowered, not
 * turned off), or learned in this chat: the model refused thinking off.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { ALWAYS_THINKS_SET, alwaysThinksWhy } from "../providers/always-thinks.js";

export class AlwaysThinkingModels {
  /** The models that refused thinking off during this chat. */
  private readonly refused = new Set<string>();

  /** Notes that `ref` refused thinking off (a retry left the switch out). */
  learnRefusal(ref: string): void {
    this.refused.add(ref);
  }

  /** Why `model` always thinks, for a message ("it refused thinking off …"); else undefined. */
  why(model: ResolvedModel | undefined): string | undefined {
    if (model === undefined) return undefined;
    if (this.refused.has(model.ref)) return "it refused thinking off earlier in this chat";
    const why = alwaysThinksWhy(model);
    if (why === undefined || why === ALWAYS_THINKS_SET) return why;
    return `its config says ${why}`;
  }
}

/**
 * The warning for web search on with `ref`, which always thinks (`why`): a turn is not sent to
 * it. `searcher` is the later model of its chain that the turns go to instead, when there is one.
 */
export function searchWithThinkerWarning(ref: string, why: string, searcher?: string): string {
  const cause = `web search is on, and ${ref} always thinks (${why}): Moonshot's $web_search does not work while a model thinks`;
  if (searcher !== undefined)
    return `${cause}, so each turn skips it and goes to ${searcher}, the next model of the chain. Type /search off to ask ${ref} without searching`;
  return `${cause}, so a turn is not sent to it: it ends at once with an error, nothing billed. Type /search off to ask it without searching, or /model one that can stop thinking (such as moonshot/kimi-k2.5) to search`;
}

/** The line /think says when it asks `ref`, which always thinks (`why`), for thinking off. */
export function thinkingOffIgnoredLine(ref: string, why: string): string {
  return `thinking: off asked, but ${ref} always thinks (${why}): its answers still come with thinking; /model one that can stop thinking for answers without it`;
}
