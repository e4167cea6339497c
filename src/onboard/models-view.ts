/**
 * What `models list` and `models status` show, computed from the catalog and the credential
 * store. No key value ever leaves this module: only masked forms and source labels.
 */
import {
  type AuthProfileStore,
  createTargetKeyResolver,
  type DetourStanding,
  detourExport,
  detourOtherRef,
  inspectKeySources,
  type KeySourceStatus,
  NO_DETOUR_STANDING,
  onboardCommandFor,
  onboardDetour,
  readAuthStore,
} from "../auth/index.js";
import {
  aliasNameProblem,
  apiSpoken,
  builtinProvider,
  type Catalog,
  canonicalRef,
  chainMemberOrigins,
  describeProblem,
  formatRef,
  isAllowed,
  leftOutSentence,
  noDefaultModelHint,
  noDefaultModelMessage,
  nothingAnswersSentence,
  parseModelRef,
  type ResolvedModel,
  reasonBesideRef,
  resolveDefaultChain,
  resolveModel,
  resolveRef,
  retiredMark,
  type SkippedChainMember,
  UnusableDefaultChainError,
} from "../catalog/index.js";
import { type Env, envBlockVariables, tryExpandTemplate } from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import {
  describeProxies,
  type ProxySettings,
  proxyForUrl,
  proxySettingsFromEnv,
} from "../providers/proxy.js";
import { detourStanding } from "../runtime/detour-standing.js";
import { displayUrl } from "../util/display-url.js";
import { isLocalNetworkHost } from "../util/loopback.js";
import {
  chainKeyProblem,
  type KeylessChainMember,
  keylessChainMembers,
  keylessMutedMembers,
} from "./chain-keys.js";
import { keyTargetFor } from "./key-targets.js";

function maybeDisplayUrl(url: string | undefined): string | undefined {
  return url === undefined ? undefined : displayUrl(url);
}

export interface ModelRow {
  ref: string;
  name: string | undefined;
  input: string[];
  contextWindow: number | undefined;
  /** The provider's endpoint is this machine or its local network (Ollama, vLLM, LM Studio). */
  local: boolean;
  /** Where this provider's key comes from (`profile moonshot:default`), or undefined when none is usable. */
  auth: { available: boolean; source: string | undefined; masked: string | undefined };
  alias: string | undefined;
  tags: string[];
  /**
   * A request can use it: the model is known, its provider speaks a known api and has a key (or
   * needs none), and the allowlist (`agents.defaults.models`) lets it through (else tagged
   * `not allowed`).
   */
  usable: boolean;
  /**
   * Its provider is disabled by a schema problem in its settings (tagged `unusable: config`):
   * that problem, with its dotted path and `file:line`, as `config validate` says it.
   */
  disabled?: string;
}

/** After `default` or `fallback#N`: the default chain leaves the model out (its provider cannot be used). */
export const LEFT_OUT_TAG = "(left out)";
/** The fallback that answers the default in place of a primary left out. */
export const ANSWERS_DEFAULT_TAG = "answers default";

/** The tag of a model whose provider a schema problem in its settings disables. */
export const DISABLED_TAG = "unusable: config";

/** A model of a provider a schema problem disables, as `models list` shows it. */
interface DisabledModel {
  name?: string;
  problem: string;
  /** The base URL its settings write (else the built-in one), for the Local column. */
  baseUrl?: string;
}

/**
 * The models of each provider a schema problem disables, by ref: those its settings list (as
 * written, with the name given), then the built-in ones it would have had that `shown` lets
 * through (not, in the default view, those the allowlist refuses); with the problem.
 */
function disabledModels(
  catalog: Catalog,
  shown: (ref: string) => boolean,
): Map<string, DisabledModel> {
  const out = new Map<string, DisabledModel>();
  const written = catalog.source.written.models;
  for (const problem of catalog.problems) {
    const id = problem.provider;
    if (!problem.schema || !id || [...out.keys()].some((ref) => ref.startsWith(`${id}/`))) continue;
    const text = describeProblem(problem);
    const entry = Object.entries(written?.providers ?? {}).find(
      ([key]) => key.toLowerCase() === id,
    );
    const listed: unknown = entry?.[1]?.models;
    // Disabled, it is in no catalog provider: the address comes from what the file writes.
    const writtenUrl: unknown = entry?.[1]?.baseUrl;
    const baseUrl = typeof writtenUrl === "string" ? writtenUrl : builtinProvider(id)?.baseUrl;
    const at = baseUrl === undefined ? {} : { baseUrl };
    for (const model of Array.isArray(listed) ? listed : []) {
      const record = (typeof model === "object" && model !== null ? model : {}) as Record<
        string,
        unknown
      >;
      if (typeof record.id !== "string" || record.id.trim() === "") continue;
      const name = typeof record.name === "string" ? record.name : undefined;
      if (!out.has(`${id}/${record.id}`))
        out.set(`${id}/${record.id}`, { ...(name ? { name } : {}), problem: text, ...at });
    }
    if ((written?.mode ?? "merge") !== "merge") continue;
    for (const model of builtinProvider(id)?.models ?? [])
      if (!out.has(`${id}/${model.id}`) && shown(`${id}/${model.id}`))
        out.set(`${id}/${model.id}`, { name: model.name, problem: text, ...at });
  }
  return out;
}

/** A model row's key source when its provider is called without a key (`authHeader: false`). */
export const NO_KEY_NEEDED = "not needed";

export interface ProviderKeyStatus {
  provider: string;
  baseUrl: string | undefined;
  /** The source that wins, or undefined when none is usable. */
  active: string | undefined;
  masked: string | undefined;
  sources: KeySourceStatus[];
  /** False for a provider called without a key (`authHeader: false`): no key is missing then. */
  keyRequired: boolean;
  /**
   * With no usable key: what to do, naming the variables its sources read and the onboard
   * command for its endpoint.
   */
  missingHint?: string;
}

export interface ViewContext {
  catalog: Catalog;
  /** Effective environment (process over the config's `env` block). */
  env: Env;
  /** The process's own environment, to tell which values came from the `env` block. */
  processEnv?: Env;
  agentDir: string;
  /**
   * The credential store to use instead of reading the one in `agentDir` (doctor gives an empty
   * one when that file cannot be read, and reports the file itself).
   */
  store?: AuthProfileStore;
}

function keyStatusCache(context: ViewContext) {
  const store = context.store ?? readAuthStore(context.agentDir);
  const findKey = createTargetKeyResolver({ store, env: context.env });
  const cache = new Map<string, ProviderKeyStatus>();
  // Variables the process lacks that the config's `env` block fills in: say so, or a person
  // looks for them in their shell in vain.
  const processEnv = context.processEnv ?? process.env;
  const fromEnvBlock = new Set(
    Object.keys(envBlockVariables(context.catalog.source.config)).filter(
      (name) => processEnv[name] === undefined || processEnv[name] === "",
    ),
  );
  return (providerId: string): ProviderKeyStatus => {
    let status = cache.get(providerId);
    if (!status) {
      // The store read once above; agentDir names its file, for the line of a key copied wrong.
      const sources = inspectKeySources(keyTargetFor(context.catalog, providerId), {
        readStore: () => store,
        agentDir: context.agentDir,
        env: context.env,
      }).map((source) =>
        source.source.kind === "env" && fromEnvBlock.has(source.source.variable)
          ? { ...source, label: `${source.label} (from the config's env block)` }
          : source,
      );
      const winner = sources.find((source) => source.state === "set");
      const rawBaseUrl = context.catalog.providers.get(providerId)?.baseUrl;
      const keyRequired = context.catalog.providers.get(providerId)?.authHeader !== false;
      status = {
        provider: providerId,
        // Shown and printed as JSON: a password written into the URL is not.
        baseUrl: maybeDisplayUrl(context.catalog.providers.get(providerId)?.baseUrl),
        active: winner?.label,
        masked: winner?.masked,
        sources,
        keyRequired,
        ...(keyRequired && !winner
          ? {
              missingHint: missingKeyHint(
                providerId,
                sources,
                rawBaseUrl,
                context.env,
                (variable) =>
                  rawBaseUrl === undefined
                    ? NO_DETOUR_STANDING
                    : detourStanding(
                        context.catalog,
                        { provider: providerId, baseUrl: rawBaseUrl },
                        variable,
                        context.env,
                        (target) => findKey(target)?.source,
                      ),
              ),
            }
          : {}),
      };
      cache.set(providerId, status);
    }
    return status;
  };
}

/**
 * What to do for a provider with no usable key: store one with onboard (the command for its
 * endpoint, when it is a public one), or set a variable its key sources read, by name. "Set the
 * provider's key variable" left the user to find out which. When onboard stores the key for
 * another provider (moonshot-cn's choice writes `moonshot`), both ways are said: the variable
 * keeps this provider's models, onboard makes the other provider's work. `standingOf` says
 * whether that onboarding was done already and who else reads the variable (by default: no one).
 */
export function missingKeyHint(
  providerId: string,
  sources: readonly KeySourceStatus[],
  baseUrl: string | undefined,
  env: Env,
  standingOf: (variable: string | undefined) => DetourStanding = () => NO_DETOUR_STANDING,
): string {
  const variables = new Set(
    sources.flatMap(({ source }) =>
      source.kind === "env" ? [source.variable] : source.kind === "config" ? source.variables : [],
    ),
  );
  const detour = baseUrl === undefined ? undefined : onboardDetour(providerId, baseUrl, env);
  const ownVariable = sources.find(({ source }) => source.kind === "env")?.source;
  const standing = detour
    ? standingOf(ownVariable?.kind === "env" ? ownVariable.variable : undefined)
    : NO_DETOUR_STANDING;
  if (detour && ownVariable?.kind === "env") {
    return `${detourExport(detour, ownVariable.variable, providerId, undefined, standing.sharers)}; or ${detourOtherRef(detour, standing, undefined)}`;
  }
  const orVariables = variableAlternative(variables, sources);
  if (detour) return `${detourOtherRef(detour, standing, undefined)}${orVariables}`;
  const command = (baseUrl && onboardCommandFor(baseUrl, env)) || "openclaw onboard";
  return `run: ${command}${orVariables}`;
}

/**
 * `   (or set $MOONSHOT_API_KEY)`; when each variable named is set but empty (`export
 * MOONSHOT_API_KEY=`), "set" would read as already done: it says to put the key in it instead.
 */
function variableAlternative(
  variables: ReadonlySet<string>,
  sources: readonly KeySourceStatus[],
): string {
  if (variables.size === 0) return "";
  const names = [...variables].map((name) => `$${name}`).join(" or ");
  const empty = new Set(sources.flatMap(({ emptyVariable }) => emptyVariable ?? []));
  if (![...variables].every((name) => empty.has(name))) return `   (or set ${names})`;
  return `   (or put your key in ${names}, which ${variables.size === 1 ? "is" : "are"} set but empty)`;
}

/** Refs the user chose: the primary, fallbacks and `agents.defaults.models` entries. */
function configuredRefs(catalog: Catalog): string[] {
  const refs = new Set<string>();
  if (catalog.primary) refs.add(canonicalRef(catalog.primary));
  for (const ref of catalog.fallbacks) refs.add(canonicalRef(ref));
  for (const ref of Object.keys(catalog.source.config.agents?.defaults?.models ?? {})) {
    refs.add(canonicalRef(ref));
  }
  return [...refs];
}

/**
 * The ref an alias, bare id or ref used as primary/fallback names, resolved as the runtime
 * resolves it; a value the catalog cannot resolve is shown as written (canonical case).
 */
export function chainEntryRef(catalog: Catalog, value: string): string {
  try {
    return formatRef(resolveRef(catalog, value));
  } catch (error) {
    if (isOpenClawError(error)) return canonicalRef(value);
    throw error;
  }
}

export interface ListOptions {
  all?: boolean;
  provider?: string;
  /** Only models served from this machine or its local network. */
  local?: boolean;
}

/** Whether a provider's base URL (`${VAR}`s expanded) points at this machine or the local network. */
function isLocalEndpoint(baseUrl: string | undefined, env: Env): boolean {
  if (!baseUrl) return false;
  const expanded = tryExpandTemplate(baseUrl, env);
  if (expanded.missing.length > 0) return false;
  try {
    return isLocalNetworkHost(new URL(expanded.value).hostname);
  } catch {
    return false;
  }
}

export function listModelRows(context: ViewContext, options: ListOptions = {}): ModelRow[] {
  const { catalog } = context;
  const keyStatus = keyStatusCache(context);
  const primary = catalog.primary ? chainEntryRef(catalog, catalog.primary) : undefined;
  const fallbacks = catalog.fallbacks.map((ref) => chainEntryRef(catalog, ref));
  const entries = new Set(
    Object.keys(catalog.source.config.agents?.defaults?.models ?? {}).map(canonicalRef),
  );
  const aliasOf = new Map<string, string>();
  // An alias config validate calls not usable (a `/`, `openclaw/…`) runs nothing: no tag for it.
  for (const { alias, ref } of catalog.aliases.values())
    if (aliasNameProblem(alias) === undefined) aliasOf.set(ref, alias);

  const refs: string[] = [];
  const seen = new Set<string>();
  const add = (ref: string) => {
    if (!seen.has(ref)) {
      seen.add(ref);
      refs.push(ref);
    }
  };
  for (const ref of configuredRefs(catalog).map((ref) => chainEntryRef(catalog, ref))) add(ref);
  // Models of providers the user configured belong in the default view too; not, under an
  // allowlist, the ones only openclaw's own list has and the allowlist refuses: the person named
  // them nowhere and cannot use them (ids the API may have retired), so, like a provider they did
  // not set up, they are --all's to show (tagged `not allowed` there).
  for (const provider of catalog.providers.values()) {
    if (options.all || provider.origin !== "builtin") {
      for (const model of provider.models) {
        const ref = `${provider.id}/${model.id}`;
        if (!options.all && model.origin === "builtin" && !isAllowed(catalog, ref)) continue;
        add(ref);
      }
    }
  }
  // A provider the config writes but breaks: listed, marked, so that it is not thought gone.
  // Its built-in models the allowlist refuses stay --all's, as they are while it works.
  const disabled = disabledModels(
    catalog,
    (ref) =>
      options.all === true || ref === primary || fallbacks.includes(ref) || isAllowed(catalog, ref),
  );
  for (const ref of disabled.keys()) add(ref);

  // The chain as a request for the default runs it: members left out, and what answers first.
  const chainState = catalog.primary ? defaultChainState(catalog) : undefined;
  const leftOut = new Set(chainState?.skipped.map((member) => member.ref) ?? []);
  // What answers: the first member left that has a key (a request falls back past the others);
  // none has one: nothing answers the default, in the primary's place or not.
  const answering = chainState?.chain.find((model) => {
    const key = keyStatus(model.provider);
    return !key.keyRequired || key.active !== undefined;
  })?.ref;
  const inPlaceOfPrimary = answering !== undefined && answering !== primary;

  const wanted = options.provider?.trim().toLowerCase();
  const rows: ModelRow[] = [];
  for (const ref of refs) {
    const parsed = parseModelRef(ref);
    if (wanted && parsed?.provider !== wanted) continue;
    const provider = parsed ? catalog.providers.get(parsed.provider) : undefined;
    const model = provider?.models.find((entry) => entry.id === parsed?.model);
    const local = isLocalEndpoint(provider?.baseUrl ?? disabled.get(ref)?.baseUrl, context.env);
    if (options.local && !local) continue;
    const tags: string[] = [];
    const out = leftOut.has(ref) ? ` ${LEFT_OUT_TAG}` : "";
    if (ref === primary) tags.push(`default${out}`);
    fallbacks.forEach((fallback, index) => {
      if (fallback === ref) tags.push(`fallback#${index + 1}${out}`);
    });
    if (inPlaceOfPrimary && ref === answering) tags.push(ANSWERS_DEFAULT_TAG);
    if (entries.has(ref)) tags.push("configured");
    const alias = aliasOf.get(ref);
    if (alias) tags.push(`alias:${alias}`);
    // An id the provider's API has retired (openclaw's built-in list marks it): requests are
    // still sent, and answered 404.
    const retired = parsed ? retiredMark(parsed.provider, parsed.model) : undefined;
    if (retired) tags.push(`retired: use ${retired.replacedBy}`);
    const broken = disabled.get(ref);
    if (broken) tags.push(DISABLED_TAG);
    else if (!model) tags.push("missing");
    // Listed, but every request fails until its api is one this build speaks (config validate).
    const speaks = provider !== undefined && apiSpoken(provider.api);
    if (provider && !speaks) tags.push(`unusable: api ${provider.api}`);
    // Known, but agents.defaults.models has entries and not this one: every request is refused.
    const allowed = isAllowed(catalog, ref);
    if (model && !allowed) tags.push("not allowed");
    const status = provider ? keyStatus(provider.id) : undefined;
    const hasKey = status?.active !== undefined || status?.keyRequired === false;
    rows.push({
      ref,
      name: model?.name ?? broken?.name,
      input: model ? [...model.input] : [],
      contextWindow: model?.contextWindow,
      local,
      auth: {
        available: hasKey,
        source: status?.active ?? (status?.keyRequired === false ? NO_KEY_NEEDED : undefined),
        masked: status?.masked,
      },
      alias,
      tags,
      usable: model !== undefined && speaks && hasKey && allowed,
      ...(broken ? { disabled: broken.problem } : {}),
    });
  }
  return rows;
}

export interface ModelsStatus {
  configPath: string;
  configExists: boolean;
  authStorePath: string;
  default: string | undefined;
  /** Why the default cannot be answered, when it cannot (no member usable, or no key for it). */
  defaultProblem: string | undefined;
  /** What to do about `defaultProblem`. */
  defaultHint: string | undefined;
  /**
   * The models that serve the default (`openclaw`, `agent` without `--model`), in the order they
   * are tried: the primary and fallbacks less those left out. Empty when none can be used.
   */
  chain: string[];
  /**
   * Members of the default chain left out because their provider cannot be used while another
   * member serves: where each is written (`origin`, `file:line`) and why.
   */
  leftOut: LeftOutMember[];
  /**
   * Members of the chain ahead of the one that answers that have no usable key: requests fall
   * back past them, so the default answers (a warning; a chain with no key at all is a problem).
   */
  keyless: KeylessChainMember[];
  fallbacks: string[];
  aliases: { alias: string; ref: string }[];
  providers: ProviderStatus[];
  /** Config problems, with the file and line each is written at when the CLI has found them. */
  problems: {
    path: string;
    message: string;
    file?: string;
    line?: number;
    /** The provider this schema problem disables (the others are served). */
    disabledProvider?: string;
  }[];
  /** The upstream proxies in use, in one line; undefined when none is set. */
  proxy: string | undefined;
  /** What is wrong with a proxy variable, when one is not an HTTP proxy URL. */
  proxyProblem: string | undefined;
}

/** A member of the default chain that is left out, as `models status` reports it. */
export interface LeftOutMember {
  ref: string;
  /** `agents.defaults.model.primary`, `agents.defaults.model.fallbacks[0]`. */
  path: string;
  /** `file:line` of `path`. */
  origin?: string;
  message: string;
  hint?: string;
  /** The whole sentence, as `agent` and `chat` warn it. */
  warning: string;
}

/**
 * The default chain as a request gets it: its members that serve and those left out, or why it
 * cannot serve at all (a member names nothing, or no member can be used).
 */
function defaultChainState(catalog: Catalog): {
  chain: ResolvedModel[];
  skipped: SkippedChainMember[];
  problem?: string;
  hint?: string;
} {
  try {
    const resolved = resolveDefaultChain(catalog);
    return { chain: resolved.models, skipped: resolved.skipped };
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    const hint = error.hint ? { hint: error.hint } : {};
    if (error instanceof UnusableDefaultChainError)
      return { chain: [], skipped: [], problem: error.message, ...hint };
    // The primary's own error as it always was; else a fallback that names nothing, which fails
    // the whole chain (agent exits 1, config validate refuses it) though the primary is fine.
    const primary = catalog.primary ?? "";
    let primaryResolves = true;
    try {
      resolveModel(catalog, primary);
    } catch {
      primaryResolves = false;
    }
    const index = catalog.fallbacks.findIndex((fallback) => {
      try {
        resolveModel(catalog, fallback);
        return false;
      } catch {
        return true;
      }
    });
    const problem =
      primaryResolves && index >= 0
        ? `the default chain cannot be used: fallback ${index + 1} (agents.defaults.model.fallbacks[${index}]) ${catalog.fallbacks[index]} cannot be used: ${reasonBesideRef(error)}`
        : `the default model ${primary} cannot be used: ${reasonBesideRef(error)}`;
    return { chain: [], skipped: [], problem, ...hint };
  }
}

/** A member left out, as `models status` reports it, with what answers in its place. */
function leftOutMember(member: SkippedChainMember, answering: readonly string[]): LeftOutMember {
  return {
    ref: member.ref,
    path: member.path,
    ...(member.origin ? { origin: member.origin } : {}),
    message: reasonBesideRef(member.error),
    ...(member.error.hint ? { hint: member.error.hint } : {}),
    warning: leftOutSentence(member, answering),
  };
}

/** A provider's keys, and the proxy its calls go through (`http://host:port (HTTPS_PROXY)`). */
export interface ProviderStatus extends ProviderKeyStatus {
  proxy?: string;
}

/** The proxy a call to `baseUrl` goes through, as shown; undefined for a direct one. */
function proxyOf(settings: ProxySettings | undefined, baseUrl: string | undefined) {
  // A baseUrl with a ${VAR} the shell lacks does not parse: the key status already says so.
  const proxy = settings && baseUrl ? proxyForUrl(settings, baseUrl) : undefined;
  return proxy ? `${proxy.display} (${proxy.source})` : undefined;
}

/**
 * The built-in providers whose key comes from a variable of the environment, by the same lookup
 * a run makes; of providers that read the same variable (moonshot and moonshot-cn both read
 * MOONSHOT_API_KEY) the first only, the one onboarding sets it up for.
 */
function envKeyedProviders(
  catalog: Catalog,
  keyStatus: (providerId: string) => ProviderKeyStatus,
): string[] {
  const variables = new Set<string>();
  const found: string[] = [];
  for (const provider of catalog.providers.values()) {
    if (provider.origin !== "builtin") continue;
    const winner = keyStatus(provider.id).sources.find((source) => source.state === "set");
    if (winner?.source.kind !== "env" || variables.has(winner.source.variable)) continue;
    variables.add(winner.source.variable);
    found.push(provider.id);
  }
  return found;
}

export function modelsStatus(context: ViewContext, authStorePath: string): ModelsStatus {
  const { catalog } = context;
  const keyStatus = keyStatusCache(context);
  const store = context.store ?? readAuthStore(context.agentDir);
  const providerIds = new Set<string>();
  for (const ref of configuredRefs(catalog)) {
    const parsed = parseModelRef(chainEntryRef(catalog, ref));
    if (parsed && catalog.providers.has(parsed.provider)) providerIds.add(parsed.provider);
  }
  for (const provider of catalog.providers.values()) {
    if (provider.origin !== "builtin") providerIds.add(provider.id);
  }
  for (const profile of Object.values(store.profiles)) {
    const id = typeof profile.provider === "string" ? profile.provider.toLowerCase() : undefined;
    if (id && catalog.providers.has(id)) providerIds.add(id);
  }
  // Nothing configured or stored: the built-in providers a key in the environment reaches (as
  // `agent --model <provider>/…` finds it), so the key is shown and a probe checks it.
  if (providerIds.size === 0)
    for (const id of envKeyedProviders(catalog, keyStatus)) providerIds.add(id);

  let proxies: ProxySettings | undefined;
  let proxyProblem: string | undefined;
  try {
    proxies = proxySettingsFromEnv(context.env);
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    proxyProblem = error.hint ? `${error.message} (${error.hint})` : error.message;
  }

  const primary = catalog.primary ? chainEntryRef(catalog, catalog.primary) : undefined;
  let defaultProblem: string | undefined;
  let defaultHint: string | undefined;
  let chain: ResolvedModel[] = [];
  let leftOut: LeftOutMember[] = [];
  let keyless: KeylessChainMember[] = [];
  if (!catalog.primary) {
    defaultProblem = noDefaultModelMessage(catalog.source.config);
    defaultHint = noDefaultModelHint(catalog, (ref) => {
      const status = keyStatus(ref.slice(0, ref.indexOf("/")));
      return !status.keyRequired || status.active !== undefined;
    });
  } else {
    // The same resolution a request gets: alias, bare id, allowlist, ${VAR} in the base URL, and
    // a member whose provider cannot be used left out while another serves.
    const state = defaultChainState(catalog);
    chain = state.chain;
    defaultProblem = state.problem;
    defaultHint = state.hint;
    // A request falls back past a member without a key to the next one with one: the chain
    // fails only when none has a key; a keyless member ahead of the one that answers is a warning.
    const fallbackRefs = catalog.fallbacks.map((ref) => chainEntryRef(catalog, ref));
    const keyProblem = chainKeyProblem(chain, primary, fallbackRefs, keyStatus);
    keyless = keylessChainMembers(
      chain,
      primary,
      fallbackRefs,
      keyStatus,
      chainMemberOrigins(catalog),
    );
    // What answers in place of a member left out: the members left that have a key (as `agent`
    // says it); none has one: nothing answers, though members are left.
    const answering = chain
      .filter((model) => {
        const key = keyStatus(model.provider);
        return !key.keyRequired || key.active !== undefined;
      })
      .map((model) => model.ref);
    leftOut = state.skipped.map((member) => leftOutMember(member, answering));
    if (keyProblem && state.skipped.length > 0) {
      const muted = keylessMutedMembers(
        chain,
        primary,
        fallbackRefs,
        chainMemberOrigins(catalog),
        (model) => keyStatus(model.provider).missingHint,
      );
      const nothing = nothingAnswersSentence(state.skipped, muted);
      defaultProblem = nothing.message;
      defaultHint = nothing.hint;
    } else if (keyProblem) {
      defaultProblem = keyProblem.problem;
      defaultHint = keyProblem.hint;
    }
  }
  return {
    configPath: catalog.source.path,
    configExists: catalog.source.exists,
    authStorePath,
    default: primary,
    defaultProblem,
    defaultHint,
    chain: chain.map((model) => model.ref),
    leftOut,
    keyless,
    fallbacks: catalog.fallbacks.map((ref) => chainEntryRef(catalog, ref)),
    aliases: [...catalog.aliases.values()].map(({ alias, ref }) => ({ alias, ref })),
    providers: [...providerIds].sort().map((id): ProviderStatus => {
      const status = keyStatus(id);
      const proxy = proxyOf(proxies, status.baseUrl);
      return proxy ? { ...status, proxy } : status;
    }),
    problems: catalog.problems.map(({ path, message, provider, schema }) => ({
      path,
      message,
      ...(schema && provider ? { disabledProvider: provider } : {}),
    })),
    proxy: proxies ? describeProxies(proxies) : undefined,
    proxyProblem,
  };
}

const KIBI = 1024;
const MEBI = 1024 * 1024;

/**
 * A context window as people say it (`models list`, `models scan`, onboarding). A whole number of
 * thousands reads in thousands (256000 is `256k`, 200000 `200k`, 2000000 `2M`). A size in whole
 * 1024s (1048576, 262144, 131072, 8192) reads as vendors and people say it, by 1024: `1M`,
 * `256k`, `128k`, `8k`; by 1000 they read `1049k`, `262k`, `131k`, `8.2k`, sizes nobody quotes.
 * Any other number keeps the thousands, rounded (one decimal under 100k). `--json` gives the exact
 * number, so 262144 and 256000, both `256k` here, are told apart there.
 */
export function formatContext(tokens: number | undefined): string {
  if (tokens === undefined) return "-";
  if (tokens < 1000) return String(tokens);
  if (tokens % 1_000_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens % 1000 === 0) return `${tokens / 1000}k`;
  if (tokens % MEBI === 0) return `${tokens / MEBI}M`;
  if (tokens % KIBI === 0) return `${tokens / KIBI}k`;
  if (tokens >= 100_000) return `${Math.round(tokens / 1000)}k`;
  return `${Number((tokens / 1000).toFixed(1))}k`;
}
