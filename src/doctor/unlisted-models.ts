/**
 * `doctor --probe`: the models the config offers that their provider's `GET /models` no longer
 * lists. A config copied from a page (the Moonshot page's own snippet) names ids the provider has
 * retired; the probe already has the provider's list, so it says which, with the hint the
 * gateway's start-up line gives, instead of calling the provider all good.
 */
import { type Catalog, isAllowed } from "../catalog/index.js";
import { notListedHint } from "../gateway/model-discovery.js";
import type { KeyProbe } from "../onboard/probe-keys.js";
import { type Finding, finding } from "./findings.js";

/**
 * The refs of `provider`'s models the config lets through (the allowlist, when there is one)
 * that `listed` leaves out, in the catalog's order: the models the gateway would serve.
 */
function unlistedRefs(catalog: Catalog, provider: string, listed: ReadonlySet<string>): string[] {
  const models = catalog.providers.get(provider)?.models ?? [];
  return models
    .map((model) => `${provider}/${model.id}`)
    .filter((ref) => isAllowed(catalog, ref) && !listed.has(ref.slice(provider.length + 1)));
}

/** A provider whose key worked and whose `GET /models` leaves out models the config offers. */
export interface UnlistedModels {
  provider: string;
  /** The refs left out, in the catalog's order. */
  models: string[];
  message: string;
  hint: string;
}

/**
 * Per provider whose key worked, the models the config offers that its list leaves out, said as
 * doctor and `models status --probe` both say it. An empty list says nothing about any one model
 * (the gateway reads it so too): nothing for that provider.
 */
export function unlistedModels(catalog: Catalog, probes: readonly KeyProbe[]): UnlistedModels[] {
  return probes.flatMap(({ provider, result }) => {
    if (result.status !== "valid" || result.models.length === 0) return [];
    const refs = unlistedRefs(catalog, provider, new Set(result.models.map((model) => model.id)));
    if (refs.length === 0) return [];
    const them = refs.length === 1 ? "it" : "them";
    return [
      {
        provider,
        models: refs,
        message: `${provider} does not list ${refs.join(", ")} among its models (GET /models): an id it retired, or one this key may not use; requests naming ${them} are still sent, and get the provider's answer (a retired id answers 404)`,
        hint: notListedHint(catalog, provider, refs),
      },
    ];
  });
}

/** One doctor warning per provider of `unlistedModels`. */
export function unlistedModelFindings(catalog: Catalog, probes: readonly KeyProbe[]): Finding[] {
  return unlistedModels(catalog, probes).map(({ message, hint }) =>
    finding("probe", "warn", message, { hint }),
  );
}
