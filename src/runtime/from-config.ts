/**
 * The runtime as the CLI uses it: load the config (a file, or an object a library caller has),
 * build the catalog, resolve keys from the agent's auth profiles and the environment, and use
 * the built-in transports through the environment's proxies.
 */

import {
  checkKey,
  createKeyResolver,
  createTargetKeyResolver,
  explainUnusableKeys,
  replaceKeyFix,
  type StoredKeyReader,
  unsetKeyReferences,
  wrongProfileKeys,
} from "../auth/index.js";
import { configReadWhen } from "../auth/key-fix.js";
import { createKeyHomeFinderUnder } from "../auth/key-home.js";
import { checkKeyTarget } from "../auth/key-target-check.js";
import type { KeyResolver } from "../auth/types.js";
import {
  buildCatalog,
  type Catalog,
  ModelRefError,
  namesDefaultChain,
  noDefaultModelHint,
  noDefaultModelHintForObject,
  resolveDefaultChain,
  resolveModel,
} from "../catalog/index.js";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import type { ApiKind, KeySource, ResolvedModel } from "../catalog/types.js";
import {
  agentDir,
  cliEnvPrefixFor,
  type LoadedConfig,
  loadConfig,
  loadConfigObject,
  type OpenClawConfig,
  resolveStateDir,
} from "../config/index.js";
import { refuseStateDirFile } from "../config/state-dir-file.js";
import { isOpenClawError, OpenClawError } from "../errors.js";
import {
  anthropicMessagesTransport,
  createAnthropicMessagesTransport,
} from "../providers/anthropic-messages.js";
import type { ProviderError } from "../providers/errors.js";
import {
  createOpenAICompletionsTransport,
  openAICompletionsTransport,
} from "../providers/openai-completions.js";
import { type ProxySettings, proxySettingsFromEnv } from "../providers/proxy.js";
import { sharedDispatcher } from "../providers/shared-pool.js";
import type { Transport } from "../providers/types.js";
import { monotonicNow } from "../util/monotonic-clock.js";
import { checkOptionNames, type OptionNames } from "../util/option-names.js";
import { checkOptionTypes, type OptionTypes, optionType } from "../util/option-types.js";
import { placeBaseUrls } from "./base-url-place.js";
import { checkRuntimeRetry } from "./check-request.js";
import type { Cooldowns } from "./cooldowns.js";
import { detourStandingOf } from "./detour-standing.js";
import { keySourcePlacer } from "./key-source-place.js";
import { keysPassedOverFinder } from "./keys-passed-over.js";
import {
  type LibraryKeyContext,
  libraryKeyAdvice,
  libraryRefusedKeyFix,
  stateDirOnboardPrefix,
} from "./library-key-advice.js";
import { missingKeyError, needsKey } from "./missing-key.js";
import { withMissingKeyStep } from "./not-allowed-key-step.js";
import { checkMisplacedRuntimeOption } from "./open-runtime-misplaced.js";
import { createQuotaResetFinder } from "./quota-reset.js";
import { refusedKeyConfig } from "./refused-key-config.js";
import type { AskByName } from "./retired-not-found.js";
import { createRuntime } from "./runtime.js";
import { countTokensRemote } from "./token-count.js";
import type { RetryPolicy, Runtime } from "./types.js";

/**
 * What `openRuntime` takes: where the config and the keys are, and how calls are retried; every
 * field optional.
 */
export interface OpenRuntimeOptions {
  /** The environment: keys, `${VAR}` values, proxies, the state dir (default: process.env). */
  env?: Record<string, string | undefined> | undefined;
  /**
   * The config file (default: $OPENCLAW_CONFIG_PATH, else $OPENCLAW_STATE_DIR/openclaw.json, else
   * ~/.openclaw/openclaw.json).
   */
  configPath?: string | undefined;
  /**
   * The config itself, as openclaw.json would hold it, instead of a file: validated as a file
   * is, with `${VAR}` expanded from `env` (problems are named by dotted path). Not together
   * with `configPath`; `$include` needs a file, so it is not taken here. Typed as
   * `OpenClawConfig`, or as any object (a `${VAR}` where the type wants a number).
   */
  config?: OpenClawConfig | Record<string, unknown> | undefined;
  /** Whose credential store to read, `<state>/agents/<agentId>/agent` (default: `main`). */
  agentId?: string | undefined;
  /**
   * Your own transport per API kind, in place of the built-in one (a test double, a custom client).
   */
  transports?: Partial<Record<ApiKind, Transport>> | undefined;
  /** Attempts per model and the waits between them, for every run of this runtime. */
  retry?: Partial<RetryPolicy> | undefined;
  /**
   * A cooldown table shared with other runtimes (models and keys that failed are skipped a while).
   */
  cooldowns?: Cooldowns | undefined;
}

/**
 * What `openRuntime` gives: the runtime, the catalog and config it was built from, and where the
 * keys were read.
 */
export interface OpenedRuntime {
  /** Runs models: `complete`, `stream` and `relay`. */
  runtime: Runtime;
  /** Every provider and model of the config, for `resolveModel` and the like. */
  catalog: Catalog;
  /** The config as loaded: the file read, the validated object, the environment used. */
  loaded: LoadedConfig;
  /**
   * The state directory the keys are read from (`$OPENCLAW_STATE_DIR` of `env`, else ~/.openclaw).
   */
  stateDir: string;
  /** Whose credential store was read (see OpenRuntimeOptions.agentId). */
  agentId: string;
  /**
   * The key a run of a resolved model would use, masked when printed; undefined when there is none.
   */
  resolveKey: KeyResolver;
  /**
   * The error a run of `model` gives for its key, or undefined when it has one (or needs none):
   * lets a command say so before it asks for anything, as `openclaw chat` does before its prompt.
   */
  missingKey(model: ResolvedModel): ProviderError | undefined;
}

/** The names `openRuntime` takes: any other is a typo plain JavaScript would pass silently. */
const OPEN_RUNTIME_OPTIONS = {
  env: true,
  configPath: true,
  config: true,
  agentId: true,
  transports: true,
  retry: true,
  cooldowns: true,
} as const satisfies OptionNames<OpenRuntimeOptions>;

/** What `openRuntime`'s options hold (`config` and `retry` have checks of their own). */
const OPEN_RUNTIME_OPTION_TYPES = {
  env: optionType.env,
  configPath: optionType.nonEmptyString("the config file's path"),
  agentId: optionType.nonEmptyString("an agent's id, such as main"),
  transports: optionType.transports,
  cooldowns: optionType.object("what createCooldowns() returns"),
} as const satisfies OptionTypes<OpenRuntimeOptions>;

export function openRuntime(
  options: OpenRuntimeOptions = {},
  /**
   * The CLI's: who reads a key stored after a refusal (`openclaw agent` exits after its
   * request, so "the next request" is the next command's), and how a person asks for the default
   * chain (`askForDefault`, its flag) and for a model by name (`askByName`, `--model …`). Unset:
   * a program's next request, openclaw/default, the run's `model` option.
   */
  cli: { nextReader?: StoredKeyReader; askForDefault?: string; askByName?: AskByName } = {},
): OpenedRuntime {
  checkMisplacedRuntimeOption(options, OPEN_RUNTIME_OPTIONS);
  checkOptionNames("openRuntime", options, OPEN_RUNTIME_OPTIONS);
  checkOptionTypes("openRuntime", options, OPEN_RUNTIME_OPTION_TYPES);
  checkRuntimeRetry("openRuntime", options.retry);
  const env = options.env ?? process.env;
  // The keys are read under the state dir whatever the config came from: a file in its place
  // is said as such, not as a credential store that cannot be read.
  refuseStateDirFile(env);
  const loaded = loadFrom(options, env);
  // This runtime's proxies, from its environment (the shell's or `options.env`, with the config's
  // `env` block): its calls go through them, whatever other runtimes of the process use. A bad
  // one is reported now, as a setup mistake, when the built-in transport is to use it.
  let proxy: ProxySettings | undefined;
  try {
    proxy = proxySettingsFromEnv(loaded.env);
  } catch (error) {
    const own = options.transports?.["openai-completions"];
    if (!own || own === openAICompletionsTransport()) throw error;
  }
  const catalog = buildCatalog(loaded);
  placeBaseUrls(catalog, loaded);
  const stateDir = resolveStateDir(env);
  const agentId = options.agentId ?? "main";
  const keyOptions = { agentDir: agentDir(stateDir, agentId), env: loaded.env };
  const resolveKey = createKeyResolver(keyOptions);
  const placeKeySource = keySourcePlacer(loaded);
  const explainMissingKey = (model: ResolvedModel) =>
    explainUnusableKeys(model, keyOptions, placeKeySource);
  const findUnsetReferences = (model: ResolvedModel) => unsetKeyReferences(model, keyOptions);
  const findWrongProfileKeys = (model: ResolvedModel) => wrongProfileKeys(model, keyOptions);
  const findTargetKey = createTargetKeyResolver(keyOptions);
  const missingKeyStanding = detourStandingOf(
    catalog,
    loaded.env,
    (target) => findTargetKey(target)?.source,
  );
  // A shell's `openclaw onboard` stores the key where this runtime reads it only with these words
  // before it: the keys are in stateDir, whatever the config came from.
  const onboardPrefix = cliEnvPrefixFor(loaded.path, stateDir).keys;
  // A config object has no file for that command to go with, and onboard stores `main`'s keys
  // only: such a runtime's hint names what the program can pass instead. So does a runtime given
  // its own `env`: a variable of the shell (`$MOONSHOT_API_KEY`) is not read then, so the hint
  // says to put it in the env given.
  const fromObject = options.config !== undefined;
  const libraryContext = (): LibraryKeyContext => ({
    opener: "openRuntime",
    fromObject,
    envGiven: options.env !== undefined,
    env: loaded.env,
    store:
      agentId !== "main"
        ? { otherAgentDir: agentDir(stateDir, agentId) }
        : // From a file, onboard's command goes with that file as the runtime's other hints' do.
          { onboardPrefix: fromObject ? stateDirOnboardPrefix(stateDir) : onboardPrefix },
  });
  const missingKeyAdvice =
    fromObject || agentId !== "main" || options.env !== undefined
      ? (model: ResolvedModel) => libraryKeyAdvice(model, libraryContext())
      : undefined;
  // The object or the file (and the env) is read now, not when openclaw starts: a refused key
  // says so (from a file too: a new key there needs openRuntime called again, as an object's);
  // and another agent's key is stored in its own directory, which onboard never writes. The CLI
  // (which passes none of these) keeps its own words; so does a bare openRuntime().
  const refusedKeyFix =
    fromObject ||
    agentId !== "main" ||
    options.env !== undefined ||
    options.configPath !== undefined
      ? (model: ResolvedModel, source: KeySource) =>
          libraryRefusedKeyFix(model, source, libraryContext())
      : cli.nextReader
        ? (model: ResolvedModel, source: KeySource) =>
            replaceKeyFix(
              model,
              source,
              loaded.env,
              onboardPrefix,
              configReadWhen(cli.nextReader),
              cli.nextReader,
              missingKeyStanding(model, undefined, source),
            )
        : undefined;
  const runtime = createRuntime(
    {
      catalog,
      resolveChain: (ref) =>
        ref !== undefined && !namesDefaultChain(ref)
          ? [
              withKeyStepOnRefusal(catalog, missingKey, () =>
                options.config === undefined
                  ? resolveWithCommandsFor(
                      catalog,
                      ref,
                      cliEnvPrefixFor(loaded.path, stateDir).keys,
                    )
                  : resolveModel(catalog, ref),
              ),
            ]
          : adviseKeyedModelWhenNoDefault(
              catalog,
              resolveKey,
              () => resolveDefaultChain(catalog),
              options.config === undefined
                ? (chainCatalog, hasKey) =>
                    noDefaultModelHint(chainCatalog, hasKey, cliEnvPrefixFor(loaded.path, stateDir))
                : noDefaultModelHintForObject,
            ),
      resolveKey,
      env: loaded.env,
      findKeyHome: createKeyHomeFinderUnder(
        loaded.env,
        (check) => checkKey(proxy ? { ...check, proxy } : check),
        refusedKeyConfig(catalog),
      ),
      explainMissingKey,
      placeKeySource,
      unsetKeyReferences: findUnsetReferences,
      wrongProfileKeys: findWrongProfileKeys,
      onboardPrefix,
      keysPassedOver: keysPassedOverFinder(keyOptions),
      findQuotaReset: createQuotaResetFinder({ clock: monotonicNow, ...(proxy ? { proxy } : {}) }),
      transports: proxiedTransports(proxy, options.transports),
      countTokens: (model, request, apiKey, signal) =>
        countTokensRemote(model, request, apiKey, signal, proxy),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.cooldowns ? { cooldowns: options.cooldowns } : {}),
    },
    {
      missingKeyAdvice,
      refusedKeyFix,
      missingKeyStanding,
      askForDefault: cli.askForDefault,
      askByName: cli.askByName,
      fixWords: openedFixWords(fromObject, cliEnvPrefixFor(loaded.path, stateDir).config),
    },
  );
  const missingKey = (model: ResolvedModel) => {
    checkKeyTarget("missingKey", model);
    return needsKey(model) && !resolveKey(model)
      ? missingKeyError(
          model,
          explainMissingKey,
          placeKeySource,
          loaded.env,
          findUnsetReferences,
          onboardPrefix,
          missingKeyAdvice,
          missingKeyStanding,
          findWrongProfileKeys,
        )
      : undefined;
  };
  return { runtime, catalog, loaded, stateDir, agentId, resolveKey, missingKey };
}

/** How an opened runtime's config object is named in a retired id's 404 fix. */
const OPENED_CONFIG_OBJECT =
  "the config object openRuntime is given, then open the runtime again (openRuntime reads an object once)";

/**
 * How an opened runtime's retired id's 404 says its fix: as the edit of the config object it was
 * given (no `openclaw` command reaches it; the ids its key may use are in the provider's model
 * list), or as the commands with the words that reach its config file (`prefix`, none for the
 * file a plain shell reads), as a gateway's do.
 */
function openedFixWords(fromObject: boolean, prefix: string): RetiredFixWords {
  return fromObject
    ? { configObject: OPENED_CONFIG_OBJECT, idsListedBy: "the provider's GET /models" }
    : { prefix };
}

/** `resolve()`, whose allowlist refusal also says its provider's missing key, when it lacks one. */
export function withKeyStepOnRefusal<T>(
  catalog: Catalog,
  missingKey: (model: ResolvedModel) => ProviderError | undefined,
  resolve: () => T,
): T {
  try {
    return resolve();
  } catch (error) {
    throw withMissingKeyStep(error, catalog, missingKey);
  }
}

/**
 * `resolve()`'s chain; when no default is set, its error's advice names a model of a provider
 * that has a key (the key resolver is here, not in the catalog), in `hintFor`'s words (the CLI's
 * commands by default; a runtime made from a config object has no file they would edit).
 */
export function adviseKeyedModelWhenNoDefault<T>(
  catalog: Catalog,
  resolveKey: KeyResolver,
  resolve: () => T,
  hintFor: (catalog: Catalog, hasKey: (ref: string) => boolean) => string = noDefaultModelHint,
): T {
  try {
    return resolve();
  } catch (error) {
    if (!isOpenClawError(error) || error.code !== "model.no_default") throw error;
    const hasKey = (ref: string) => {
      try {
        const model = resolveModel(catalog, ref);
        return !needsKey(model) || resolveKey(model) !== undefined;
      } catch {
        return false;
      }
    };
    throw new OpenClawError(error.code, error.message, {
      hint: hintFor(catalog, hasKey),
      ...(error.where === undefined ? {} : { where: error.where }),
    });
  }
}

/**
 * `resolveModel`, whose error's commands (`openclaw models list --all`) carry `prefix`, the words
 * (`OPENCLAW_STATE_DIR=/that/dir `) that make a shell's openclaw read the files this runtime read:
 * without them it lists the shell's own config, where the provider may well be missing too.
 */
function resolveWithCommandsFor(catalog: Catalog, ref: string, prefix: string): ResolvedModel {
  try {
    return resolveModel(catalog, ref);
  } catch (error) {
    if (prefix === "" || !(error instanceof ModelRefError) || !error.hint) throw error;
    const hint = error.hint.replace(/(^|[\s(:])openclaw (?=[a-z])/g, `$1${prefix}openclaw `);
    if (hint === error.hint) throw error;
    throw new ModelRefError(
      error.code,
      error.input,
      error.reason,
      error.suggestions,
      hint,
      error.suggestedByName,
      error.where,
    );
  }
}

function loadFrom(options: OpenRuntimeOptions, env: Record<string, string | undefined>) {
  // A schema problem inside one provider disables that provider (catalog.problems says why);
  // the others run.
  if (options.config === undefined)
    return loadConfig({
      env,
      providerProblems: "disable",
      ...(options.configPath ? { path: options.configPath } : {}),
    });
  if (options.configPath !== undefined) {
    throw new OpenClawError("usage", "openRuntime was given both config and configPath", {
      hint: "pass one of them: config (the object) or configPath (a file)",
    });
  }
  return loadConfigObject(options.config, { env, providerProblems: "disable" });
}

/**
 * `given` (a caller's transports), with this package's own on the shared pool that goes through
 * `proxy` (the process environment's proxies without it): for every API `given` leaves out, and
 * in place of `defaultTransports()`' ones. What `openRuntime` and the gateway run on, so each
 * goes through the proxies of its own environment.
 */
export function proxiedTransports(
  proxy: ProxySettings | undefined,
  given: Partial<Record<ApiKind, Transport>> = {},
): Partial<Record<ApiKind, Transport>> {
  const builtin = openAICompletionsTransport();
  const builtinMessages = anthropicMessagesTransport();
  const dispatcher = sharedDispatcher(proxy);
  const out: Partial<Record<ApiKind, Transport>> = {
    "openai-completions": createOpenAICompletionsTransport({ dispatcher }),
    "anthropic-messages": createAnthropicMessagesTransport({ dispatcher }),
  };
  for (const [api, transport] of Object.entries(given) as [ApiKind, Transport | undefined][]) {
    if (transport && transport !== builtin && transport !== builtinMessages) out[api] = transport;
  }
  return out;
}

/** The transports this package ships, one per wire API it speaks. */
export async function defaultTransports(): Promise<Partial<Record<ApiKind, Transport>>> {
  const providers = await import("../providers/index.js");
  return {
    "openai-completions": providers.openAICompletionsTransport(),
    "anthropic-messages": providers.getTransport("anthropic-messages"),
  };
}
