/**
 * The library: the same modules the CLI and the gateway use. Data flows one way:
 * config → catalog → runtime → provider → events.
 */

import {
  type AgentEvent,
  type AgentResult,
  type AgentRunOptions,
  assertSessionId as assertSessionIdAsWritten,
  type LoadedSession,
  loadSession as loadSessionAsWritten,
  openSessionWriter as openSessionWriterAsWritten,
  runAgent as runAgentAsWritten,
  runAgentToEnd as runAgentToEndAsWritten,
  runSessionTurn as runSessionTurnAsWritten,
  type SessionTurnOptions,
  type SessionWriter,
  sessionPath as sessionPathAsWritten,
} from "./agent/index.js";
import { checkSessionWriterOptions } from "./agent/sessions.js";
import {
  type AuthProfileStore,
  checkKey as checkKeyAsWritten,
  createKeyResolver as createKeyResolverAsWritten,
  type KeyCheckOptions,
  type KeyCheckResult,
  type KeyResolverOptions,
  parseAuthStore as parseAuthStoreAsWritten,
  readAuthStore as readAuthStoreAsWritten,
  toResolvedKey as toResolvedKeyAsWritten,
  updateAuthStore as updateAuthStoreAsWritten,
  writeAuthStore as writeAuthStoreAsWritten,
} from "./auth/index.js";
import { checkKeyTargetUrl } from "./auth/key-check-target-url.js";
import type { ParseStoreOptions } from "./auth/store.js";
import type { KeyResolver, ResolvedKey } from "./auth/types.js";
import {
  buildCatalog,
  type Catalog,
  type CatalogModel,
  type CatalogProvider,
  type DefaultChain,
  type ModelRef,
  type ResolvedModel,
  refuseNewCatalogErrors as refuseNewCatalogErrorsAsWritten,
  resolveDefaultChain as resolveDefaultChainAsWritten,
  resolveEndpoint as resolveEndpointAsWritten,
  resolveModel as resolveModelAsWritten,
  resolveModelChain as resolveModelChainAsWritten,
  resolveRef as resolveRefAsWritten,
} from "./catalog/index.js";
import type { ApiKind, KeySource } from "./catalog/types.js";
import type { Env } from "./config/env.js";
import {
  type LoadedConfig,
  type LoadOptions,
  loadConfig as loadConfigAsWritten,
  loadConfigObject as loadConfigObjectAsWritten,
  type OpenClawConfig,
  type ProviderProblems,
  readConfigFileForEdit as readConfigFileForEditAsWritten,
  setConfigValue as setConfigValueAsWritten,
  unsetConfigValue as unsetConfigValueAsWritten,
  type ValidationSource,
  validateConfig as validateConfigAsWritten,
  writeConfigFile as writeConfigFileAsWritten,
} from "./config/index.js";
import {
  type RunningGateway,
  type StartGatewayOptions,
  startGateway as startGatewayAsWritten,
} from "./gateway/start.js";
import type { UsageReportOptions, UsageRequestsOptions } from "./gateway/usage-report-program.js";
import type { UsageRequests } from "./gateway/usage-requests.js";
import type { UsageTotals } from "./gateway/usage-totals.js";
import {
  createAnthropicMessagesTransport,
  createOpenAICompletionsTransport as createOpenAICompletionsTransportAsWritten,
  getTransport as getTransportAsWritten,
  type OpenAICompletionsTransportOptions,
  type Transport,
} from "./providers/index.js";
import { checkRuntimeTimeouts } from "./runtime/check-request.js";
import {
  type CreateRuntimeOptions,
  createRuntime as createRuntimeAsWritten,
  type OpenedRuntime,
  type OpenRuntimeOptions,
  openRuntime as openRuntimeAsWritten,
  type Runtime,
} from "./runtime/index.js";
import { checkToResolvedKeyArguments } from "./util/caller-key-result.js";
import { withCallerRuntimeOptions } from "./util/caller-runtime-options.js";
import {
  checkCatalogArgument,
  checkLoadObjectOptions,
  checkLoadOptions,
  checkModelNameArgument,
} from "./util/catalog-arguments.js";
import { isRecord } from "./util/is-record.js";
import { maskKeyShapedNames } from "./util/key-shaped-names.js";
import { maskingAgentRun, maskingAgentRunToEnd } from "./util/masked-agent.js";
import {
  callerCallback,
  maskingRejectedNames,
  maskingThrownNames,
  withKeyShapedNamesMasked,
} from "./util/masked-error.js";
import { maskedRuntime } from "./util/masked-runtime.js";
import {
  maskedSessionWriter,
  maskingSessionTurn,
  withWarningsMasked,
} from "./util/masked-session.js";
import { checkOptionNames, type NamesMeant, type OptionNames } from "./util/option-names.js";
import { checkOptionTypes, type OptionTypes, optionType } from "./util/option-types.js";
import { type ReadOnceAdvice, readOnce } from "./util/read-once.js";
import { checkTransportsOption } from "./util/transports-option.js";

// Every type an export's declaration names (an option, a result, a field) is exported too, so
// that a program can name it; type-only exports load nothing (test/package-types.test.ts).
export * from "./agent/index.js";
export * from "./auth/index.js";
// How the usage report's groups were billed (a type: nothing loaded).
export type { Billing } from "./auth/plan-billed-models.js";
export type { ParseStoreOptions } from "./auth/store.js";
export * from "./catalog/index.js";
// Named by the gateway's ModelDirectory (providerNamed): a type, nothing loaded.
export type { ProviderAsModel } from "./catalog/provider-as-model.js";
export type { ReplacedBy } from "./config/backup-secrets.js";
export type {
  CliEnvPrefix,
  ConfigEditOptions,
  DisabledProvider,
  EditedPath,
  EditResult,
  ExpandedTemplate,
  IncludedOverride,
  LeftOutKey,
  ProviderProblems,
  SetResult,
  ValidationSource,
  ValueOrigin,
} from "./config/index.js";
export {
  type AgentModelEntry,
  type AuthProfileConfig,
  agentDir,
  applyEnvBlock,
  ConfigError,
  type ConfigIssue,
  configJsonSchema,
  type Env,
  expandTemplate,
  type GatewayConfig,
  type LoadedConfig,
  type LoadOptions,
  MissingVariableError,
  type ModelConfig,
  type ModelSelection,
  type OpenClawConfig,
  type ProviderConfig,
  resolveConfigPath,
  resolveStateDir,
  tryExpandTemplate,
} from "./config/index.js";
export type { PathSegment } from "./config/schema-dsl.js";
export type { ConfigTemplate, ConfigTemplates, TemplateSource } from "./config/templates.js";
export {
  isKnownErrorCode,
  KNOWN_ERROR_CODES,
  type KnownErrorCode,
  type OpenClawErrorCode,
} from "./error-codes.js";
export type {
  ContextOverflow,
  OpenClawErrorOptions,
  ResolveKeyErrorCode,
  ResolveKeyErrorDetails,
} from "./errors.js";
export {
  isOpenClawError,
  OpenClawError,
  type OpenClawErrorJson,
  ResolveKeyError,
  UsageError,
} from "./errors.js";
export type { AuthPolicy } from "./gateway/auth.js";
export type { BackendProblem, BuiltBackend } from "./gateway/backend.js";
export type { StopLimits } from "./gateway/completion-stops.js";
export type { CorsPolicy } from "./gateway/cors.js";
export type { KeylessProvider } from "./gateway/keyless-in-use.js";
// Types the gateway's options and handle mention (no code is loaded for them).
export type {
  ChatApi,
  FellThroughAttempt,
  LedgerFileLost,
  LedgerOptions,
  LedgerPruned,
  LedgerRow,
  LedgerWritingAgain,
  UsageLedger,
} from "./gateway/ledger.js";
export type { CompletedRequest, Counter, GatewayMetrics, Histogram } from "./gateway/metrics.js";
export type {
  ConfigEditsApply,
  GatewayModel,
  ListedUnconfigured,
  ModelDirectory,
} from "./gateway/model-directory.js";
export type { DiscoveryReport } from "./gateway/model-discovery.js";
export type { ReasoningMemory, ReasoningMemoryOptions } from "./gateway/reasoning-memory.js";
export type { RouteRefusal } from "./gateway/refused-routes.js";
export type { VerdictWords } from "./gateway/region-key.js";
export type { RequestJson } from "./gateway/request-json.js";
export type { GatewayBackend, GatewayLimits, GatewayServer } from "./gateway/server.js";
// The gateway's start-up only: the usage report (which loads SQLite) stays out of the library's
// import cost.
export {
  DEFAULT_PORT,
  type GatewayTokenSource,
  type RunningGateway,
  type StartGatewayOptions,
  type TokenSaved,
} from "./gateway/start.js";
// The usage report's types only: readUsageReport and readUsageRequests load it (and SQLite) when
// they are called.
export type { RowsRemovedNote, UsageGroup, UsageGrouping } from "./gateway/usage-report.js";
export type {
  UsageReportOptions,
  UsageRequestsOptions,
} from "./gateway/usage-report-program.js";
export type {
  UsageRequest,
  UsageRequests,
  UsageRequestsRemoved,
} from "./gateway/usage-requests.js";
export type { UsageSums } from "./gateway/usage-rollup.js";
export type {
  CacheReadPricedLater,
  ModelCostPlace,
  UsageTotals,
  UsageTotalsGroup,
} from "./gateway/usage-totals.js";
export type {
  BuildOptions,
  BuiltChatRequest,
  ClassifyInput,
  HeaderBag,
  OpenAICompletionsTransportOptions,
  ProviderErrorDetails,
  ProxyEndpoint,
  UpstreamHandler,
  UpstreamRequest,
} from "./providers/index.js";
export {
  type AccruedUsage,
  type AnsweredBeforeFailure,
  assistantText,
  buildChatRequest,
  classifyProviderError,
  Http1Pool,
  type Http1PoolOptions,
  PROVIDER_ERROR_CLASSES,
  ProviderError,
  type ProviderErrorClass,
  type ProxySettings,
  proxySettingsFromEnv,
  type UpstreamDispatcher,
} from "./providers/index.js";
export type { BypassRule } from "./providers/proxy.js";
export type * from "./providers/types.js";
export type { Correction, FixedSampling, SamplingParam } from "./runtime/fixed-sampling.js";
export * from "./runtime/index.js";
export type { BoundedTtlMapOptions } from "./util/bounded-ttl-map.js";
export {
  type AbortListener,
  Cancellation,
  type CancelSignal,
  toAbortSignal,
} from "./util/cancellation.js";
export { VERSION } from "./version.js";

// What a library caller gets thrown shows a key pasted where a name goes (a provider named
// `sk-kimi-…`, an alias's `sk-…/model`) as `sk-kimi-***`, as the CLI and the gateway do: a program
// logs errors as they are. These wrap the package's own functions, which keep names as written.

/** Loads and validates the config file; see LoadOptions. Throws ConfigError (names masked). */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  return maskingThrownNames(() => {
    checkLoadOptions("loadConfig", options);
    return loadConfigAsWritten(options);
  });
}

/**
 * A config object, as openclaw.json would hold it, loaded like a file (problems named by dotted
 * path). Throws ConfigError (names masked).
 */
export function loadConfigObject(
  value: OpenClawConfig | Record<string, unknown>,
  options: { env?: Env | undefined; providerProblems?: ProviderProblems | undefined } = {},
): LoadedConfig {
  return maskingThrownNames(() => {
    checkLoadObjectOptions(options);
    return loadConfigObjectAsWritten(value, options);
  });
}

/**
 * What validateConfig's source takes: `{ path }` (loadConfig's name) or `{ configPath }` would
 * leave its problems blamed on no file, without a word.
 */
const VALIDATION_SOURCE_NAMES = {
  file: true,
  texts: true,
  parsed: true,
  templates: true,
} as const satisfies OptionNames<ValidationSource>;

/** The file under loadConfig's name for it (`path`), or openRuntime's (`configPath`). */
const VALIDATION_NAMES_MEANT: NamesMeant = {
  path: "file",
  configPath: "file",
  configFile: "file",
};

/** Validates an already-parsed (and expanded) config; throws ConfigError (names masked). */
export function validateConfig(
  value: unknown,
  source: ValidationSource = {},
): { config: OpenClawConfig; ignoredSections: string[] } {
  return maskingThrownNames(() => {
    checkOptionNames("validateConfig", source, VALIDATION_SOURCE_NAMES, VALIDATION_NAMES_MEANT);
    return validateConfigAsWritten(value, source);
  });
}

/**
 * The config, catalog, keys and runtime, as the CLI opens them; errors' names masked, those of
 * the runtime's runs (and its retry and fallback events) too.
 */
export function openRuntime(options: OpenRuntimeOptions = {}): OpenedRuntime {
  // A key pasted as the API's name is shown masked, as in the call's other errors.
  maskingThrownNames(() =>
    checkTransportsOption("openRuntime", isRecord(options) ? options.transports : undefined),
  );
  const opened = maskingThrownNames(() => openRuntimeAsWritten(options));
  return {
    ...opened,
    runtime: maskedRuntime(opened.runtime),
    // Both read the credential store, whose problems name its profiles (`sk-kimi-…:default`).
    resolveKey: libraryKeyLookup((model: ResolvedModel) =>
      maskingThrownNames(() => opened.resolveKey(model)),
    ),
    missingKey: (model) =>
      withKeyShapedNamesMasked(maskingThrownNames(() => opened.missingKey(model))),
  };
}

/**
 * The key resolver the runtime uses (profiles, then the environment, then the config); what it
 * throws when created (an option it does not take, an agent dir written `~/…`) and what a lookup
 * throws (an unreadable or invalid credential store) have names masked.
 */
export function createKeyResolver(options: KeyResolverOptions = {}): KeyResolver {
  const resolveKey = maskingThrownNames(() => {
    // Plain JavaScript passes the catalog (`createKeyResolver(catalog)`) without a word, and the
    // resolver then reads no credential store: every key looked up in one is said to be missing.
    checkOptionNames("createKeyResolver", options, KEY_RESOLVER_OPTIONS);
    return createKeyResolverAsWritten(options);
  });
  const lookup = libraryKeyLookup((model: ResolvedModel) =>
    maskingThrownNames(() => resolveKey(model)),
  );
  const given = options as Partial<KeyResolverOptions> | undefined;
  if (given?.agentDir === undefined && given?.store === undefined) storeless.add(lookup);
  return lookup;
}

/** createKeyResolver's lookups given neither agentDir nor store: they read no auth profile. */
const storeless = new WeakSet<object>();

/**
 * A missing key's hint, for a runtime whose resolveKey reads no credential store: it named the
 * auth profile and `openclaw onboard`, which stores one there, and the next run said the same.
 */
function storelessKeyAdvice(): string {
  return "but the resolveKey given to createRuntime, createKeyResolver() without agentDir or store, reads no auth profile: give it the agent dir openclaw onboard stores them in, createKeyResolver({ agentDir: agentDir(resolveStateDir()) }), or use openRuntime(), which reads them";
}

const KEY_RESOLVER_OPTIONS = {
  agentDir: true,
  store: true,
  env: true,
  profileId: true,
} as const satisfies OptionNames<KeyResolverOptions>;

/** The key lookups the library hands out (createKeyResolver's, openRuntime's resolveKey). */
const libraryKeyLookups = new WeakSet<object>();

function libraryKeyLookup<F extends object>(lookup: F): F {
  libraryKeyLookups.add(lookup);
  return lookup;
}

/**
 * What createRuntime's internals are given for a `resolveKey` of the program's own: a key it
 * returned that the provider refuses is told as that function's, not as one openclaw read from
 * the place its source names. The library's own lookups keep their words, but for a missing key
 * of one that reads no auth profile (see storelessKeyAdvice).
 */
function runtimeInternalsFor(options: CreateRuntimeOptions) {
  const given: unknown = (options as Partial<CreateRuntimeOptions> | undefined)?.resolveKey;
  if (typeof given === "function" && storeless.has(given)) {
    return { missingKeyAdvice: storelessKeyAdvice };
  }
  if (typeof given !== "function" || libraryKeyLookups.has(given)) return {};
  return {
    callerKeyLookup: {
      name: "the resolveKey function given to createRuntime",
      asksAgain: "the next run asks it again",
    },
  };
}

/**
 * Checks a key against its endpoint (see KeyCheckResult); the result's message and hint, and
 * what it rejects with, show a key pasted as a label, a provider's or a header's name masked.
 * An abort rejects with the caller's own signal's reason, as it is.
 */
export async function checkKey(options: KeyCheckOptions): Promise<KeyCheckResult> {
  const reason = () => (options as KeyCheckOptions | undefined)?.signal?.reason;
  const result = await maskingRejectedNames(
    () => {
      checkKeyTargetUrl(options);
      return checkKeyAsWritten(options);
    },
    (error) => error !== undefined && error === reason(),
  );
  return {
    ...result,
    message: maskKeyShapedNames(result.message),
    hint: result.hint === undefined ? undefined : maskKeyShapedNames(result.hint),
  };
}

/**
 * A runtime over a catalog or chain of the caller's; what creating it throws (an option named
 * with a key) and its runs' errors have names masked.
 */
export function createRuntime(options: CreateRuntimeOptions): Runtime {
  // A key pasted as the API's name is shown masked, as in the call's other errors.
  maskingThrownNames(() =>
    checkTransportsOption("createRuntime", isRecord(options) ? options.transports : undefined),
  );
  // What the caller's own transports and lookups throw comes back as it is, not a masked copy.
  const caller = withCallerRuntimeOptions(options);
  // Its refusal of an option names the option: one named with a pasted key is shown masked.
  const internals = runtimeInternalsFor(options);
  const runtime = maskingThrownNames(
    () => createRuntimeAsWritten(caller.options, internals),
    caller.threwIt,
  );
  return maskedRuntime(runtime, caller.threwIt);
}

/** A ref or alias resolved to its model; throws ModelRefError (names masked). */
export function resolveModel(catalog: Catalog, input: string): ResolvedModel {
  return maskingThrownNames(() => {
    checkCatalogArgument("resolveModel", catalog);
    checkModelNameArgument("resolveModel", input, false);
    return resolveModelAsWritten(catalog, input);
  });
}

/** A ref or alias resolved to its ref; throws ModelRefError (names masked). */
export function resolveRef(catalog: Catalog, input: string, allowAlias = true): ModelRef {
  return maskingThrownNames(() => {
    checkCatalogArgument("resolveRef", catalog);
    checkModelNameArgument("resolveRef", input, false);
    return resolveRefAsWritten(catalog, input, allowAlias);
  });
}

/** The models a run of `input` tries, in order; throws ModelRefError (names masked). */
export function resolveModelChain(catalog: Catalog, input?: string): ResolvedModel[] {
  return maskingThrownNames(() => {
    checkCatalogArgument("resolveModelChain", catalog);
    checkModelNameArgument("resolveModelChain", input, true);
    return resolveModelChainAsWritten(catalog, input);
  });
}

/** The default chain; throws UnusableDefaultChainError (names masked) when no member can be used. */
export function resolveDefaultChain(catalog: Catalog): DefaultChain {
  return maskingThrownNames(() => {
    checkCatalogArgument("resolveDefaultChain", catalog);
    return resolveDefaultChainAsWritten(catalog);
  });
}

/** Loads the config and builds its catalog in one step; throws ConfigError (names masked). */
export function loadCatalog(options: LoadOptions = {}): Catalog {
  return maskingThrownNames(() => {
    checkLoadOptions("loadCatalog", options);
    return buildCatalog(loadConfigAsWritten(options));
  });
}

/**
 * Starts the gateway; a config it cannot start on rejects with names masked, a port it cannot
 * listen on with a hint naming its options. Its `log` is told the config problems it serves
 * around once it listens, as the CLI's start-up report says them.
 */
export function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  return maskingRejectedNames(() => startGatewayAsWritten(options, { forProgram: true }));
}

/**
 * The usage ledger's totals, as `openclaw usage --json` prints them for the same state dir (the
 * `env`'s) and config: by model unless `by` says otherwise, over the last 7 days unless `since`
 * says. No ledger yet is an empty report (no groups, zero totals). Rejects with code `usage`
 * (`where` `since` or `by`) for an option it cannot take, and with the ledger's own codes
 * (`ledger.not_a_ledger`, `ledger.incomplete`, `usage.ledger_unreadable`, …) for a ledger file it
 * cannot read, each with a hint; names masked. The ledger is opened read-only and closed before it
 * resolves, so it can be read while a gateway writes it.
 */
export async function readUsageReport(options: UsageReportOptions = {}): Promise<UsageTotals> {
  return maskingRejectedNames(async () => {
    const { readUsageReportAsWritten } = await import("./gateway/usage-report-program.js");
    return readUsageReportAsWritten(options);
  });
}

/**
 * The ledger's latest requests one by one, as `openclaw usage --last <last> --json` prints them
 * (`--errors` with `errors: true`) for the same state dir (the `env`'s) and config: the latest 20
 * unless `last` says (1 to 10000), over the last 7 days unless `since` says, oldest first, each
 * with every field of the gateway's `--json` request events (null where the ledger does not know
 * it). No ledger yet is an empty list. Rejects with code `usage` (`where` the option: `since`,
 * `last`, `errors`, or an option it does not take) for an option it cannot take, and with the
 * ledger's own codes for a ledger file it cannot read, each with a hint; names masked. The ledger
 * is opened read-only and closed before it resolves; SQLite is loaded on the first call.
 */
export async function readUsageRequests(
  options: UsageRequestsOptions = {},
): Promise<UsageRequests> {
  return maskingRejectedNames(async () => {
    const { readUsageRequestsAsWritten } = await import("./gateway/usage-report-program.js");
    return readUsageRequestsAsWritten(options);
  });
}

/**
 * Where a provider is called (its base URL and headers); throws MissingVariableError (its path's
 * names masked) for a value naming an unset variable.
 */
export function resolveEndpoint(
  catalog: Catalog,
  provider: CatalogProvider,
  model?: CatalogModel,
): { baseUrl: string; headers: Record<string, string> } {
  return maskingThrownNames(() => resolveEndpointAsWritten(catalog, provider, model));
}

/** Throws (names masked) when `next` has errors `before` did not; see edit-check.ts. */
export function refuseNewCatalogErrors(
  ...args: Parameters<typeof refuseNewCatalogErrorsAsWritten>
): void {
  maskingThrownNames(() => refuseNewCatalogErrorsAsWritten(...args));
}

/** What parseAuthStore's options take: a name it does not (`hasBackup`) would be read past. */
const PARSE_STORE_OPTIONS = {
  backupExists: true,
} as const satisfies OptionNames<ParseStoreOptions>;

/** The credential store's text parsed; throws OpenClawError (a profile's id masked). */
export function parseAuthStore(
  text: string,
  where: string,
  options: ParseStoreOptions = {},
): AuthProfileStore {
  return maskingThrownNames(() => {
    checkOptionNames("parseAuthStore", options, PARSE_STORE_OPTIONS);
    return parseAuthStoreAsWritten(text, where, options);
  });
}

/**
 * A transport for the OpenAI-compatible chat API on its own pool or dispatcher; what its calls
 * throw or reject with (never what the caller's sink threw) has names masked.
 */
export function createOpenAICompletionsTransport(
  options: OpenAICompletionsTransportOptions = {},
): Transport {
  maskingThrownNames(() => {
    checkOptionNames("createOpenAICompletionsTransport", options, TRANSPORT_OPTIONS);
    checkRuntimeTimeouts("createOpenAICompletionsTransport", options.timeouts);
  });
  // Masked where a call fails, inside the transport: a call that succeeds pays nothing per event.
  return createOpenAICompletionsTransportAsWritten(options, withKeyShapedNamesMasked);
}

/**
 * The options createOpenAICompletionsTransport takes: `{ timeout: 5000 }` or `{ timeouts: {
 * firstByte: 5000 } }` would leave every call on the default limits without a word.
 */
const TRANSPORT_OPTIONS = {
  dispatcher: true,
  timeouts: true,
} as const satisfies OptionNames<OpenAICompletionsTransportOptions>;

let sharedMaskedChatTransport: Transport | undefined;
let sharedMaskedMessagesTransport: Transport | undefined;

/**
 * The transport for `api` on the shared pool, its failures' names masked; the gateway and the
 * runtime use their own, unmasked one (they mask when they print). Each api gets its own:
 * `anthropic-messages` got the chat-completions transport, which sent the chat format to Kimi
 * Code's Anthropic surface.
 */
export function getTransport(api: ApiKind): Transport {
  maskingThrownNames(() => getTransportAsWritten(api)); // refuses an api that has no transport
  if (api === "anthropic-messages") {
    sharedMaskedMessagesTransport ??= createAnthropicMessagesTransport(
      {},
      withKeyShapedNamesMasked,
    );
    return sharedMaskedMessagesTransport;
  }
  sharedMaskedChatTransport ??= createOpenAICompletionsTransport();
  return sharedMaskedChatTransport;
}

/**
 * A key as a program's own `resolveKey` returns it: the key, where it was read, its masked form
 * and fingerprint. Throws OpenClawError (code `usage`, `where` `value` or `source`) for a key that
 * is no non-empty string or a source that is no KeySource, said by kind, never the text.
 */
export function toResolvedKey(value: string, source: KeySource): ResolvedKey {
  checkToResolvedKeyArguments(value, source);
  return toResolvedKeyAsWritten(value, source);
}

/** Reads `<agentDir>/auth-profiles.json` (missing: empty); throws with names masked. */
export function readAuthStore(agentDir: string): AuthProfileStore {
  return maskingThrownNames(() => readAuthStoreAsWritten(agentDir));
}

/** Writes the store atomically (0600, with a `.bak`); throws with names masked. */
export function writeAuthStore(agentDir: string, store: AuthProfileStore): void {
  maskingThrownNames(() => writeAuthStoreAsWritten(agentDir, store));
}

/**
 * Reads, changes and writes the store under its lock; throws with names masked, except what
 * `change` itself throws, which is rethrown as it is.
 */
export function updateAuthStore(
  agentDir: string,
  change: (store: AuthProfileStore) => AuthProfileStore,
): AuthProfileStore {
  const caller = callerCallback(change);
  return maskingThrownNames(
    () => updateAuthStoreAsWritten(agentDir, caller.callback),
    caller.threwIt,
  );
}

/** The main config file's object, for an edit; throws ConfigError (names masked). */
export function readConfigFileForEdit(path: string): Record<string, unknown> {
  return maskingThrownNames(() => readConfigFileForEditAsWritten(path));
}

/** Writes the main config file (comments kept where it can); throws with names masked. */
export function writeConfigFile(path: string, value: Record<string, unknown>): string[] {
  return maskingThrownNames(() => writeConfigFileAsWritten(path, value));
}

/** The options of `unsetConfigValue` (and of `setConfigValue`, which adds `typed`). */
export type EditOptions = NonNullable<Parameters<typeof unsetConfigValueAsWritten>[2]>;

/** `options` with its `check` (the caller's) wrapped, so that what it throws is not masked. */
function withCallerCheck<O extends EditOptions>(
  options: O,
): { options: O; threwIt: (error: unknown) => boolean } {
  if (!options.check) return { options, threwIt: () => false };
  const caller = callerCallback(options.check);
  return { options: { ...options, check: caller.callback }, threwIt: caller.threwIt };
}

/**
 * The options `unsetConfigValue` takes, and `setConfigValue` with `typed`: a name it does not
 * take (`{ backups: false }`, `{ validate: false }`) is refused, where the edit would be made
 * with a backup and the check the caller meant to change.
 */
const EDIT_OPTIONS = {
  env: true,
  check: true,
  backup: true,
  providerProblems: true,
} as const satisfies OptionNames<EditOptions>;

/**
 * What env and check hold: `env: "production"` was read as an env with no variable set (the edit
 * validated as if the process set none), a check that is no function failed deep inside.
 */
const EDIT_OPTION_TYPES = {
  env: optionType.env,
  check: optionType.function("(after, before, edited) => void; throw to refuse the edit"),
} as const satisfies OptionTypes<EditOptions>;

const SET_OPTIONS = {
  ...EDIT_OPTIONS,
  typed: true,
} as const satisfies OptionNames<NonNullable<Parameters<typeof setConfigValueAsWritten>[3]>>;

/** Sets a value at a dotted path of the config file; throws with names masked (not `check`'s). */
export function setConfigValue(
  file: string,
  expression: string,
  value: unknown,
  options: Parameters<typeof setConfigValueAsWritten>[3] = {},
): ReturnType<typeof setConfigValueAsWritten> {
  // Checked inside the masking, as every option check is: a key pasted as an option's name is
  // not quoted whole in the refusal.
  maskingThrownNames(() => {
    checkOptionNames("setConfigValue", options, SET_OPTIONS);
    checkOptionTypes("setConfigValue", options, EDIT_OPTION_TYPES);
  });
  const wrapped = withCallerCheck(options);
  return maskingThrownNames(
    () => setConfigValueAsWritten(file, expression, value, wrapped.options),
    wrapped.threwIt,
  );
}

/** Removes a dotted path from the config file; throws with names masked (not `check`'s). */
export function unsetConfigValue(
  file: string,
  expression: string,
  options: EditOptions = {},
): ReturnType<typeof unsetConfigValueAsWritten> {
  // Checked inside the masking, as every option check is: a key pasted as an option's name is
  // not quoted whole in the refusal.
  maskingThrownNames(() => {
    checkOptionNames("unsetConfigValue", options, EDIT_OPTIONS);
    checkOptionTypes("unsetConfigValue", options, EDIT_OPTION_TYPES);
  });
  const wrapped = withCallerCheck(options);
  return maskingThrownNames(
    () => unsetConfigValueAsWritten(file, expression, wrapped.options),
    wrapped.threwIt,
  );
}

/** Throws (code `invalid_session_id`, a key-shaped id masked) for an id a session cannot have. */
export function assertSessionId(id: string): void {
  maskingThrownNames(() => assertSessionIdAsWritten(id));
}

/** A session's transcript file; throws as assertSessionId does for either id. */
export function sessionPath(stateDir: string, agentId: string, sessionId: string): string {
  return maskingThrownNames(() => sessionPathAsWritten(stateDir, agentId, sessionId));
}

/**
 * Reads a session file (missing: an empty session); throws with names masked, and its warnings
 * (which quote the path) are masked too. A file whose header names another session than `id`
 * throws `session_mismatch`: the file and the id name two sessions, and a turn run on it would
 * get another conversation's history and write its messages into that session's file.
 */
export function loadSession(file: string, id: string): LoadedSession {
  return withWarningsMasked(
    maskingThrownNames(() => loadSessionAsWritten(file, id, { otherSession: "refuse" })),
  );
}

/**
 * Opens a session file to append to; it and the writer's calls throw with names masked. A file
 * whose header names another session than `id` throws `session_mismatch`, as loadSession does.
 */
export function openSessionWriter(
  file: string,
  id: string,
  agentId: string,
  options: { sync?: boolean | undefined } = {},
): SessionWriter {
  return maskedSessionWriter(
    maskingThrownNames(() => {
      checkSessionWriterOptions(options);
      return openSessionWriterAsWritten(file, id, agentId, { ...options, otherSession: "refuse" });
    }),
  );
}

/**
 * One turn of a conversation kept on disk; rejects with names masked, except what the caller's
 * own `record`, `recordUsage`, `onEvent`, tools or runtime threw, which comes back as it is.
 */
export function runSessionTurn(
  options: SessionTurnOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  return maskingSessionTurn(runSessionTurnAsWritten, options, onEvent);
}

/**
 * Runs the conversation loop, yielding its events; its steps reject with names masked, except
 * with what the caller's own `onMessage`, `onResult`, tools or runtime threw, which comes back
 * as it is. `next()` takes no value (the loop reads none), so the generator's third type is
 * `undefined`, not TypeScript's default `any`.
 */
export function runAgent(
  options: AgentRunOptions,
): AsyncGenerator<AgentEvent, AgentResult, undefined> {
  return readOnce(maskingAgentRun(runAgentAsWritten, options), RUN_AGENT_READ_ONCE);
}

/** What a second `for await` over a runAgent run is told (see read-once.ts). */
const RUN_AGENT_READ_ONCE: ReadOnceAdvice = {
  call: "runAgent(options)",
  where: "runAgent",
  instead:
    "the run's result is the generator's return value, which for await does not hand out: call next() until done, or use runAgentToEnd(options, onEvent), which hands each event to onEvent and resolves with the result",
};

/**
 * Drains `runAgent`; rejects with names masked, except with what the caller's own `onEvent`,
 * `onMessage`, `onResult`, tools or runtime threw, which comes back as it is.
 */
export function runAgentToEnd(
  options: AgentRunOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  return maskingAgentRunToEnd(runAgentToEndAsWritten, options, onEvent);
}
