/**
 * Builds the catalog: built-in providers merged with the user's (`models.mode: "merge"`), or the
 * user's alone (`"replace"`), plus aliases, the primary, fallbacks and the allowlist. Pure: reads
 * a LoadedConfig, touches no file and no secret.
 */
import {
  type ConfigTemplate,
  type ConfigTemplates,
  concealLoadedConfig,
  formatIssue,
  formatPath,
  type LoadedConfig,
  requireVariables,
} from "../config/index.js";
import type { ModelConfig, OpenClawConfig, ProviderConfig } from "../config/types.js";
import { BUILTIN_PROVIDERS, type BuiltinModel, type BuiltinProvider } from "./builtin-providers.js";
import { concealProvider } from "./conceal.js";
import type { BaseUrlOrigin, CatalogModel, CatalogProvider } from "./types.js";

/**
 * What a model in the config gets for a field it leaves out: text input only, no reasoning, cost 0,
 * a 200,000-token context window and 8,192 output tokens.
 */
export const MODEL_DEFAULTS = {
  reasoning: false,
  input: ["text"] as CatalogModel["input"],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 200000,
  maxTokens: 8192,
} as const;

/** A problem with one provider or alias: it disables that entry, never the whole catalog. */
export interface CatalogProblem {
  /** Dotted config path of the value at fault (`models.providers.x.baseUrl`). */
  path: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** The provider the problem makes unusable, when it is one. */
  provider?: string;
  /** Another place that shares the problem (the earlier entry of an alias two models have). */
  alsoAt?: string;
  /** What to do when the problem is blamed on `alsoAt` (the value a command set there); else `hint`. */
  alsoAtHint?: string;
  /**
   * What to do when the value at `path` is one a command is setting, refused so not written: a
   * `hint` that says to unset or rename what is in the file would not read right; else `hint`.
   */
  setHint?: string;
  /**
   * Set for a schema problem inside a provider, which disables it (a config loaded with
   * `providerProblems: "disable"`): where its value is written, as `config validate` says it.
   */
  schema?: {
    /** The config file the value is written in; absent for a config given as an object. */
    file?: string;
    /** The line of the value in that file (1-based), when known. */
    line?: number;
  };
}

/**
 * A problem as one statement: a schema problem with its dotted path and `file:line`, as
 * `config validate` words it; any other as its message (which says what it is about).
 */
export function describeProblem(problem: CatalogProblem): string {
  if (!problem.schema) return problem.message;
  const { file, line } = problem.schema;
  return formatIssue({
    path: problem.path,
    message: problem.message,
    ...(file ? { file } : {}),
    ...(line ? { line } : {}),
  });
}

/** The problems of the providers the config's schema check disabled, as catalog problems. */
function disabledProviderProblems(loaded: LoadedConfig): CatalogProblem[] {
  return (loaded.disabledProviders ?? []).flatMap(({ key, issues }) =>
    issues.map(
      (issue): CatalogProblem => ({
        provider: key.toLowerCase(),
        path: issue.path,
        message: issue.message,
        hint:
          issue.hint ??
          `fix ${issue.path}${issue.file ? ", then run: openclaw config validate" : ""}`,
        schema: {
          ...(issue.file ? { file: issue.file } : {}),
          ...(issue.line ? { line: issue.line } : {}),
        },
      }),
    ),
  );
}

/** The providers and models a config makes (built-ins merged per `models.mode`), with aliases, default chain and allowlist; what `buildCatalog` returns. */
export interface Catalog {
  /** Every usable provider, by lower-cased id. */
  providers: Map<string, CatalogProvider>;
  /** Lower-cased alias → canonical ref. */
  aliases: Map<
    string,
    {
      /** The alias as the config writes it (`Kimi K2.5`). */
      alias: string;
      /** The canonical ref it names (`moonshot/kimi-k2.5`). */
      ref: string;
    }
  >;
  /** Canonical ref → its alias as written (the other direction of `aliases`). */
  aliasByRef: Map<string, string>;
  /** The default model as configured (`agents.defaults.model[.primary]`), a ref or alias; undefined when unset. */
  primary: string | undefined;
  /** Refs or aliases tried after the primary (`agents.defaults.model.fallbacks`), in order. */
  fallbacks: string[];
  /** Refs allowed when `agents.defaults.models` is non-empty; undefined means all are allowed. */
  allowlist: Set<string> | undefined;
  /** Per-ref extra params from `agents.defaults.models[ref].params`. */
  params: Map<string, Record<string, unknown>>;
  /** Providers that cannot be used, with why. */
  problems: CatalogProblem[];
  /** The config this catalog came from (for values naming unset variables, and auth). */
  source: LoadedConfig;
}

function fromBuiltinModel(model: BuiltinModel): CatalogModel {
  return {
    id: model.id,
    name: model.name,
    reasoning: model.reasoning,
    input: [...model.input],
    cost: { ...model.cost },
    contextWindow: model.contextWindow,
    maxTokens: model.maxTokens,
    headers: { ...model.headers },
    compat: { ...model.compat },
    origin: "builtin",
  };
}

function fromBuiltinProvider(provider: BuiltinProvider): CatalogProvider {
  return {
    id: provider.id,
    baseUrl: provider.baseUrl,
    api: provider.api,
    apiKeyTemplate: undefined,
    envVar: provider.envVar,
    envVarAlternates: provider.envVarAlternates ?? [],
    headers: { ...provider.headers },
    authHeader: true,
    compat: { ...provider.compat },
    models: provider.models.map(fromBuiltinModel),
    origin: "builtin",
    configPath: undefined,
    baseUrlOrigin: { kind: "builtin" },
  };
}

function mergeModel(base: CatalogModel | undefined, user: ModelConfig): CatalogModel {
  return {
    id: user.id,
    name: user.name,
    reasoning: user.reasoning ?? base?.reasoning ?? MODEL_DEFAULTS.reasoning,
    input: user.input ? [...user.input] : (base?.input ?? [...MODEL_DEFAULTS.input]),
    cost: { ...MODEL_DEFAULTS.cost, ...base?.cost, ...user.cost },
    contextWindow: user.contextWindow ?? base?.contextWindow ?? MODEL_DEFAULTS.contextWindow,
    maxTokens: user.maxTokens ?? base?.maxTokens ?? MODEL_DEFAULTS.maxTokens,
    headers: { ...base?.headers, ...user.headers },
    compat: { ...base?.compat, ...user.compat },
    origin: base ? "builtin+config" : "config",
  };
}

function mergeProvider(
  rawId: string,
  base: CatalogProvider | undefined,
  user: ProviderConfig,
  problems: CatalogProblem[],
  templates: ConfigTemplates,
): CatalogProvider | undefined {
  const id = rawId.toLowerCase();
  // The key as written, so that the path finds the value (and works with `openclaw config get`).
  const configPath = formatPath(["models", "providers", rawId]);
  const baseUrl = user.baseUrl ?? base?.baseUrl;
  if (!baseUrl) {
    problems.push({
      provider: id,
      path: `${configPath}.baseUrl`,
      message: `provider "${id}" has no baseUrl`,
      hint: `add baseUrl, e.g. "https://api.example.com/v1"; only built-in providers (${BUILTIN_PROVIDERS.map((p) => p.id).join(", ")}) have one already`,
    });
    return undefined;
  }
  const models = base ? [...base.models] : [];
  const listed = new Set<string>();
  for (const userModel of user.models ?? []) {
    // A model listed twice: the first listing counts (checkCatalog reports the second).
    if (listed.has(userModel.id)) continue;
    listed.add(userModel.id);
    const index = models.findIndex((model) => model.id === userModel.id);
    if (index >= 0) models[index] = mergeModel(models[index], userModel);
    else models.push(mergeModel(undefined, userModel));
  }
  return {
    id,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    api: user.api ?? base?.api ?? "openai-completions",
    // As written: the auth module expands it when it looks for a key (and it holds no secret then).
    apiKeyTemplate: templates.get(`${configPath}.apiKey`)?.raw ?? user.apiKey,
    envVar: base?.envVar,
    envVarAlternates: base?.envVarAlternates ?? [],
    headers: { ...base?.headers, ...user.headers },
    authHeader: user.authHeader ?? base?.authHeader ?? true,
    compat: { ...base?.compat, ...user.compat },
    models,
    origin: base ? "builtin+config" : "config",
    configPath,
    baseUrlOrigin:
      user.baseUrl === undefined && base
        ? base.baseUrlOrigin
        : baseUrlOriginOf(templates.get(`${configPath}.baseUrl`)),
  };
}

/** A baseUrl the config writes: as it is, or through the variables its `${VAR}`s name. */
function baseUrlOriginOf(template: ConfigTemplate | undefined): BaseUrlOrigin {
  return template && template.variables.length > 0
    ? { kind: "variable", variables: [...template.variables] }
    : { kind: "config" };
}

/**
 * The default chain the config names at `agents.defaults.model`: a string is the primary alone; an
 * object gives `primary` and `fallbacks` (none when left out).
 */
export function parseSelection(config: OpenClawConfig): {
  primary: string | undefined;
  fallbacks: string[];
} {
  const model = config.agents?.defaults?.model;
  if (typeof model === "string") return { primary: model, fallbacks: [] };
  return { primary: model?.primary, fallbacks: [...(model?.fallbacks ?? [])] };
}

/**
 * The providers and models of a loaded config (`loadConfig`, `loadConfigObject`), with their
 * aliases and default chain.
 */
export function buildCatalog(loaded: LoadedConfig): Catalog {
  const { config } = loaded;
  const problems: CatalogProblem[] = disabledProviderProblems(loaded);
  const providers = new Map<string, CatalogProvider>();
  if (config.models?.mode !== undefined) requireVariables(loaded, "models.mode");
  const mode = config.models?.mode ?? "merge";
  if (mode === "merge") {
    for (const builtin of BUILTIN_PROVIDERS)
      providers.set(builtin.id, fromBuiltinProvider(builtin));
  }
  // A disabled provider is not served at all, not even as built in: its settings as written (a
  // base URL, a key) were meant to replace the built-in ones.
  for (const { provider } of problems) if (provider) providers.delete(provider);
  for (const [rawId, user] of Object.entries(config.models?.providers ?? {})) {
    const id = rawId.toLowerCase();
    const merged = mergeProvider(rawId, providers.get(id), user, problems, loaded.templates);
    if (merged) providers.set(id, concealProvider(merged));
    else providers.delete(id);
  }

  const aliases = new Map<string, { alias: string; ref: string }>();
  const params = new Map<string, Record<string, unknown>>();
  const entries = config.agents?.defaults?.models ?? {};
  /** Where each alias was first written, by its lower-cased name. */
  const aliasPaths = new Map<string, string>();
  for (const [ref, entry] of Object.entries(entries)) {
    const canonical = canonicalRef(ref);
    if (entry.params) params.set(canonical, entry.params);
    if (!entry.alias) continue;
    const key = entry.alias.trim().toLowerCase();
    const existing = aliases.get(key);
    const path = `agents.defaults.models["${ref}"].alias`;
    if (existing && existing.ref !== canonical) {
      const earlier = aliasPaths.get(key);
      problems.push({
        path,
        message: `alias "${entry.alias}" is used for both ${existing.ref} and ${canonical}`,
        hint: "give each model its own alias",
        ...(earlier ? { alsoAt: earlier } : {}),
      });
      continue;
    }
    aliases.set(key, { alias: entry.alias, ref: canonical });
    if (!aliasPaths.has(key)) aliasPaths.set(key, path);
  }
  const aliasByRef = new Map<string, string>();
  for (const { alias, ref } of aliases.values())
    if (!aliasByRef.has(ref)) aliasByRef.set(ref, alias);

  const { primary, fallbacks } = parseSelection(config);
  const refs = Object.keys(entries);
  const allowlist =
    refs.length > 0
      ? new Set([...refs, ...(primary ? [primary] : []), ...fallbacks].map(canonicalRef))
      : undefined;
  return {
    providers,
    aliases,
    aliasByRef,
    primary,
    fallbacks,
    allowlist,
    params,
    problems,
    // Printed (console.log, inspect, JSON) without the environment it holds or any key.
    source: concealLoadedConfig(loaded),
  };
}

/** `Moonshot/kimi-k2.5` → `moonshot/kimi-k2.5`; strings without `/` are returned trimmed. */
export function canonicalRef(ref: string): string {
  const trimmed = ref.trim();
  const slash = trimmed.indexOf("/");
  if (slash < 0) return trimmed;
  return `${trimmed.slice(0, slash).toLowerCase()}/${trimmed.slice(slash + 1)}`;
}
