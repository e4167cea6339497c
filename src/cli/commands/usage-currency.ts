/**
 * The units of `openclaw usage`'s costs. A cost is worked out from the model's `cost` settings
 * (per 1M tokens) when its request is recorded; the built-in models are all priced at 0, so every
 * amount comes from prices the user wrote. OpenClaw's config calls them USD, and they are shown
 * with `$`, but for one place: Moonshot's China platform (api.moonshot.cn) bills in CNY and its
 * price page is in yuan, so prices copied from it are yuan. Which the user wrote cannot be known:
 * such a model's cost is shown without `$`, in the units of its settings, and never added to
 * dollars.
 */
import { endpointOfBaseUrl } from "../../auth/public-endpoints.js";
import { builtinProvider } from "../../catalog/builtin-providers.js";
import type { LoadedConfig } from "../../config/index.js";
import { formatUsd } from "../../runtime/cost.js";
import { printable } from "../output.js";
import { costEntryOf, namesOf } from "./usage-prices.js";

/** The China platform's hosts: `api.moonshot.cn` and any other under moonshot.cn. */
const CHINA_HOST = /(?:^|\.)moonshot\.cn$/i;

/** The base URL a provider is called at: the config's, else the built-in provider's. */
function baseUrlOf(provider: string, loaded: LoadedConfig | undefined): string | undefined {
  return (
    loaded?.config.models?.providers?.[provider]?.baseUrl ?? builtinProvider(provider)?.baseUrl
  );
}

/**
 * Whether `provider` is on Moonshot's China platform: the built-in `moonshot-cn` (its account is
 * in CNY at any address, as `models status --probe` reads it), or a base URL on moonshot.cn or at
 * the address OPENCLAW_MOONSHOT_CN_BASE_URL points the China platform at.
 */
function onChinaPlatform(provider: string, loaded: LoadedConfig | undefined): boolean {
  if (provider === "moonshot-cn") return true;
  const baseUrl = baseUrlOf(provider, loaded);
  if (baseUrl === undefined) return false;
  if (endpointOfBaseUrl(baseUrl, loaded?.env ?? process.env) === "moonshot-cn") return true;
  try {
    return CHINA_HOST.test(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

function providerOf(ref: string): string | undefined {
  const slash = ref.indexOf("/");
  return slash > 0 ? ref.slice(0, slash) : undefined;
}

/** Of `refs` (`provider/model`), those whose cost is in the units of their settings, not USD. */
export function configUnitsModels(
  refs: readonly string[],
  loaded: LoadedConfig | undefined,
): string[] {
  return refs.filter((ref) => {
    const provider = providerOf(ref);
    return provider !== undefined && onChinaPlatform(provider, loaded);
  });
}

/** A cost told apart by its units: dollars, and the amount in the units of the user's settings. */
export interface CostSplit {
  usd: number;
  configUnits: number;
}

/** A group's cost per model (UsageGroup.costByModel) split by units; `inConfigUnits` names them. */
export function splitCost(
  costByModel: Readonly<Record<string, number>>,
  inConfigUnits: ReadonlySet<string>,
): CostSplit {
  const split: CostSplit = { usd: 0, configUnits: 0 };
  for (const [model, cost] of Object.entries(costByModel)) {
    if (inConfigUnits.has(model)) split.configUnits += cost;
    else split.usd += cost;
  }
  return split;
}

/** The costs of several groups added up (the total of a report). */
export function addCostSplits(splits: readonly CostSplit[]): CostSplit {
  const sum: CostSplit = { usd: 0, configUnits: 0 };
  for (const split of splits) {
    sum.usd += split.usd;
    sum.configUnits += split.configUnits;
  }
  return sum;
}

/**
 * `$0.0042`, `0.31` (in the units of the settings, no `$`), or both: `$0.0042 + 0.31`. Dollars
 * are left out beside an amount in other units when there are none.
 */
export function costText(split: CostSplit): string {
  const parts: string[] = [];
  if (split.usd !== 0 || split.configUnits === 0) parts.push(formatUsd(split.usd));
  if (split.configUnits !== 0) parts.push(formatUsd(split.configUnits).replace("$", ""));
  return parts.join(" + ");
}

/**
 * The note under the table for the models whose cost has no `$`: why, and where their prices are
 * written (`cost at file:line`), which says what units they are in.
 */
export function configUnitsNote(
  models: readonly string[],
  loaded: LoadedConfig | undefined,
): string {
  const one = models.length === 1;
  const places: string[] = [];
  for (const model of models) {
    const entry = loaded === undefined ? undefined : costEntryOf(loaded, model);
    if (entry?.cost !== undefined && !places.includes(entry.place)) places.push(entry.place);
  }
  const where = places.length > 0 ? ` (cost at ${printable(namesOf(places))})` : "";
  return `no $ on the cost of ${namesOf(models.map(printable))}: Moonshot's China platform bills in CNY, so ${one ? "it is" : "they are"} in the units ${one ? "its" : "their"} prices are written in${where}, and not added to dollars`;
}

/**
 * A request's text (a `--last` line or its Cost cell) with its cost without `$`: for a request
 * of a model whose cost is in the units of its settings.
 */
export function withoutDollar(text: string, costUsd: number): string {
  const shown = formatUsd(costUsd);
  return text.replace(shown, shown.replace("$", ""));
}

/** `configUnitsModels` of --json: each such model and where its prices are, or null. */
export function configUnitsJson(
  models: readonly string[],
  loaded: LoadedConfig | undefined,
): Array<{ model: string; costAt: string | null }> {
  return models.map((model) => {
    const entry = loaded === undefined ? undefined : costEntryOf(loaded, model);
    return { model, costAt: entry?.cost !== undefined ? entry.place : null };
  });
}
