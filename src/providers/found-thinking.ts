/**
 * A model the config calls non-reasoning that was found to think unasked (its answer carried
 * reasoning, or it gave a refusal only a thinking model gives) is handled from then on through a
 * view of it with `reasoning: true`: its earlier tool-call turns get the `reasoning_content`
 * Moonshot wants, its sampling goes by its thinking state. A thinking level other than off is
 * still not sent to it: the config's `reasoning: false` decides that, on the first request and on
 * every later one alike (before, the level went as on from the second request, after a first one
 * that said it was not sent). The views are marked here, where the request builder reads them.
 */
import type { ResolvedModel } from "../catalog/types.js";

const views = new WeakSet<ResolvedModel>();

/** Marks `view` as a non-reasoning model's view as the thinking model it was found to be. */
export function markFoundThinking(view: ResolvedModel): void {
  views.add(view);
}

/** Whether the config calls `model` a reasoning model (a found-thinking view is not one). */
export function configuredReasoning(model: ResolvedModel): boolean {
  return model.reasoning && !views.has(model);
}
