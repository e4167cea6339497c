/**
 * Where the config prices a model (its `cost`), for the usage report's word on models whose
 * tokens cost $0 and on cache reads priced later; the notes for people are the CLI's.
 */
import type { LoadedConfig } from "./load.js";
import { formatOrigin, locateConfigValue } from "./origin.js";
import type { ModelConfig } from "./types.js";

/** A model's `cost` as its config entry writes it, and where (`file:line`, or the config file). */
export function costEntryOf(
  loaded: LoadedConfig,
  ref: string,
): { cost: ModelConfig["cost"]; place: string } | undefined {
  const slash = ref.indexOf("/");
  if (slash <= 0) return undefined;
  const provider = ref.slice(0, slash);
  const entries: readonly ModelConfig[] = loaded.config.models?.providers?.[provider]?.models ?? [];
  const index = entries.findIndex((entry) => entry.id === ref.slice(slash + 1));
  const cost = entries[index]?.cost;
  if (cost === undefined) return { cost, place: loaded.path };
  const origin = locateConfigValue(loaded.path, [
    "models",
    "providers",
    provider,
    "models",
    index,
    "cost",
  ]);
  return { cost, place: origin ? formatOrigin(origin) : loaded.path };
}

/**
 * For each of `refs` whose config entry writes `cost` with input and output both 0: where that
 * `cost` is (`file:line`, or the config file when the line cannot be found).
 */
export function zeroPricedInConfig(
  loaded: LoadedConfig | undefined,
  refs: readonly string[],
): Map<string, string> {
  return costPlaces(loaded, refs, (cost) => cost.input === 0 && cost.output === 0);
}

/**
 * For each of `refs` whose config entry prices it now (cost.input or cost.output above 0): where
 * that `cost` is. Its requests that cost $0 were recorded before that price was set: each row
 * keeps the cost it was recorded with.
 */
export function pricedInConfig(
  loaded: LoadedConfig | undefined,
  refs: readonly string[],
): Map<string, string> {
  return costPlaces(loaded, refs, (cost) => (cost.input ?? 0) > 0 || (cost.output ?? 0) > 0);
}

/** For each of `refs` whose config entry writes a `cost` that `wanted` picks: where that is. */
function costPlaces(
  loaded: LoadedConfig | undefined,
  refs: readonly string[],
  wanted: (cost: NonNullable<ModelConfig["cost"]>) => boolean,
): Map<string, string> {
  const found = new Map<string, string>();
  if (loaded === undefined) return found;
  for (const ref of refs) {
    const entry = costEntryOf(loaded, ref);
    if (entry?.cost !== undefined && wanted(entry.cost)) found.set(ref, entry.place);
  }
  return found;
}

/** A model the config prices cache reads for now, with its prices and where they are. */
export interface CacheReadPriced {
  input: number;
  output: number;
  place: string;
}

/**
 * Of the models that read cached tokens, those whose config entry prices cache reads now
 * (`cost.cacheRead` above 0) beside its input or output: their rows from before that price have
 * their cached tokens at $0 (see gateway/usage-cache-read.ts, which finds them).
 */
export function cacheReadPricedInConfig(
  loaded: LoadedConfig | undefined,
  byModel: ReadonlyArray<{ key: string; cachedTokens: number }>,
): Map<string, CacheReadPriced> {
  const found = new Map<string, CacheReadPriced>();
  if (loaded === undefined) return found;
  for (const group of byModel) {
    if (group.cachedTokens <= 0) continue;
    const entry = costEntryOf(loaded, group.key);
    const cost = entry?.cost;
    if (entry === undefined || cost === undefined || (cost.cacheRead ?? 0) <= 0) continue;
    const input = cost.input ?? 0;
    const output = cost.output ?? 0;
    if (input > 0 || output > 0) found.set(group.key, { input, output, place: entry.place });
  }
  return found;
}
