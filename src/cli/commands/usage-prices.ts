/**
 * Why a model's tokens cost $0 in `openclaw usage`: no price set (its `cost` is 0 unless the
 * config sets it), or a config that sets it to 0 on purpose or by copying (the Moonshot page's own
 * snippet writes `cost: { input: 0, output: 0, … }`). "No price was set" is untrue of the second,
 * and the person looking for it needs the line that holds the zeros.
 */
import { builtinProvider } from "../../catalog/builtin-providers.js";
import {
  type CacheReadPriced,
  costEntryOf,
  pricedInConfig,
  zeroPricedInConfig,
} from "../../config/cost-places.js";
import type { LoadedConfig } from "../../config/index.js";
import { andList } from "../../util/and-list.js";
import { moonshotRegionOfUrl } from "../../util/moonshot-host.js";
import { printable } from "../output.js";
import { count } from "./usage-numbers.js";

/**
 * Whether `ref` (`provider/model`) is on Moonshot's China platform: the built-in `moonshot-cn`,
 * or a provider whose base URL is on moonshot.cn. Its price page is in CNY, while `cost` is USD
 * per 1M tokens for every provider.
 */
function onChinaPlatform(loaded: LoadedConfig | undefined, ref: string): boolean {
  const slash = ref.indexOf("/");
  if (slash <= 0) return false;
  const provider = ref.slice(0, slash);
  if (provider === "moonshot-cn") return true;
  const baseUrl =
    loaded?.config.models?.providers?.[provider]?.baseUrl ?? builtinProvider(provider)?.baseUrl;
  return baseUrl !== undefined && moonshotRegionOfUrl(baseUrl) === "cn";
}

/** What a hint to set prices adds when one of `refs` is on the China platform. */
function cnyHint(loaded: LoadedConfig | undefined, refs: readonly string[]): string | undefined {
  return refs.some((ref) => onChinaPlatform(loaded, ref))
    ? "convert the China platform's CNY prices"
    : undefined;
}

/** `a`, `a and b`, `a, b, c and 2 more`: at most three named. */
export function namesOf(items: readonly string[]): string {
  const shown = items.slice(0, 3);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  return andList(shown);
}

/** `$0 for a, b and 2 more: no price was set …`, naming at most three models. */
export function unpricedNote(models: readonly string[], loaded: LoadedConfig | undefined): string {
  const one = models.length === 1;
  const cny = cnyHint(loaded, models);
  return `$0 for ${namesOf(models.map(printable))}: no ${one ? "price was" : "prices were"} set for ${one ? "it" : "them"} (models.providers.<id>.models[].cost, USD per 1M tokens; 0 unless set${cny === undefined ? "" : `; ${cny}`}), so ${one ? "its" : "their"} tokens were not priced`;
}

/** `$0 for a: its tokens were not priced; … the config could not be read`. */
function unreadConfigNote(models: readonly string[]): string {
  const one = models.length === 1;
  return `$0 for ${namesOf(models.map(printable))}: ${one ? "its" : "their"} tokens were not priced; whether the config prices ${one ? "it" : "them"} (models.providers.<id>.models[].cost) cannot be told, as the config could not be read (openclaw config validate shows what to fix)`;
}

/**
 * `$0 for a: the config prices it at 0 (cost at file:line) …`, for models whose config writes
 * the zeros: where, and what to write instead.
 */
export function zeroPricedNote(
  zeroPriced: ReadonlyMap<string, string>,
  loaded: LoadedConfig | undefined,
): string {
  const refs = [...zeroPriced.keys()];
  const one = refs.length === 1;
  const places = namesOf(refs.map((ref) => zeroPriced.get(ref) ?? ""));
  const cny = cnyHint(loaded, refs);
  return `$0 for ${namesOf(refs.map(printable))}: the config prices ${one ? "it" : "them"} at 0 (cost.input and cost.output at ${printable(places)}), so ${one ? "its" : "their"} tokens were not priced; to price ${one ? "its" : "their"} requests from now on, set cost.input and cost.output there to the provider's prices in USD per 1M tokens (${cny === undefined ? "" : `${cny}; `}requests already recorded keep their $0)`;
}

/**
 * `$0 for a: its requests here were recorded before the config priced it …`: the config prices it
 * now, which "no price was set" would deny, and setting the price again would not change.
 */
export function pricedLaterNote(priced: ReadonlyMap<string, string>): string {
  const refs = [...priced.keys()];
  const one = refs.length === 1;
  const places = namesOf(refs.map((ref) => priced.get(ref) ?? ""));
  return `$0 for ${namesOf(refs.map(printable))}: ${one ? "its" : "their"} requests here were recorded before the config priced ${one ? "it" : "them"} (cost at ${printable(places)}); each request keeps the cost it was recorded with, so only those sent after the price was set are priced`;
}

/** The notes for the $0 models: those priced at 0 in the config apart from those never priced. */
export function zeroCostNotes(
  loaded: LoadedConfig | undefined,
  models: readonly string[],
): string[] {
  // No config to look in: whether a price is set there, at 0 or above, is not known, and "no
  // price was set" would send the person to add one the config may well have.
  if (loaded === undefined) return models.length > 0 ? [unreadConfigNote(models)] : [];
  const zeroPriced = zeroPricedInConfig(loaded, models);
  const pricedLater = pricedInConfig(loaded, models);
  const unset = models.filter((model) => !zeroPriced.has(model) && !pricedLater.has(model));
  return [
    ...(zeroPriced.size > 0 ? [zeroPricedNote(zeroPriced, loaded)] : []),
    ...(pricedLater.size > 0 ? [pricedLaterNote(pricedLater)] : []),
    ...(unset.length > 0 ? [unpricedNote(unset, loaded)] : []),
  ];
}

/**
 * For each model that read cached tokens while its config entry prices its input but not cache
 * reads (`cost.cacheRead` 0, or left out: 0 unless set): a note that those tokens were priced at
 * $0. Moonshot caches prompts on its own and bills the hits, and in a conversation they are most
 * of each prompt, so a cost that leaves them out reads far lower than the bill.
 */
export function cacheReadUnpricedNotes(
  loaded: LoadedConfig | undefined,
  byModel: ReadonlyArray<{ key: string; cachedTokens: number }>,
): string[] {
  if (loaded === undefined) return [];
  const notes: string[] = [];
  for (const group of byModel) {
    if (group.cachedTokens <= 0) continue;
    const entry = costEntryOf(loaded, group.key);
    const cost = entry?.cost;
    if (entry === undefined || cost === undefined) continue;
    if (!(cost.input ?? 0) || (cost.cacheRead ?? 0) !== 0) continue;
    const place = entry.place;
    const cny = cnyHint(loaded, [group.key]);
    notes.push(
      `${count(group.cachedTokens)} cached tokens of ${printable(group.key)} were priced at $0: its cost.cacheRead is 0 (cost at ${printable(place)}), so the cost above leaves them out; set cost.cacheRead there to the provider's price for cached input in USD per 1M tokens${cny === undefined ? "" : ` (${cny})`}`,
    );
  }
  return notes;
}

/**
 * `900 cached tokens of a were priced at $0: their requests were recorded before the config
 * priced its cache reads …`, in the words of pricedLaterNote: the cost shown leaves them out, and
 * setting the price again would not change that.
 */
export function cacheReadPricedLaterNotes(
  tokens: ReadonlyMap<string, number>,
  priced: ReadonlyMap<string, CacheReadPriced>,
): string[] {
  return [...tokens].map(
    ([model, cached]) =>
      `${count(cached)} cached tokens of ${printable(model)} were priced at $0: their requests were recorded before the config priced its cache reads (cost at ${printable(priced.get(model)?.place ?? "")}); each request keeps the cost it was recorded with, so only those sent after the price was set are priced`,
  );
}
