/**
 * Builds what one config generation serves: the catalog, a runtime over it, the model directory
 * and the auth policy. A provider that cannot be resolved (bad base URL, missing `${VAR}`) is
 * left out and reported; it never stops the others.
 */
import {
  checkKey,
  createTargetKeyResolver,
  detourOtherRef,
  explainUnusableKeys,
  onboardCommandFor,
  onboardDetour,
  sharedVariableCaveat,
  unsetKeyReferences,
  wrongProfileKeys,
} from "../auth/index.js";
import { createKeyHomeFinderUnder } from "../auth/key-home.js";
import type { AuthProfileStore, KeyResolver, ResolvedKey } from "../auth/types.js";
import { apiTakesVideo } from "../catalog/api-takes-video.js";
import {
  aliasNameProblem,
  aliasRenameHint,
  apiSpoken,
  borrowsConfiguredKey,
  buildCatalog,
  type Catalog,
  type CatalogProblem,
  canonicalRef,
  checkCatalog,
  describeProblem,
  findRef,
  firstKeyedModel,
  formatRef,
  isAllowed,
  namesDefaultChain,
  noDefaultModelMessage,
  possiblyRetiredHint,
  reasonBesideRef,
  resolveDefaultChain,
  resolveModel,
  type SkippedChainMember,
  stopParamsOverLimits,
  UnusableDefaultChainError,
  withOrigins,
} from "../catalog/index.js";
// Not in the catalog's index, which the package exports whole: no part of the public API.
import { notSetUpModelNamed } from "../catalog/not-set-up.js";
import { paramsNeverSent } from "../catalog/params-check.js";
import { releaseTime } from "../catalog/release-time.js";
import { newModelAdviceFor } from "../catalog/resolve.js";
import type { ApiKind, KeySource, ResolvedModel } from "../catalog/types.js";
import { videoInputsNeverSent } from "../catalog/video-input-check.js";
import {
  agentDir,
  type CliEnvPrefix,
  CONFIG_OBJECT_PATH,
  envBlockVariables,
  formatPath,
  type LoadedConfig,
  NO_CLI_ENV_PREFIX,
  requireVariablesWithin,
  resolveStateDir,
} from "../config/index.js";
import { chainNothingAnswers } from "../onboard/chain-nothing-answers.js";
import type { ProxySettings } from "../providers/proxy.js";
import type { Transport } from "../providers/types.js";
import { placeBaseUrls } from "../runtime/base-url-place.js";
import { type CallerKeyLookup, callerRefusedKeyFix } from "../runtime/caller-key-lookup.js";
import { detourStandingOf } from "../runtime/detour-standing.js";
import {
  type Cooldowns,
  createRuntime,
  type FixedSamplingRules,
  keySourcePlacer,
  type RunChain,
} from "../runtime/index.js";
import { keysPassedOverFinder } from "../runtime/keys-passed-over.js";
import {
  gatewayRefusedKeyFix,
  type LibraryKeyContext,
  libraryKeyAdvice,
  libraryRefusedKeyFix,
} from "../runtime/library-key-advice.js";
import { refusedKeyConfig } from "../runtime/refused-key-config.js";
import type { RetryPolicy } from "../runtime/types.js";
import { printable } from "../util/printable.js";
import { shellWord } from "../util/shell-word.js";
import type { AuthPolicy } from "./auth.js";
import { GATEWAY_RESOLVE_KEY_NAME } from "./caller-key-resolver.js";
import { tightestStopLimits } from "./completion-stops.js";
import { corsPolicy } from "./cors.js";
import { type KeylessProvider, keylessProviders } from "./keyless-in-use.js";
import { createModelDirectory, type GatewayModel } from "./model-directory.js";
import { servedAsThinking } from "./model-thinks.js";
import { type MissingKeyStep, notAllowedAnswer } from "./not-allowed.js";
import type { VerdictWords } from "./region-key.js";
import { retiredFixWords } from "./retired-offer-log.js";
import type { GatewayBackend } from "./server.js";

/** Something in the config the gateway serves around (an unusable provider or alias, a setting with no effect), said at start and on reload. */
export interface BackendProblem {
  /** The dotted config path it is about. */
  where: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string | undefined;
}

/** What `buildBackend` makes of a loaded config: the gateway's backend plus its catalog and problems. */
export interface BuiltBackend extends GatewayBackend {
  /** The catalog the config makes. */
  catalog: Catalog;
  /** The config's problems the gateway serves around. */
  problems: BackendProblem[];
  /** Providers with models in the catalog but no key. */
  providersWithoutKey: string[];
  /**
   * Those of them the config uses (its default chain, an alias, the allowlist, models.providers),
   * whose requests are answered 503 until they have a key: what to tell the operator.
   */
  keylessProviders: KeylessProvider[];
  /**
   * Members of the default chain left out because their provider cannot be used, while others
   * serve `openclaw` (a reload that leaves one out is not refused for it).
   */
  skippedDefaults: SkippedChainMember[];
  /**
   * A program's gateway (a config object, or its own `resolveKey`): what to do about the key
   * `provider` refused, in the words its requests' errors use. Undefined for a gateway on a
   * config file, whose key `openclaw doctor --probe` finds, or when the provider has no key.
   */
  refusedKeyFix(provider: string): string | undefined;
  /**
   * Whose gateway the start's verdicts on a refused environment key are said for: the commands
   * carry its state dir's words, and a program's config object or own `resolveKey` is named.
   */
  verdictWords: VerdictWords;
}

export interface BuildBackendOptions {
  loaded: LoadedConfig;
  resolveKey: KeyResolver;
  transports: Partial<Record<ApiKind, Transport>>;
  /**
   * The proxies the gateway reaches providers through: a refused key's check of the other
   * Moonshot region goes the same way (without them, behind a proxy, it never got there).
   */
  proxy?: ProxySettings;
  auth: AuthPolicy;
  /** One table for the gateway's lifetime, so cooldowns survive a reload. */
  cooldowns?: Cooldowns;
  /** Likewise for the sampling values models were found to take. */
  sampling?: FixedSamplingRules;
  retry?: Partial<RetryPolicy>;
  /** How long a looked-up key is reused before the credential store is consulted again. */
  keyCacheMs?: number;
  now?: () => number;
  /**
   * Where the auth profiles are, to say why a provider's key is unusable (default: the main
   * agent's, under the state dir the config's environment names).
   */
  agentDir?: string;
  /**
   * Reads the credential store in place of the file under `agentDir` (the gateway's last good
   * store, kept while the file is broken).
   */
  readStore?: () => AuthProfileStore;
  /**
   * `resolveKey` is a caller's own (startGateway's `resolveKey`): which profiles and variables
   * it passed over is not known, so a refused key's hint does not name any.
   */
  ownKeyResolver?: boolean;
  /**
   * The variables that make an `openclaw` command typed in a shell edit the config file this
   * gateway reads (cli-env-prefix.ts; none by default).
   */
  cliPrefix?: CliEnvPrefix;
  /** Whether an edit of the config file is picked up without a restart (false: `watch: false`). */
  reloads?: boolean;
  /** startGateway was given `env` (a missing key's hint says where its variable goes). */
  envGiven?: boolean;
}

/**
 * Why `model`'s key sources hold no usable key when some hold something unusable (a Kimi Code
 * key configured for Moonshot, the docs' `sk-...` placeholder), as `openclaw agent` says it.
 */
function missingKeyExplainer(
  loaded: LoadedConfig,
  dir: string | undefined,
  readStore: (() => AuthProfileStore) | undefined,
): (model: ResolvedModel) => string | undefined {
  const keyOptions = keySourceOptions(loaded, dir, readStore);
  const placeKeySource = keySourcePlacer(loaded);
  return (model) => explainUnusableKeys(model, keyOptions, placeKeySource);
}

/** Where the gateway's own key lookup reads: the agent's auth profiles, then the environment. */
function keySourceOptions(
  loaded: LoadedConfig,
  dir: string | undefined,
  readStore: (() => AuthProfileStore) | undefined,
) {
  return {
    agentDir: dir ?? agentDir(resolveStateDir(loaded.env)),
    env: loaded.env,
    ...(readStore ? { readStore } : {}),
  };
}

/** `gateway.cors.origins` as a policy; an origin naming an unset variable throws MissingVariableError. */
function corsPolicyOf(loaded: LoadedConfig, auth: AuthPolicy) {
  requireVariablesWithin(loaded, "gateway.cors.origins");
  return corsPolicy(loaded.config.gateway?.cors, auth.mode === "token");
}

function problemOf(error: unknown, where: string): BackendProblem {
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | null)?.hint;
  return { where, message, hint: typeof hint === "string" ? hint : undefined };
}

function backendProblem(problem: CatalogProblem): BackendProblem {
  return { where: problem.path, message: problem.message, hint: problem.hint };
}

/**
 * One problem per provider a schema problem disabled: its first problem, where it is written,
 * and that the provider is left out while the others serve.
 */
function disabledProviders(catalog: Catalog): BackendProblem[] {
  const byProvider = new Map<string, CatalogProblem[]>();
  for (const problem of catalog.problems) {
    if (!problem.schema || !problem.provider) continue;
    byProvider.set(problem.provider, [...(byProvider.get(problem.provider) ?? []), problem]);
  }
  return [...byProvider].map(([provider, [first, ...others]]) => {
    const { file, line } = first!.schema!;
    const place = file ? ` (${file}${line ? `:${line}` : ""})` : "";
    const more =
      others.length > 0
        ? ` and ${others.length} more problem${others.length === 1 ? "" : "s"}`
        : "";
    return {
      where: first!.path,
      message: `${first!.message}${place}${more}: provider ${provider} is disabled, the others serve`,
      hint:
        others.length > 0
          ? `${first!.hint ? `${first!.hint}; ` : ""}openclaw config validate lists every problem`
          : first!.hint,
    };
  });
}

/**
 * A member of the default chain left out, said where the chain is written: why, and which
 * models serve `openclaw` meanwhile.
 */
function skippedMemberProblem(member: SkippedChainMember, serving: string[]): BackendProblem {
  const where = member.origin ? ` (${member.origin})` : "";
  return {
    where: member.path,
    message: `${member.ref}${where} is left out of the default chain, "openclaw" goes to ${serving.join(", then ")}: ${reasonBesideRef(member.error)}`,
    hint: member.error.hint,
  };
}

/**
 * What the start and each reload say of the default chain's members left out: each one and the
 * members that answer in its place (those with a key: a request passes over the rest); when none
 * has a key, one problem saying that nothing in the chain can answer and what to fix first, as
 * `agent` and `models status` say it. `keyFixOf` gives a member's way to a key, undefined when it
 * has one.
 */
function leftOutProblems(
  catalog: Catalog,
  skipped: readonly SkippedChainMember[],
  serving: readonly ResolvedModel[],
  saidBefore: readonly BackendProblem[],
  keyFixOf: (ref: string) => string | undefined,
): BackendProblem[] {
  if (skipped.length === 0) return [];
  const keyFixes = serving.map((model) => keyFixOf(model.ref));
  const answering = serving.filter((_, index) => keyFixes[index] === undefined);
  if (answering.length === 0) {
    const nothing = chainNothingAnswers(catalog, skipped, serving, (_, index) => keyFixes[index]);
    return [{ where: "agents.defaults.model", message: nothing.message, hint: nothing.hint }];
  }
  // The hint of a member left out for its provider's problem is that problem's, which is
  // said above it (a provider disabled, one without a baseUrl): said once, there.
  const hintsSaid = new Set(saidBefore.flatMap((problem) => problem.hint ?? []));
  const refs = answering.map((model) => model.ref);
  return skipped.map((member) => {
    const problem = skippedMemberProblem(member, refs);
    const said = [...hintsSaid].some((hint) => problem.hint && hint.includes(problem.hint));
    return said ? { ...problem, hint: undefined } : problem;
  });
}

/** Key lookups hit the credential store's file stamp; a short cache keeps them off the hot path. */
function cachedKeyResolver(resolveKey: KeyResolver, ttlMs: number, now: () => number): KeyResolver {
  if (ttlMs <= 0) return resolveKey;
  const cache = new Map<string, { key: ResolvedKey | undefined; until: number }>();
  return (model) => {
    const at = now();
    const hit = cache.get(model.ref);
    if (hit && hit.until > at) return hit.key;
    const key = resolveKey(model);
    cache.set(model.ref, { key, until: at + ttlMs });
    return key;
  };
}

/** startGateway's own `resolveKey`, as a refusal of a key it returned names it. */
const GATEWAY_KEY_LOOKUP: CallerKeyLookup = {
  name: GATEWAY_RESOLVE_KEY_NAME,
  asksAgain: "the gateway asks it again a second after its last answer",
};

/** What makes a fix take for a gateway given its config as an object (startGateway's `config`). */
const IN_OBJECT_AGAIN = "start it again: a config given as an object is not reloaded";

/** How a fixed config file reaches the gateway: by itself, or (`watch: false`) at a restart. */
function fileEditTakes(reloads: boolean, what: string): string {
  return reloads
    ? `the gateway picks ${what} up without a restart`
    : "then restart the gateway (started with watch: false, it rereads its config only when restarted or its reload() is called)";
}

/** What the hints of a build need to know beside the config. */
interface HintContext {
  fromObject: boolean;
  reloads: boolean;
  cliPrefix: CliEnvPrefix;
}

/**
 * Why the default chain cannot be served, as `config validate` says it (the primary's or a
 * fallback's dotted path); `error` is what resolving the chain threw, for when it says nothing.
 */
function brokenDefault(
  catalog: Catalog,
  error: unknown,
  { fromObject, reloads }: HintContext,
): { reason: string; hint: string } {
  const again = fromObject
    ? ` (in the config object startGateway is given, then ${IN_OBJECT_AGAIN})`
    : ` (${fileEditTakes(reloads, "the fixed config")})`;
  // Every member left out: each one's reason, not only the primary's finding.
  if (error instanceof UnusableDefaultChainError) {
    return {
      reason: error.message,
      hint: `${error.hint ?? "fix agents.defaults.model"}${again}`,
    };
  }
  const finding = checkCatalog(catalog).find(
    ({ level, path }) =>
      level === "error" &&
      (path === "agents.defaults.model" || path.startsWith("agents.defaults.model.")),
  );
  if (finding) {
    return {
      reason: `${finding.path}: ${finding.message}`,
      hint: `${finding.hint ?? `fix ${finding.path}`}${again}`,
    };
  }
  const problem = problemOf(error, "agents.defaults.model");
  return {
    reason: `agents.defaults.model: ${problem.message}`,
    hint: `${problem.hint ?? "fix agents.defaults.model"}${again}`,
  };
}

/**
 * Each alias config validate calls not usable (`openclaw`, `openclaw/…`, a name with a `/`),
 * written by hand or before such names were refused: the directory never takes it, so the start
 * and every reload say so in config validate's words instead of leaving requests to find out.
 */
function unusableAliases(catalog: Catalog): BackendProblem[] {
  const out: BackendProblem[] = [];
  for (const [key, entry] of Object.entries(catalog.source.config.agents?.defaults?.models ?? {})) {
    if (typeof entry.alias !== "string") continue;
    const problem = aliasNameProblem(entry.alias);
    if (problem === undefined) continue;
    const path = formatPath(["agents", "defaults", "models", key, "alias"]);
    out.push({
      where: path,
      message: `alias ${printable(JSON.stringify(entry.alias))} is not usable: ${problem}; the gateway does not take it as an alias`,
      hint: aliasRenameHint(entry.alias, canonicalRef(key), path),
    });
  }
  return out;
}

/**
 * The advice when no default model is set, as agent and doctor give it (no-default-hint.ts): a
 * model of a provider with a key, not a fixed moonshot/kimi-k2.5 whose provider may have none;
 * with no key anywhere, onboarding, which stores a key and sets the default at once. For a config
 * given as an object, the model to ask for or to set in that object.
 */
function noDefaultHint(
  catalog: Catalog,
  usableRefs: ReadonlySet<string>,
  { fromObject, reloads, cliPrefix }: HintContext,
): string {
  const keyed = firstKeyedModel(catalog, (ref) => usableRefs.has(ref));
  // The CLI's commands edit the config file, which a gateway given its config as an object never
  // reads (and it reloads nothing): the client names a model, or the program sets the default.
  if (fromObject) {
    const ref = JSON.stringify(keyed?.ref ?? "moonshot/kimi-k2.5");
    const why = keyed ? `: ${keyed.provider} has a key` : "";
    return `ask for a model by its ref (${ref}${why}; GET /v1/models lists them), or set agents.defaults.model.primary in the config object startGateway is given and ${IN_OBJECT_AGAIN}`;
  }
  const takes = fileEditTakes(reloads, "it");
  if (keyed === undefined) {
    return `no provider has a key yet; run: ${cliPrefix.keys}openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key), which also sets the default; ${takes}`;
  }
  return `to set one, run: ${cliPrefix.keys}openclaw models set ${shellWord(keyed.ref)} (${keyed.provider} has a key); ${takes}; until then ask for a model by its ref (GET /v1/models lists them)`;
}

export function buildBackend(options: BuildBackendOptions): BuiltBackend {
  const catalog = buildCatalog(options.loaded);
  const hints: HintContext = {
    fromObject: options.loaded.path === CONFIG_OBJECT_PATH,
    reloads: options.reloads ?? true,
    cliPrefix: options.cliPrefix ?? NO_CLI_ENV_PREFIX,
  };
  placeBaseUrls(catalog, options.loaded);
  const now = options.now ?? Date.now;
  const problems: BackendProblem[] = [
    ...catalog.problems.filter((problem) => !problem.schema).map(backendProblem),
    ...disabledProviders(catalog),
  ];
  problems.push(...unusableAliases(catalog));
  // A params.stop its model takes fewer or shorter of, a params key every request replaces
  // (max_tokens, Moonshot's own name for the cap), and "video" in the input of a model whose API
  // cannot carry one: said at start and on each reload, where the requests they affect are
  // served, as config validate says them. The commands in the hints edit the gateway's config file.
  const paramsFindings = [
    ...stopParamsOverLimits(catalog),
    ...paramsNeverSent(catalog),
    ...videoInputsNeverSent(catalog),
  ];
  for (const finding of withOrigins(catalog, paramsFindings)) {
    const place = finding.file ? ` (${finding.file}${finding.line ? `:${finding.line}` : ""})` : "";
    problems.push({
      where: finding.path,
      message: `${finding.message}${place}`,
      hint: finding.hint?.replaceAll(
        "openclaw config ",
        `${hints.cliPrefix.config}openclaw config `,
      ),
    });
  }
  const resolveKey = cachedKeyResolver(options.resolveKey, options.keyCacheMs ?? 1000, now);

  const models: GatewayModel[] = [];
  const withoutKey = new Set<string>();
  /** Providers served by ref but left out of the list (see borrowsConfiguredKey). */
  const unlisted = new Set<string>();
  const unspokenApis = new Set<string>();
  const broken = new Map<string, BackendProblem>();
  // By the ref in lower case: an alias entry may spell its model's id in another case.
  const aliasesByRef = new Map<string, string[]>();
  for (const entry of catalog.aliases.values()) {
    const folded = entry.ref.toLowerCase();
    const list = aliasesByRef.get(folded) ?? [];
    list.push(entry.alias);
    aliasesByRef.set(folded, list);
  }
  for (const provider of catalog.providers.values()) {
    for (const model of provider.models) {
      const ref = `${provider.id}/${model.id}`;
      if (!isAllowed(catalog, ref)) continue;
      let resolved: ResolvedModel;
      try {
        resolved = resolveModel(catalog, ref);
      } catch (error) {
        const problem = problemOf(error, ref);
        problems.push(problem);
        broken.set(ref, problem);
        continue;
      }
      // An api with no transport (`anthropic-messages`) cannot be called: the runtime skips it.
      const spoken = apiSpoken(resolved.api) || options.transports[resolved.api] !== undefined;
      if (!spoken && !unspokenApis.has(provider.id)) {
        unspokenApis.add(provider.id);
        problems.push({
          where: `models.providers.${provider.id}.api`,
          message: `api "${resolved.api}" is not supported yet: ${provider.id}'s models are skipped`,
          hint: 'set it to "openai-completions" (Moonshot and Kimi Code both speak it)',
        });
      }
      const needsKey = resolved.authHeader !== false && resolved.keySources.length > 0;
      const key = spoken && needsKey ? resolveKey(resolved) : undefined;
      const usable = spoken && (!needsKey || key !== undefined);
      if (spoken && !usable) withoutKey.add(provider.id);
      // The other Moonshot region beside the configured one, on that one's key: not listed (and
      // so not asked its models at start, where it would fail each time); still served by ref.
      if (key !== undefined && borrowsConfiguredKey(catalog, provider.id, key.source))
        unlisted.add(provider.id);
      models.push({
        id: ref,
        name: model.name,
        ownedBy: provider.id,
        aliases: aliasesByRef.get(ref.toLowerCase()) ?? [],
        usable,
        configured: provider.origin !== "builtin",
        reasoning: servedAsThinking(resolved),
        thinkingFormat: resolved.compat.thinkingFormat,
        stopLimits: tightestStopLimits([resolved.compat]),
        created: releaseTime(model.id),
        contextWindow: model.contextWindow,
        maxTokens: model.maxTokens,
        // What a client can send it: not video over an API that cannot carry one (the runtime
        // refuses it), so GET /v1/models does not say supports_video_in for it.
        input: apiTakesVideo(resolved.api)
          ? [...model.input]
          : model.input.filter((modality) => modality !== "video"),
        cost: model.cost,
      });
    }
  }

  let primaryChain: string[] = [];
  /** The default chain's members that can be called (with a key or not), in its order. */
  let servingDefaults: ResolvedModel[] = [];
  let skippedDefaults: SkippedChainMember[] = [];
  /** Why `openclaw` names no chain (see ModelDirectory.whyNoDefault). */
  let noDefault: { reason: string; hint: string } | undefined;
  if (catalog.primary) {
    try {
      const chain = resolveDefaultChain(catalog);
      primaryChain = chain.models.map((model) => model.ref);
      servingDefaults = chain.models;
      skippedDefaults = chain.skipped;
      // Its members left out are said below, once it is known which of the rest have a key.
    } catch (error) {
      problems.push(problemOf(error, "agents.defaults.model"));
      noDefault = brokenDefault(catalog, error, hints);
    }
  } else {
    const usableRefs = new Set(models.filter((model) => model.usable).map((model) => model.id));
    noDefault = {
      reason: noDefaultModelMessage(catalog.source.config),
      hint: noDefaultHint(catalog, usableRefs, hints),
    };
  }

  // Resolving a chain expands templates and compat on every call: memoise per generation.
  const chains = new Map<string, ResolvedModel[] | RunChain>();
  const resolveChain = (model: string | undefined): ResolvedModel[] | RunChain => {
    const key = model ?? "";
    const hit = chains.get(key);
    if (hit) return hit;
    const chain =
      model !== undefined && !namesDefaultChain(model)
        ? [resolveModel(catalog, model)]
        : resolveDefaultChain(catalog);
    if (chains.size < 4096) chains.set(key, chain);
    return chain;
  };

  // A config object's gateway takes its key from the object or its env first, and onboard stores
  // one where it reads only with the state dir's words before it (not for a caller's own key
  // lookup, which may read neither).
  const objectKeyContext: LibraryKeyContext | undefined =
    hints.fromObject && !options.ownKeyResolver
      ? {
          opener: "startGateway",
          fromObject: true,
          envGiven: options.envGiven ?? false,
          env: options.loaded.env,
          store: { onboardPrefix: hints.cliPrefix.keys },
        }
      : undefined;
  // Whether onboarding moonshot-cn's choice was done already (it writes `moonshot`), and who else
  // reads the variable a missing key's hint says to export: read from the gateway's own places.
  const findStoredKey = createTargetKeyResolver(
    keySourceOptions(options.loaded, options.agentDir, options.readStore),
  );
  const missingKeyStanding = detourStandingOf(
    catalog,
    options.loaded.env,
    (target) => findStoredKey(target)?.source,
  );
  const runtime = createRuntime(
    {
      catalog,
      resolveChain,
      resolveKey,
      env: options.loaded.env,
      ...(options.proxy
        ? {
            findKeyHome: createKeyHomeFinderUnder(
              options.loaded.env,
              (check) => checkKey({ ...check, proxy: options.proxy }),
              refusedKeyConfig(catalog),
            ),
          }
        : {}),
      // Asked only when a key is refused, as agent, chat and openRuntime ask it: never per request.
      // A caller's own key lookup reads none of the config's or the store's places: no missing
      // key of it is explained by what they hold.
      ...(options.ownKeyResolver
        ? {}
        : {
            explainMissingKey: missingKeyExplainer(
              options.loaded,
              options.agentDir,
              options.readStore,
            ),
            placeKeySource: keySourcePlacer(options.loaded),
            // Keys read from another state dir than the shell's (startGateway's env names one):
            // onboard's command in a missing or refused key's hint stores the key there.
            ...(hints.fromObject ? {} : { onboardPrefix: hints.cliPrefix.keys }),
            keysPassedOver: keysPassedOverFinder(
              keySourceOptions(options.loaded, options.agentDir, options.readStore),
            ),
            // A caller's own key lookup may not read the profiles: only ours names them.
            unsetKeyReferences: (model: ResolvedModel) =>
              unsetKeyReferences(
                model,
                keySourceOptions(options.loaded, options.agentDir, options.readStore),
              ),
            wrongProfileKeys: (model: ResolvedModel) =>
              wrongProfileKeys(
                model,
                keySourceOptions(options.loaded, options.agentDir, options.readStore),
              ),
          }),
      transports: options.transports,
      ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
      ...(options.sampling ? { sampling: options.sampling } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    },
    {
      // A key the program's own resolveKey returned is that function's to fix, whatever source
      // it gave: no file or variable of the gateway's holds it.
      ...(options.ownKeyResolver ? { callerKeyLookup: GATEWAY_KEY_LOOKUP } : {}),
      // A client that asked by an alias for a retired model is also told to ask for the
      // replacement in its place, only when this gateway would serve it.
      servedByName: (ref: string) => directory.find(ref)?.usable === true,
      // Its retired model's fix reaches this gateway's config: typed in another terminal, or
      // (a config object) as the edit of the object the program gave.
      fixWords: retiredFixWords(hints.fromObject, hints.cliPrefix.config),
      missingKeyStanding,
      missingKeyAdvice:
        objectKeyContext && ((model: ResolvedModel) => libraryKeyAdvice(model, objectKeyContext)),
      // The object (and its env) is read when startGateway is called, not when openclaw starts;
      // a file is read again when saved (watched), else at a restart or reload().
      refusedKeyFix: objectKeyContext
        ? (model: ResolvedModel, source: KeySource) =>
            libraryRefusedKeyFix(model, source, objectKeyContext)
        : hints.fromObject
          ? undefined
          : (model: ResolvedModel, source: KeySource) =>
              gatewayRefusedKeyFix(model, source, {
                reloads: hints.reloads,
                env: options.loaded.env,
                onboardPrefix: hints.cliPrefix.keys,
                envBlock: envBlockVariables(options.loaded.config),
                standing: missingKeyStanding(model, undefined, source),
              }),
    },
  );

  /** A model the allowlist shuts out whose provider has no key either: how to give it one. */
  const missingKeyStep = (ref: string): MissingKeyStep | undefined => {
    let resolved: ResolvedModel;
    try {
      resolved = resolveModel({ ...catalog, allowlist: undefined }, ref);
    } catch {
      return undefined;
    }
    if (resolved.authHeader === false || resolved.keySources.length === 0) return undefined;
    if (resolveKey(resolved) !== undefined) return undefined;
    if (objectKeyContext) {
      const fix = libraryKeyAdvice(resolved, objectKeyContext).replace(/^or /, "");
      return { provider: resolved.provider, fix, addsToAllowlist: false };
    }
    if (options.ownKeyResolver) {
      const fix = "have the resolveKey startGateway is given return one";
      return { provider: resolved.provider, fix, addsToAllowlist: false };
    }
    // Onboard stores moonshot-cn's key for `moonshot` (and allows moonshot/<id>, not this ref).
    const detour = onboardDetour(resolved.provider, resolved.baseUrl, options.loaded.env);
    if (detour) {
      const variable = resolved.keySources.find((source) => source.kind === "env");
      const standing = missingKeyStanding(
        resolved,
        variable?.kind === "env" ? variable.variable : undefined,
      );
      return {
        provider: resolved.provider,
        fix: detourOtherRef(detour, standing, resolved.id, hints.cliPrefix.keys),
        addsToAllowlist: false,
        otherProvider: {
          keep:
            variable?.kind === "env"
              ? `${variable.variable}=<key from ${detour.console}>`
              : undefined,
          keepCaveat: sharedVariableCaveat(standing.sharers),
          onboarded: standing.onboarded,
        },
      };
    }
    // Onboard adds its provider's built-in models to the allowlist: for one of them, it is all.
    const onboard = onboardCommandFor(resolved.baseUrl, options.loaded.env);
    const builtin =
      catalog.providers.get(resolved.provider)?.models.find((entry) => entry.id === resolved.id)
        ?.origin === "builtin";
    return {
      provider: resolved.provider,
      fix: `run: ${hints.cliPrefix.keys}${onboard ?? "openclaw onboard"}`,
      addsToAllowlist: onboard !== undefined && builtin,
    };
  };
  problems.push(
    ...leftOutProblems(
      catalog,
      skippedDefaults,
      servingDefaults,
      problems,
      (ref) => missingKeyStep(ref)?.fix,
    ),
  );
  const usableProviders = new Set(
    models.filter((model) => model.usable).map((model) => model.ownedBy),
  );
  const directory = createModelDirectory(models, primaryChain);
  const providersWithoutKey = [...withoutKey].filter((id) => !usableProviders.has(id)).sort();
  const explainUnusable = missingKeyExplainer(options.loaded, options.agentDir, options.readStore);
  const unusableKeysExplainer = (ref: string): string | undefined => {
    try {
      return explainUnusable(resolveModel(catalog, ref));
    } catch {
      return undefined;
    }
  };
  const keyless = keylessProviders(
    {
      catalog,
      models,
      chain: primaryChain,
      withoutKey: providersWithoutKey,
      keySourcesOf(ref) {
        try {
          return resolveModel(catalog, ref);
        } catch {
          return undefined;
        }
      },
      // A caller's own key lookup reads none of the places a placeholder would be found in.
      ...(options.ownKeyResolver ? {} : { unusableKeysOf: unusableKeysExplainer }),
      placeKeySource: keySourcePlacer(options.loaded),
    },
    {
      env: options.loaded.env,
      onboardPrefix: hints.cliPrefix.keys,
      ownKeyResolver: options.ownKeyResolver ?? false,
    },
  );
  return {
    runtime,
    directory: {
      // List what can actually answer, less the region the user does not use; resolve everything
      // the catalog has, so a model without a key gets the runtime's clear "no API key" error
      // rather than a 404.
      list: () => directory.list().filter((model) => model.usable && !unlisted.has(model.ownedBy)),
      find: directory.find,
      suggest: directory.suggest,
      providerNamed: directory.providerNamed,
      elsewhere: directory.elsewhere,
      commandPrefix: hints.cliPrefix.keys,
      newModelAdvice: (model, suggestions, listedBy) =>
        newModelAdviceFor(catalog, model, suggestions, {
          commandPrefix: hints.cliPrefix.keys,
          listedBy,
        }),
      whyNoDefault: () => noDefault,
      notAllowed(model) {
        // Asked before every 404: a name the catalog lacks is not refused here, so no
        // suggestions are worked out for it (the 404 has its own).
        const found = findRef(catalog, model);
        // "Kimi Code" before Kimi Code is onboarded: the alias onboarding gives its model.
        const notSetUp = found === undefined ? notSetUpModelNamed(catalog, model) : undefined;
        const ref = found ? formatRef(found) : notSetUp?.ref;
        if (ref === undefined) return undefined;
        if (isAllowed(catalog, ref)) {
          if (!notSetUp) return undefined;
          const keyStep = missingKeyStep(ref);
          return {
            reason: `it is the name of ${ref}, a model of provider ${notSetUp.provider}, which the gateway's config does not set up`,
            hint: keyStep ? `${keyStep.fix}, then ask for "${ref}"` : `ask for "${ref}"`,
          };
        }
        // A built-in id the config's models list leaves out is not advised back in.
        const retired = possiblyRetiredHint(catalog, ref);
        if (retired) return { ...notAllowedAnswer(ref, undefined), hint: retired };
        return notAllowedAnswer(ref, missingKeyStep(ref));
      },
      explain(model) {
        const trimmed = model.trim();
        // An alias names its model's ref even while that model's provider is left out.
        const aliased = catalog.aliases.get(trimmed.toLowerCase())?.ref;
        const named = aliased ?? trimmed;
        const slash = named.indexOf("/");
        const ref =
          slash > 0 ? `${named.slice(0, slash).toLowerCase()}${named.slice(slash)}` : named;
        const provider = slash > 0 ? ref.slice(0, slash) : undefined;
        const problem =
          broken.get(ref) ??
          (provider === undefined
            ? undefined
            : (catalog.problems.find((entry) => entry.provider === provider) ??
              catalog.problems.find((entry) =>
                entry.path.startsWith(`models.providers.${provider}`),
              )));
        if (!problem) return undefined;
        const hint = problem.hint ? ` (hint: ${problem.hint})` : "";
        const what = "path" in problem ? describeProblem(problem) : problem.message;
        const asked = aliased === undefined ? ref : `"${trimmed}" (${ref})`;
        return `${asked} cannot be served: ${what}${hint}`;
      },
    },
    auth: options.auth,
    cors: corsPolicyOf(options.loaded, options.auth),
    catalog,
    problems,
    providersWithoutKey,
    keylessProviders: keyless,
    skippedDefaults,
    verdictWords: {
      commandPrefix: hints.cliPrefix.keys,
      ...(options.ownKeyResolver
        ? { ownLookup: GATEWAY_KEY_LOOKUP }
        : hints.fromObject
          ? { configObject: "startGateway" }
          : {}),
    },
    refusedKeyFix: (provider) => {
      const fix = options.ownKeyResolver
        ? callerRefusedKeyFix(GATEWAY_KEY_LOOKUP)
        : objectKeyContext &&
          ((model: ResolvedModel, source: KeySource) =>
            libraryRefusedKeyFix(model, source, objectKeyContext));
      const model = fix && providerModel(catalog, provider);
      const key = model && resolveKey(model);
      return key && fix(model, key.source);
    },
  };
}

/** One model of `provider` (allowed or not), for what is said of the provider's key. */
function providerModel(catalog: Catalog, provider: string): ResolvedModel | undefined {
  const entry = catalog.providers.get(provider)?.models[0];
  if (!entry) return undefined;
  try {
    return resolveModel({ ...catalog, allowlist: undefined }, `${provider}/${entry.id}`);
  } catch {
    return undefined;
  }
}
