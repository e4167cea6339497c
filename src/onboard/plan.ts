/**
 * What onboarding changes in the config, as a pure function: decided against the config as loaded
 * (the file with its `$include`s merged), written into the main file's raw object. Whatever
 * already exists, wherever it is set, is left alone and not reported; only what is missing is
 * written: the provider (or its missing models), aliases that are free, and the primary model
 * (the fallbacks kept).
 */
import type { ApiKind } from "../catalog/types.js";
import type { ModelConfig } from "../config/types.js";
import { child, isRecord, type Json } from "./json-object.js";

export interface ProviderSetup {
  providerId: string;
  baseUrl: string;
  api: ApiKind;
  /** Models to make sure exist (matched by id; the user's own entries win). */
  models: ModelConfig[];
  /** ref → alias, set where the ref has none and the alias is free. */
  aliases: Record<string, string>;
  /** Ref to make the primary model; undefined leaves the selection alone. */
  primary: string | undefined;
  /**
   * Leave a default model that is already set where it is when the provider is already in the
   * config: onboarding it again (a new key, another region) is not a choice of model, and moving
   * the default would rearrange a chain the user wrote. `primaryNotMade` then names the ref.
   */
  keepDefaultOfConfiguredProvider?: boolean;
  /**
   * `false`: the provider is called without a key (set up with none), written as `authHeader:
   * false`; `true`: its key is sent, so an `authHeader: false` left from before goes; undefined
   * leaves it alone.
   */
  authHeader?: boolean;
}

/** Where the config's values come from, when the main file `$include`s others. */
export interface PlanSources {
  /** The config as loaded: the main file with its includes merged. Defaults to the file itself. */
  merged?: Json;
  /** The main file's name, for messages (`openclaw.json`). */
  file?: string;
  /** Words for where a value the main file does not hold is set (`moonshot.json5`). */
  included?: string;
  /**
   * Where an included file sets the value at `keys`, as `file:line` (`moonshot.json5:21`);
   * undefined when that is not known, and `included` is said instead.
   */
  includedAt?: (keys: readonly string[]) => string | undefined;
  /**
   * The ref a model name of the config (a ref, a bare id) stands for, as requests resolve it;
   * undefined when it names none. Defaults to the name itself when it is a ref.
   */
  refOf?: (name: string) => string | undefined;
  /**
   * A value of the config with its `${VAR}`s expanded as requests expand them; undefined when one
   * is unset. Defaults to the value as written.
   */
  expand?: (value: string) => string | undefined;
}

export interface ConfigPlan {
  /** The main file's new raw object. */
  config: Json;
  /** What changed, one line each, for the summary. Holds no secret. */
  changes: string[];
  /** What was left alone although onboarding would have added it, and why. */
  warnings: string[];
  primary: string | undefined;
  previousPrimary: string | undefined;
  /** The ref onboarding did not make the default, the default set before being kept. */
  primaryNotMade: string | undefined;
  fallbacks: string[];
  aliasesAdded: Record<string, string>;
  modelsAdded: string[];
  /** The ids of the provider's models in the config afterwards: those it had and those added. */
  providerModels: string[];
  /** The provider is now called without a key, and was not before (or did not exist). */
  keyNoLongerSent: boolean;
  /**
   * What the allowlist (`agents.defaults.models` once it has entries) lets through afterwards:
   * its refs with the primary and the fallbacks; undefined when there is no allowlist.
   */
  allowlist: string[] | undefined;
}

function canonical(ref: string): string {
  const slash = ref.indexOf("/");
  return slash < 0
    ? ref.trim()
    : `${ref.slice(0, slash).trim().toLowerCase()}/${ref.slice(slash + 1).trim()}`;
}

/** The value at `keys` below `root`, or undefined when a step is missing or not an object. */
function at(root: unknown, ...keys: string[]): unknown {
  let node = root;
  for (const key of keys) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** The object at `keys` in `root`, created on the way (only called when something is written). */
function objectAt(root: Json, ...keys: string[]): Json {
  let node = root;
  for (const key of keys) node = child(node, key);
  return node;
}

function selectedPrimary(selection: unknown): string | undefined {
  if (typeof selection === "string") return selection;
  return isRecord(selection) && typeof selection.primary === "string"
    ? selection.primary
    : undefined;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

export function applyProviderSetup(
  original: Json,
  setup: ProviderSetup,
  sources: PlanSources = {},
): ConfigPlan {
  const config = structuredClone(original);
  const merged = sources.merged ?? original;
  const file = sources.file ?? "the config file";
  const includedFiles = sources.included ?? "an included file";
  /** The include setting the value at `keys`, by file and line when known. */
  const includedAt = (...keys: string[]) => sources.includedAt?.(keys) ?? includedFiles;
  /** Set in the loaded config, but not in the main file: an include holds it. */
  const fromInclude = (...keys: string[]) =>
    at(original, ...keys) === undefined && at(merged, ...keys) !== undefined;
  const changes: string[] = [];
  const warnings: string[] = [];
  const id = setup.providerId;

  // models.providers.<id>
  const loadedProviders = at(merged, "models", "providers");
  const providerKey =
    (isRecord(loadedProviders)
      ? Object.keys(loadedProviders).find((key) => key.toLowerCase() === id)
      : undefined) ?? id;
  const providerPath = ["models", "providers", providerKey];
  const loadedProvider = at(merged, ...providerPath);
  const modelsAdded: string[] = [];
  let providerModels: string[] = [];
  const keyNoLongerSent =
    setup.authHeader === false &&
    !(isRecord(loadedProvider) && loadedProvider.authHeader === false);
  if (!isRecord(loadedProvider)) {
    changes.push(`added provider ${id} (${setup.baseUrl})`);
    const provider = objectAt(config, ...providerPath);
    provider.baseUrl = setup.baseUrl;
    provider.api = setup.api;
    if (setup.authHeader === false) provider.authHeader = false;
    provider.models = setup.models.map((model) => structuredClone(model));
    modelsAdded.push(...setup.models.map((model) => model.id));
  } else {
    // A baseUrl written with a variable (`"${MOONSHOT_BASE}/v1"`) that already names the endpoint
    // is kept as written: replacing the reference with its value would undo the user's choice.
    const written = loadedProvider.baseUrl;
    const current = typeof written === "string" ? (sources.expand?.(written) ?? written) : written;
    if (current !== setup.baseUrl) {
      if (typeof loadedProvider.baseUrl === "string") {
        changes.push(
          `${id}: baseUrl ${loadedProvider.baseUrl} → ${setup.baseUrl}${
            fromInclude(...providerPath, "baseUrl")
              ? ` (the old one is set in ${includedAt(...providerPath, "baseUrl")}; ${file} now overrides it)`
              : ""
          }`,
        );
      }
      objectAt(config, ...providerPath).baseUrl = setup.baseUrl;
    }
    if (loadedProvider.api === undefined) objectAt(config, ...providerPath).api = setup.api;
    if (setup.authHeader === false && loadedProvider.authHeader !== false) {
      objectAt(config, ...providerPath).authHeader = false;
      changes.push(`${id}: authHeader: false (it is called without a key)`);
    } else if (setup.authHeader === true && loadedProvider.authHeader === false) {
      // Left there, it would keep the key just stored from ever being sent.
      const own = at(config, ...providerPath);
      if (isRecord(own) && own.authHeader === false) delete own.authHeader;
      else objectAt(config, ...providerPath).authHeader = true;
      changes.push(`${id}: authHeader: false removed (the key is sent now)`);
    }
    const loadedModels = Array.isArray(loadedProvider.models) ? loadedProvider.models : undefined;
    const had = (loadedModels ?? []).filter(isRecord).map((model) => String(model.id));
    providerModels = had;
    const have = new Set(had);
    const missing = setup.models.filter((model) => !have.has(model.id));
    const ownModels = at(config, ...providerPath, "models");
    if (missing.length > 0 && loadedModels !== undefined && !Array.isArray(ownModels)) {
      // A list in the main file would replace the included one (lists are not merged).
      warnings.push(
        `${id}: ${plural(missing.length, "model")} ${missing.map((model) => model.id).join(", ")} not added: ${id}'s models are listed in ${includedAt(...providerPath, "models")}, and a list in ${file} would replace that one (add them there if you want them listed)`,
      );
    } else if (missing.length > 0) {
      const list = Array.isArray(ownModels) ? ownModels : [];
      objectAt(config, ...providerPath).models = list;
      for (const model of missing) {
        list.push(structuredClone(model));
        modelsAdded.push(model.id);
      }
    }
  }
  providerModels = [...new Set([...providerModels, ...modelsAdded])];
  if (modelsAdded.length > 0) {
    changes.push(`${id}: added ${plural(modelsAdded.length, "model")} ${modelsAdded.join(", ")}`);
  }

  // agents.defaults.models: aliases where free (each ref listed, so an allowlist lets it in).
  const loadedEntries = at(merged, "agents", "defaults", "models");
  const entries: Json = isRecord(loadedEntries) ? loadedEntries : {};
  const aliasOwner = new Map<string, string>();
  for (const [ref, entry] of Object.entries(entries)) {
    if (isRecord(entry) && typeof entry.alias === "string") {
      aliasOwner.set(entry.alias.trim().toLowerCase(), canonical(ref));
    }
  }
  const aliasesAdded: Record<string, string> = {};
  for (const [ref, alias] of Object.entries(setup.aliases)) {
    const key = Object.keys(entries).find((candidate) => canonical(candidate) === ref) ?? ref;
    const entry = entries[key];
    if (isRecord(entry) && typeof entry.alias === "string") continue;
    const owner = aliasOwner.get(alias.toLowerCase());
    if (owner && owner !== ref) {
      if (!isRecord(entry)) {
        objectAt(config, "agents", "defaults", "models", key);
        changes.push(`alias "${alias}" already names ${owner}; ${ref} gets no alias`);
      }
      continue;
    }
    objectAt(config, "agents", "defaults", "models", key).alias = alias;
    aliasOwner.set(alias.toLowerCase(), ref);
    aliasesAdded[ref] = alias;
  }
  if (Object.keys(aliasesAdded).length > 0) {
    changes.push(
      `aliases: ${Object.entries(aliasesAdded)
        .map(([ref, alias]) => `${alias} → ${ref}`)
        .join(", ")}`,
    );
  }

  const selection = at(merged, "agents", "defaults", "model");
  const previousPrimary = selectedPrimary(selection);
  const keepDefault =
    setup.keepDefaultOfConfiguredProvider === true &&
    isRecord(loadedProvider) &&
    previousPrimary !== undefined;
  const fallbacks =
    isRecord(selection) && Array.isArray(selection.fallbacks)
      ? selection.fallbacks.filter((ref): ref is string => typeof ref === "string")
      : [];

  // agents.defaults.models is an allowlist (the entries just written made it one, or it was):
  // the model in use until now (the primary being replaced) is listed too, so that it can still
  // be used by name, as models set lists it.
  const ownEntries = at(config, "agents", "defaults", "models");
  const listedNow = [
    ...Object.keys(entries),
    ...(isRecord(ownEntries) ? Object.keys(ownEntries) : []),
  ].map(canonical);
  const refOf =
    sources.refOf ?? ((name: string) => (name.includes("/") ? canonical(name) : undefined));
  const previousRef = previousPrimary === undefined ? undefined : refOf(previousPrimary);
  // The primary and fallbacks may be written as aliases (`fallbacks: ["Kimi K2.5"]`): compared as
  // the models they name, or the new primary would stay among the fallbacks, which validate fails.
  const chainRef = (name: string) => refOf(name) ?? canonical(name);
  if (
    listedNow.length > 0 &&
    !keepDefault &&
    setup.primary !== undefined &&
    previousRef !== undefined &&
    previousRef !== setup.primary &&
    !listedNow.includes(previousRef) &&
    !fallbacks.map(chainRef).includes(previousRef)
  ) {
    objectAt(config, "agents", "defaults", "models", previousRef);
    listedNow.push(previousRef);
    changes.push(
      `listed ${previousRef} (the default model until now) in agents.defaults.models, so that it can still be used`,
    );
  }
  const allowlistOf = (primary: string | undefined, chain: string[]) =>
    listedNow.length > 0
      ? [
          ...new Set([
            ...listedNow,
            ...(primary ? [chainRef(primary)] : []),
            ...chain.map(chainRef),
          ]),
        ]
      : undefined;

  // agents.defaults.model: primary, keeping fallbacks.
  if (setup.primary === undefined || keepDefault) {
    const notMade =
      keepDefault && previousPrimary !== undefined && chainRef(previousPrimary) !== setup.primary
        ? setup.primary
        : undefined;
    return {
      config,
      changes,
      warnings,
      primary: previousPrimary,
      previousPrimary,
      primaryNotMade: notMade,
      fallbacks,
      aliasesAdded,
      modelsAdded,
      providerModels,
      keyNoLongerSent,
      allowlist: allowlistOf(previousPrimary, fallbacks),
    };
  }
  const primary = setup.primary;
  const kept = fallbacks.filter((ref) => chainRef(ref) !== primary);
  const samePrimary = previousPrimary !== undefined && chainRef(previousPrimary) === primary;
  if (!samePrimary || kept.length !== fallbacks.length) {
    // Only what changes goes into the main file: an included selection keeps its other fields.
    const defaults = objectAt(config, "agents", "defaults");
    const own = defaults.model;
    const written: Json = isRecord(own) ? own : {};
    written.primary = primary;
    if (kept.length !== fallbacks.length) written.fallbacks = kept;
    defaults.model = written;
  }
  if (!samePrimary) {
    const primaryFromInclude =
      previousPrimary !== undefined &&
      selectedPrimary(at(original, "agents", "defaults", "model")) === undefined;
    changes.push(
      `primary model: ${primary}${
        previousPrimary
          ? ` (was ${previousPrimary}${primaryFromInclude ? `, set in ${includedAt("agents", "defaults", "model", ...(isRecord(selection) ? ["primary"] : []))}; ${file} now overrides it` : ""})`
          : ""
      }`,
    );
  }
  if (kept.length !== fallbacks.length) {
    changes.push(`removed ${primary} from the fallbacks (it is now the primary)`);
  }
  return {
    config,
    changes,
    warnings,
    primary,
    previousPrimary,
    primaryNotMade: undefined,
    fallbacks: kept,
    aliasesAdded,
    modelsAdded,
    providerModels,
    keyNoLongerSent,
    allowlist: allowlistOf(primary, kept),
  };
}
