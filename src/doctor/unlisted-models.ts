/**
 * `doctor --probe` and `models status --probe`: the models the config offers that their
 * provider's `GET /models` (the models the key can use) leaves out, whether or not openclaw's
 * built-in list marks them retired: the probe has the provider's own list, which knows better. Each
 * is named with where the config writes it (file:line) and the listed ids closest to it.
 */
import {
  type Catalog,
  canonicalRef,
  closestListedIds,
  isAllowed,
  type LiveModelList,
  type LiveModelLists,
  namedWithClosest,
} from "../catalog/index.js";
import {
  configValueLocator,
  formatOrigin,
  formatPath,
  parsePath,
  type ValueOrigin,
} from "../config/index.js";
import { notListedHint } from "../gateway/model-discovery.js";
import { providerModelPath } from "../onboard/listed-models.js";
import { chainEntryRef } from "../onboard/models-view.js";
import type { KeyProbe } from "../onboard/probe-keys.js";
import { modelsListRequest } from "../providers/models-list-request.js";
import { type Finding, finding } from "./findings.js";

/**
 * The lists of the models each key can use, from the probes whose key worked where it is
 * configured and whose list names any model (an empty one says nothing about any one id).
 */
export function liveModelLists(catalog: Catalog, probes: readonly KeyProbe[]): LiveModelLists {
  const lists = new Map<string, LiveModelList>();
  for (const { provider, result } of probes) {
    const configured = catalog.providers.get(provider);
    const baseUrl = configured?.baseUrl;
    if (result.status !== "valid" || result.models.length === 0 || baseUrl === undefined) continue;
    lists.set(provider, {
      ids: result.models.map((model) => model.id),
      request: modelsListRequest(baseUrl, configured?.api),
    });
  }
  return lists;
}

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

/** Where the config writes a model: its dotted path, and file:line when the file has it. */
export interface WrittenAt {
  path: string;
  file?: string;
  line?: number;
}

/** A model the list leaves out: where the config writes it, and the listed ids closest to it. */
export interface UnlistedModel {
  ref: string;
  /** Absent for a model only openclaw's built-in list has. */
  writtenAt?: WrittenAt;
  /** Up to three ids the key can use, closest first. */
  closest: string[];
}

/** A provider whose key worked and whose `GET /models` leaves out models the config offers. */
export interface UnlistedModels {
  provider: string;
  /** The refs left out, in the catalog's order. */
  models: string[];
  /** The same, each with where the config writes it and the closest listed ids. */
  details: UnlistedModel[];
  message: string;
  hint: string;
}

/**
 * The dotted path where the config first writes `ref`: its provider's `models[]` entry, its
 * `agents.defaults.models` entry, or the default chain's member naming it; undefined when only
 * openclaw's built-in list has it.
 */
function writtenPath(catalog: Catalog, provider: string, ref: string): string | undefined {
  const config = catalog.source.config;
  const entry = providerModelPath(config, provider, ref.slice(provider.length + 1));
  if (entry !== undefined) return entry;
  const entries = Object.keys(config.agents?.defaults?.models ?? {});
  const key = entries.find((written) => canonicalRef(written) === ref);
  if (key !== undefined) return formatPath(["agents", "defaults", "models", key]);
  if (catalog.primary !== undefined && chainEntryRef(catalog, catalog.primary) === ref)
    return "agents.defaults.model.primary";
  const index = catalog.fallbacks.findIndex((entry) => chainEntryRef(catalog, entry) === ref);
  return index >= 0 ? `agents.defaults.model.fallbacks[${index}]` : undefined;
}

/** Where the message says `model` is written: file:line, the dotted path without a file. */
function writtenWhere(model: UnlistedModel): string {
  const at = model.writtenAt;
  if (!at) return "openclaw's built-in list";
  if (at.file === undefined) return at.path;
  return formatOrigin({ file: at.file, ...(at.line !== undefined ? { line: at.line } : {}) });
}

/**
 * Per provider whose key worked, the models the config offers that its list leaves out, said as
 * doctor and `models status --probe` both say it. An empty list says nothing about any one model
 * (the gateway reads it so too): nothing for that provider. `except`: refs said elsewhere already
 * (doctor's line for a default or fallback the list lacks), left out here so each is read once.
 */
export function unlistedModels(
  catalog: Catalog,
  probes: readonly KeyProbe[],
  except: ReadonlySet<string> = new Set(),
): UnlistedModels[] {
  const lists = liveModelLists(catalog, probes);
  const locate = catalog.source.exists ? configValueLocator(catalog.source.path) : undefined;
  return [...lists].flatMap(([provider, list]) => {
    const refs = unlistedRefs(catalog, provider, new Set(list.ids)).filter(
      (ref) => !except.has(ref),
    );
    if (refs.length === 0) return [];
    const details = refs.map((ref): UnlistedModel => {
      const path = writtenPath(catalog, provider, ref);
      const origin: ValueOrigin | undefined =
        path === undefined ? undefined : locate?.(parsePath(path));
      const writtenAt: WrittenAt | undefined =
        path === undefined
          ? undefined
          : {
              path,
              ...(origin ? { file: origin.file } : {}),
              ...(origin?.line !== undefined ? { line: origin.line } : {}),
            };
      return {
        ref,
        ...(writtenAt ? { writtenAt } : {}),
        closest: closestListedIds(provider, ref.slice(provider.length + 1), list),
      };
    });
    const one = refs.length === 1;
    const { named, closest } = namedWithClosest(
      details.map((model) => ({
        name: model.ref,
        where: writtenWhere(model),
        closest: model.closest,
      })),
    );
    return [
      {
        provider,
        models: refs,
        details,
        message: `${provider}: ${named} ${one ? "is" : "are"} not in the models your key can use (${list.request}): ${one ? "an id it retired, or one" : "ids it retired, or ones"} this key may not use, whatever openclaw's own list says; requests naming ${one ? "it" : "them"} are still sent, and get the provider's answer (a retired id answers 404)${closest}`,
        hint: notListedHint(catalog, provider, refs),
      },
    ];
  });
}

/**
 * One doctor warning per provider of `unlistedModels`, less `saidOfChain`: the default and
 * fallbacks doctor's model lines already name, at their chain entry with what to use instead.
 */
export function unlistedModelFindings(
  catalog: Catalog,
  probes: readonly KeyProbe[],
  saidOfChain: ReadonlySet<string> = new Set(),
): Finding[] {
  return unlistedModels(catalog, probes, saidOfChain).map(({ message, hint }) =>
    finding("probe", "warn", message, { hint }),
  );
}
