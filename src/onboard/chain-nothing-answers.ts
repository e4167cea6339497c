/**
 * The default chain when it leaves members out and none of the rest has a key: that nothing in
 * it can answer, each member and why, and what to fix first. `agent`, `chat` and the gateway's
 * start say it in these words (models status and doctor build it from their own key status).
 */
import {
  type Catalog,
  chainMemberOrigins,
  nothingAnswersSentence,
  type ResolvedModel,
  type SkippedChainMember,
} from "../catalog/index.js";
import { keylessMutedMembers } from "./chain-keys.js";
import { chainEntryRef } from "./models-view.js";

/**
 * nothingAnswersSentence for `catalog`'s default chain: `skipped` its members left out,
 * `serving` the rest (none with a key), `fixOf` the way to give one of them a key.
 */
export function chainNothingAnswers(
  catalog: Catalog,
  skipped: readonly SkippedChainMember[],
  serving: readonly ResolvedModel[],
  fixOf: (model: ResolvedModel, index: number) => string | undefined,
): { message: string; hint: string } {
  const fallbacks = catalog.fallbacks.map((ref) => chainEntryRef(catalog, ref));
  const primary = catalog.primary ? chainEntryRef(catalog, catalog.primary) : undefined;
  const muted = keylessMutedMembers(
    serving,
    primary,
    fallbacks,
    chainMemberOrigins(catalog),
    fixOf,
  );
  return nothingAnswersSentence(skipped, muted);
}
