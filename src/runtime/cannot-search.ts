/**
 * The failure of a request that offers Moonshot's `$web_search` to a model that cannot stop
 * thinking (its config says so, or it refused thinking off earlier): the tool needs thinking off,
 * so the request is not sent. In a chain the model is passed over for the next; alone, the run
 * fails with this, saying what to do instead.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { searchElsewhereHint } from "../providers/always-thinks.js";
import { ProviderError } from "../providers/errors.js";

/** `why` says why `model` always thinks; `inChain` when a later model of the chain is tried. */
export function cannotSearchError(
  model: ResolvedModel,
  why: string,
  inChain: boolean,
): ProviderError {
  const cause = `it always thinks (${why}), and Moonshot's $web_search works only with thinking off`;
  return new ProviderError({
    errorClass: "bad_request",
    message: inChain
      ? `${model.ref} skipped: ${cause}`
      : `${model.ref} cannot search the web: ${cause}, so the request was not sent`,
    hint: searchElsewhereHint(model.ref),
    provider: model.provider,
    model: model.id,
  });
}
