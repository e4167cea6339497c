/**
 * What a program's `log` hears of the retired ids its gateway's config offers a client (a member
 * of the default chain, an alias naming one), as `openclaw gateway` says them at its start and at
 * a reload that changes them (retiredServedOffers): a program had no word of them, and a client
 * asking for `openclaw` or the alias met 404s or fallbacks. The fixes are the commands with the
 * words that reach this gateway's config file, or, for a config given as an object, the edit of
 * that object. Warnings only: the requests are still forwarded.
 */
import type { Catalog } from "../catalog/index.js";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import { type RetiredOffer, retiredServedOffers } from "../onboard/retired-chain.js";

/** How a fix names the config object startGateway was given. */
const CONFIG_OBJECT_WORDS =
  "the config object startGateway is given, then start it again (a config given as an object is not reloaded)";

/** The words of the fixes: the config object's edit, else the commands with `prefix` before. */
export function retiredFixWords(fromObject: boolean, prefix: string): RetiredFixWords {
  return fromObject ? { configObject: CONFIG_OBJECT_WORDS } : { prefix };
}

/** The offers of `catalog`; none when they cannot be read (a warning never stops the gateway). */
function offersOf(catalog: Catalog, words: RetiredFixWords): RetiredOffer[] {
  try {
    return retiredServedOffers(catalog, words);
  } catch {
    return [];
  }
}

/**
 * Logs the offers of `first` (the start), and returns what to call with each later build's
 * catalog: it logs the offers not said of the same member or alias at the build before.
 */
export function retiredOfferLog(
  first: Catalog,
  words: RetiredFixWords,
  log: (line: string) => void,
): (next: Catalog) => void {
  const say = (offers: readonly RetiredOffer[], said: ReadonlySet<string>) => {
    for (const offer of offers) if (!said.has(offer.key)) log(`gateway: warning: ${offer.line}`);
    return new Set(offers.map((offer) => offer.key));
  };
  let said = say(offersOf(first, words), new Set());
  return (next) => {
    said = say(offersOf(next, words), said);
  };
}
