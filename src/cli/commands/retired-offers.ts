/**
 * The retired ids the gateway's config offers a client (the default chain's members, its
 * aliases), as the start-up report warns of them and a reload says them again only when it
 * changes them: a member or alias newly naming a retired id (or named at another place) is said,
 * one that stays as it was is not. Undefined when the config cannot be read as `models status`
 * reads it (the gateway's own report says why).
 */

import type { RetiredFixWords } from "../../catalog/retired-object-edit.js";
import { type LoadedConfig, resolveConfigPath } from "../../config/index.js";
import { shellConfigPrefix } from "../../gateway/reveal-token.js";
import { modelsContextOf, openModelsContext } from "../../onboard/index.js";
import { type RetiredOffer, retiredServedOffers } from "../../onboard/retired-chain.js";

/**
 * The words before each fix's command: what reaches the gateway's config from a plain shell
 * (`OPENCLAW_STATE_DIR=… `) when the gateway reads another config than such a shell, else none.
 */
function fixWordsOf(): RetiredFixWords {
  const prefix = shellConfigPrefix(resolveConfigPath(process.env));
  return prefix === "" ? {} : { prefix };
}

/** The offers of the config the gateway serves (`served`), else of the file as it is now. */
export function retiredOffersOf(served?: LoadedConfig): RetiredOffer[] | undefined {
  try {
    const context = served ? modelsContextOf(served, process.env) : openModelsContext(process.env);
    return retiredServedOffers(context.catalog, fixWordsOf());
  } catch {
    return undefined;
  }
}

/** The lines of `after` a reload says: those not said of the same member or alias before it. */
export function newRetiredLines(
  before: readonly RetiredOffer[],
  after: readonly RetiredOffer[],
): string[] {
  const said = new Set(before.map((offer) => offer.key));
  return after.filter((offer) => !said.has(offer.key)).map((offer) => offer.line);
}
