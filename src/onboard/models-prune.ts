/**
 * `models scan --prune`: takes out of the main config file the models a provider's `GET /models`
 * no longer lists, and their `agents.defaults.models` entries (aliases, allowlist). Pure: the
 * command reads the lists and writes the file through editModelsConfig.
 */
import { type Catalog, canonicalRef } from "../catalog/index.js";
import { OpenClawError } from "../errors.js";
import { shellWord } from "../util/shell-word.js";
import { isRecord, type Json } from "./json-object.js";
import type { ScanResult } from "./models-scan.js";

/** A model of the default chain (the default model, a fallback) that a scan found gone. */
export interface GoneInChain {
  ref: string;
  /** "the default model" or "fallback #N". */
  role: string;
  provider: string;
  /** The commands that take it out of the chain, to be run in this order. */
  commands: string[];
  /** The dotted path of the chain's entry naming it (`agents.defaults.model.fallbacks[1]`). */
  path: string;
}

/**
 * What replaces a gone default: the first model of its provider the endpoint still lists and the
 * catalog has; else the first new one it lists, added first (unless `added`, the refs this scan
 * wrote, has it already); else a placeholder.
 */
function replaceDefault(result: ScanResult, added: readonly string[]): string[] {
  const known = result.known[0];
  if (known !== undefined)
    return [`openclaw models set ${shellWord(`${result.provider}/${known}`)}`];
  const next = result.added[0]?.id;
  if (next === undefined) return ["openclaw models set <model>"];
  const ref = `${result.provider}/${next}`;
  // `models set` takes only a model the catalog has: the new one is written first.
  const add = added.includes(ref)
    ? []
    : [`openclaw models scan --provider ${result.provider} --add`];
  return [...add, `openclaw models set ${shellWord(ref)}`];
}

/**
 * The default model and fallbacks that `results` found gone: requests go to them and get a 404.
 * The default's replacement is the first model of its provider the endpoint still lists (see
 * replaceDefault); `added` holds the refs the scan has just written (`--add`).
 */
export function goneInChain(
  results: readonly ScanResult[],
  catalog: Pick<Catalog, "primary" | "fallbacks" | "aliases" | "source">,
  added: readonly string[] = [],
): GoneInChain[] {
  const refOf = (name: string) =>
    catalog.aliases.get(name.toLowerCase())?.ref ?? canonicalRef(name);
  // `model: "ref"` names the default by itself; `model: { primary }` by its key.
  const written = catalog.source.config.agents?.defaults?.model;
  const primaryPath =
    typeof written === "string" ? "agents.defaults.model" : "agents.defaults.model.primary";
  const chain = [
    ...(catalog.primary
      ? [{ ref: refOf(catalog.primary), role: "the default model", path: primaryPath }]
      : []),
    ...catalog.fallbacks.map((name, index) => ({
      ref: refOf(name),
      role: `fallback #${index + 1}`,
      path: `agents.defaults.model.fallbacks[${index}]`,
    })),
  ];
  const found: GoneInChain[] = [];
  for (const { ref, role, path } of chain) {
    const result = results.find((scanned) =>
      scanned.gone.some((id) => `${scanned.provider}/${id}` === ref),
    );
    if (!result) continue;
    const commands =
      role === "the default model"
        ? replaceDefault(result, added)
        : [`openclaw models fallbacks remove ${shellWord(ref)}`];
    found.push({ ref, role, provider: result.provider, commands, path });
  }
  return found;
}

/**
 * Why a prune is not made while the default model or a fallback is gone: the chain would go on
 * naming a model the config no longer has (or a 404). Undefined when none is. `again` is the
 * command to run once the chain is fixed; `adding`: `--add` had new models to write, which wait
 * for the prune, so the refusal says they were not added either. `placeOf` gives the `file:line`
 * a dotted path is written at, when known: the error's `where` is the first gone entry's.
 */
export function pruneRefusal(
  chain: readonly GoneInChain[],
  again: string,
  adding = false,
  placeOf: (path: string) => string | undefined = () => undefined,
): OpenClawError | undefined {
  const [first] = chain;
  if (first === undefined) return undefined;
  const place = placeOf(first.path);
  const one = chain.length === 1;
  const providers = [...new Set(chain.map((gone) => gone.provider))];
  const by = providers.length === 1 ? providers[0] : "their providers";
  const named = chain.map((gone) => `${gone.role}, ${gone.ref},`).join(" and ");
  return new OpenClawError(
    "models.prune_refused",
    `nothing was pruned${adding ? " or added" : ""}: ${named} ${one ? "is one of" : "are among"} the gone models (${by} no longer ${providers.length === 1 ? "lists" : "list"} ${one ? "it" : "them"}); a prune does not choose ${one ? "a replacement" : "replacements"} for you`,
    {
      // The entry at fault, the fallback when it is a fallback that is gone.
      where: place ? `${place}: ${first.path}` : first.path,
      hint: `first run: ${chain.flatMap((gone) => gone.commands).join(", then ")}; then again: ${again}`,
    },
  );
}

/**
 * The gone refs a prune would find something of in the config (a `models[]` entry, an
 * `agents.defaults.models` entry): what makes `--prune` worth suggesting.
 */
export function prunableRefs(results: readonly ScanResult[], catalog: Catalog): string[] {
  const listed = new Set(
    Object.keys(catalog.source.config.agents?.defaults?.models ?? {}).map(canonicalRef),
  );
  return results.flatMap((result) => {
    if (result.status !== "ok") return [];
    const models = catalog.providers.get(result.provider)?.models ?? [];
    return result.gone
      .filter((id) => {
        const origin = models.find((model) => model.id === id)?.origin;
        return (
          origin === "config" ||
          origin === "builtin+config" ||
          listed.has(`${result.provider}/${id}`)
        );
      })
      .map((id) => `${result.provider}/${id}`);
  });
}

export interface PruneOutcome {
  /** Gone refs cut from the main file: their `models[]` entry, their allowlist entry, or both. */
  removed: string[];
  /**
   * Gone refs that openclaw's own list for the provider has: they stay in the catalog whatever
   * the file says (`models list --all` shows them, a scan counts them as built-in ids not offered).
   */
  builtIn: string[];
  /** Gone refs set in a file the config includes, which a prune does not edit. */
  elsewhere: string[];
}

/** `parent[key]` when it is an object; never creates one (a prune only takes away). */
function existing(parent: unknown, key: string): Json | undefined {
  if (!isRecord(parent)) return undefined;
  const value = parent[key];
  return isRecord(value) ? value : undefined;
}

/**
 * Removes from the main file's raw object the models each scanned provider's list proves gone,
 * with their `agents.defaults.models` entries. A provider whose list could not be read is left
 * as it is. `catalog` is the whole config (includes merged), to tell what the main file cannot
 * change.
 */
export function pruneGoneModels(
  config: Json,
  catalog: Catalog,
  results: readonly ScanResult[],
): PruneOutcome {
  const outcome: PruneOutcome = { removed: [], builtIn: [], elsewhere: [] };
  const providers = existing(existing(config, "models"), "providers");
  const entries = existing(existing(existing(config, "agents"), "defaults"), "models");
  const merged = catalog.source.config.agents?.defaults?.models ?? {};
  const listed = new Set(Object.keys(merged).map(canonicalRef));
  for (const result of results) {
    if (result.status !== "ok" || result.gone.length === 0) continue;
    const gone = new Set(result.gone);
    const fromModels = new Set<string>();
    const fromAllowlist = new Set<string>();
    const key = Object.keys(providers ?? {}).find(
      (candidate) => candidate.toLowerCase() === result.provider,
    );
    const entry = key === undefined ? undefined : existing(providers, key);
    if (entry && Array.isArray(entry.models)) {
      entry.models = entry.models.filter((model) => {
        const id = isRecord(model) ? model.id : undefined;
        if (typeof id !== "string" || !gone.has(id)) return true;
        fromModels.add(id);
        return false;
      });
    }
    for (const ref of Object.keys(entries ?? {})) {
      const canonical = canonicalRef(ref);
      const id = canonical.slice(result.provider.length + 1);
      if (!canonical.startsWith(`${result.provider}/`) || !gone.has(id)) continue;
      if (entries) delete entries[ref];
      fromAllowlist.add(id);
    }
    const models = catalog.providers.get(result.provider)?.models ?? [];
    for (const id of result.gone) {
      const ref = `${result.provider}/${id}`;
      if (fromModels.has(id) || fromAllowlist.has(id)) outcome.removed.push(ref);
      const origin = models.find((model) => model.id === id)?.origin;
      // In the catalog from openclaw's own list (models.mode "merge"), whatever the file says.
      if (origin === "builtin" || origin === "builtin+config") outcome.builtIn.push(ref);
      // The merged config defines or lists it, the main file did not: an included file does.
      const defined = origin === "config" || origin === "builtin+config";
      if ((defined && !fromModels.has(id)) || (listed.has(ref) && !fromAllowlist.has(id)))
        outcome.elsewhere.push(ref);
    }
  }
  // The last entry gone, the allowlist is off: no empty object is left behind (as when an alias
  // added and removed again); the command says what that changes.
  const defaults = existing(existing(config, "agents"), "defaults");
  if (defaults && entries && Object.keys(entries).length === 0) delete defaults.models;
  return outcome;
}
