/**
 * `openclaw gateway` as a library call: load the config, make sure there is a token, open the
 * ledger, build the backend, listen, and reload on config changes. The CLI command is a thin
 * wrapper around `startGateway`.
 */
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { redactSecrets } from "../auth/index.js";
import type { KeyResolver } from "../auth/types.js";
import type { ApiKind } from "../catalog/types.js";
import { DEFAULT_DRAIN_MS, DEFAULT_PORT } from "../config/gateway-defaults.js";
import {
  agentDir,
  CONFIG_OBJECT_PATH,
  cliEnvPrefixFor,
  type Env,
  type LoadedConfig,
  loadConfig,
  loadConfigObject,
  type OpenClawConfig,
  requireVariables,
  resolveConfigPath,
  resolveStateDir,
} from "../config/index.js";
import { refuseStateDirFile } from "../config/state-dir-file.js";
import { describeProxies, proxySettingsFromEnv } from "../providers/proxy.js";
import type { Timeouts, Transport } from "../providers/types.js";
import { checkRuntimeRetry } from "../runtime/check-request.js";
import { keySourcePlacer } from "../runtime/key-source-place.js";
import { stateDirOnboardPrefix } from "../runtime/library-key-advice.js";
import type { RetryPolicy } from "../runtime/types.js";
import { checkOptionNames, type OptionNames } from "../util/option-names.js";
import { checkOptionTypes, type OptionTypes, optionType } from "../util/option-types.js";
import { isPromiseLike } from "../util/promise-like.js";
import { checkTransportsOption } from "../util/transports-option.js";
import {
  type AuthPolicy,
  generateToken,
  isLoopbackHost,
  MIN_TOKEN_LENGTH,
  tokenPolicy,
} from "./auth.js";
import type { BuiltBackend } from "./backend.js";
import { backendBuilds } from "./backend-builds.js";
import { backendProblemLine } from "./backend-problem-lines.js";
import { announceTokenThrew, callerHook, callerLog } from "./caller-callbacks.js";
import { gatewayClosedError } from "./gateway-closed.js";
import {
  authPolicyFor,
  type GatewayTokenSource,
  knownSecrets,
  overriddenTokenVariable,
  saveToken,
  type TokenSaved,
  tokenNeedsFile,
} from "./gateway-token.js";
import { forRemoteClient } from "./host-paths.js";
import { keylessProviderLine, keylessProviderWarnings } from "./keyless-warnings.js";
import type { LedgerRow, UsageLedger } from "./ledger.js";
import { configuredLedgerPath } from "./ledger-location.js";
import { logLedgerTrouble, openLedger } from "./ledger-open.js";
import { keepLedgerTrimmed } from "./ledger-retention.js";
import {
  CLI_LISTEN_ADVICE,
  checkListen,
  listenFailure,
  PROGRAM_LISTEN_ADVICE,
} from "./listen-check.js";
import { lostKeyWarnings } from "./lost-keys.js";
import { GatewayMetrics } from "./metrics.js";
import type { DiscoveryReport } from "./model-discovery.js";
import { objectTokenFrom } from "./object-token-from.js";
import { openFilesLimit, streamCapacity } from "./open-files.js";
import { reachableUrls } from "./reachable-urls.js";
import { ReasoningMemory } from "./reasoning-memory.js";
import type { RouteRefusal } from "./refused-routes.js";
import { configReloads, type ServingState } from "./reload-config.js";
import { type ReloadFailed, redactedReloadFailed } from "./reload-failure.js";
import { configEditsApply, watchForReload } from "./reload-watch.js";
import { retiredFixWords, retiredOfferLog } from "./retired-offer-log.js";
import { shellCliPrefix, withMovedConfigTokenFrom } from "./reveal-token.js";
import { servedModels } from "./served-models.js";
import {
  createGatewayServer,
  DEFAULT_LIMITS,
  type GatewayLimits,
  type GatewayServer,
} from "./server.js";
import { ledgerOffInFile } from "./sqlite-binding.js";
import { overriddenSettings, startOnlyChanges } from "./start-only-settings.js";
import {
  bindAddress,
  bindOption,
  limitsFrom,
  limitsOption,
  refuseRequestBeforeHeaders,
  timeoutsFrom,
  timeoutsOption,
} from "./start-options.js";

export { CONFIG_SETTLE_MS } from "./config-file-state.js";
export {
  authOptedOut,
  configuredToken,
  type GatewayTokenSource,
  gatewayToken,
  type TokenSaved,
} from "./gateway-token.js";
export { ledgerFileWords } from "./ledger-open.js";
export { START_ONLY_SETTINGS } from "./start-only-settings.js";
export { bindAddress, GATEWAY_TIMEOUTS } from "./start-options.js";
export { DEFAULT_DRAIN_MS, DEFAULT_PORT };

/** What startGateway takes; every option may be left out (the config file's settings then). */
export interface StartGatewayOptions {
  /**
   * The environment: keys, `${VAR}` values, proxies, the state dir (default: process.env). The
   * config file is `$OPENCLAW_CONFIG_PATH`, else `openclaw.json` in the state dir it names.
   */
  env?: Env | undefined;
  /**
   * The config itself, as openclaw.json would hold it, instead of the file: validated as
   * `openRuntime`'s `config` is (a provider with a schema problem is left out, as from a file).
   * There is no file to watch or to save a new token in: hot reload is off (`reloads` is
   * false; the credential store is still watched, unless `watch: false`), and the config must
   * set a token (`gateway.auth.token`, `OPENCLAW_GATEWAY_TOKEN` in `env`) or
   * `gateway.auth.mode: "none"` on loopback.
   */
  config?: OpenClawConfig | Record<string, unknown> | undefined;
  /** Overrides `gateway.port`. 0 picks a free port. */
  port?: number | undefined;
  /** Overrides `gateway.bind`: `loopback`, `lan`, or an address. */
  bind?: string | undefined;
  /**
   * Transports by wire API, over the built-in ones (`openai-completions`, which goes through the
   * proxies of `env`); left out, the built-in ones serve.
   */
  transports?: Partial<Record<ApiKind, Transport>> | undefined;
  /**
   * The program's own key lookup (default: the main agent's credential store under the state
   * dir, then the environment, then the config): it returns what `toResolvedKey(key, source)`
   * builds, or undefined when it has no key for the model; anything else (the key as a string,
   * null, a promise) is refused, code `resolve_key.not_a_key` (createRuntime's too; one that
   * throws: `gateway.resolve_key_threw`). Called without waiting.
   * When given, it is the only key lookup: a model it returns undefined for is answered saying
   * this function returned no key for it, not openclaw's places to set.
   */
  resolveKey?: KeyResolver | undefined;
  /** Diagnostics (stderr in the CLI). Never receives a secret. */
  log?: ((line: string) => void) | undefined;
  /**
   * The one place a newly created token is shown (stdout in the CLI), once it is saved. `saved`
   * says when saving it rewrote the file as plain JSON (its comments and layout lost; the file as
   * it was is kept beside it as `.bak`).
   */
  announceToken?: ((token: string, configPath: string, saved?: TokenSaved) => void) | undefined;
  /** Watch the config and the credential store for changes (default true). */
  watch?: boolean | undefined;
  /**
   * Upstream timeouts for every call, over the config's `gateway.timeouts` (`GATEWAY_TIMEOUTS`):
   * milliseconds, 0 for no limit. A bad value (NaN, negative, an unknown name) refuses the start.
   */
  timeouts?: Timeouts | undefined;
  /** Retry policy for upstream calls (the runtime's defaults otherwise). */
  retry?: Partial<RetryPolicy> | undefined;
  /**
   * Server limits over the config's `gateway.limits`: whole numbers in the config's ranges, by
   * the names of `GatewayLimits` (`maxConcurrentUpstream` for the config's
   * `maxConcurrentStreams`; `drainTimeoutMs` is the config's only). Anything else refuses the
   * start, code `usage`, `where` `limits.<name>`.
   */
  limits?: Partial<GatewayLimits> | undefined;
  /** The process's open-files limit (tests); read from the system when left out. */
  openFilesLimit?: number | undefined;
  /** Told of every finished chat request, with its ledger row (the CLI's `--log-requests`). */
  onRequestFinished?: ((row: LedgerRow) => void) | undefined;
  /**
   * Told of requests refused for a path not served, once per method and path a minute with a
   * count of the repeats (the CLI's `--log-requests`); see refused-routes.ts.
   */
  onRouteRefused?: ((refusal: RouteRefusal) => void) | undefined;
  /** That minute, shorter (tests). */
  refusedRouteWindowMs?: number | undefined;
  /**
   * Told, per provider, what its `GET /models` gave once it answers (or why it could not be
   * read): asked in the background after the start and after a reload that changes a provider's
   * endpoint or key.
   */
  onDiscovery?: ((report: DiscoveryReport) => void) | undefined;
  /**
   * Told after each reload that applied (a config edit, a credential store change), its lines
   * logged, with the config now served: the CLI says then what changed of what its start-up
   * report said. Told too after the keys were read again without a reload: a credential store
   * change while the config cannot be reloaded (a broken `$include`: `served` is then the last
   * good config), or while serving the `config` object given.
   */
  onReloaded?: ((served: LoadedConfig) => void) | undefined;
}

/**
 * A gateway `startGateway` started: where it answers, what it serves, and `reload`, `close` to
 * manage it.
 */
export interface RunningGateway {
  /** Where to call it: `urls[0]`. */
  readonly url: string;
  /**
   * Every URL it answers at that a client can use: its address; for a bind to every interface
   * (`lan`, 0.0.0.0), this machine's LAN addresses, non-internal IPv4 first, then 127.0.0.1.
   */
  readonly urls: readonly string[];
  /** The address it binds (0.0.0.0 for `lan`). */
  readonly host: string;
  /** The port it listens on (the one picked, with `port: 0`). */
  readonly port: number;
  /** The config file read; `(the config object given)` when started with `config`. */
  readonly configPath: string;
  /**
   * Whether edits to the config apply without a restart: false when started with `config`
   * (no file to watch) or `watch: false`.
   */
  readonly reloads: boolean;
  /** The usage ledger's SQLite file; undefined with `gateway.ledger.enabled: false`. */
  readonly ledgerPath: string | undefined;
  /** The upstream proxies in use, in one line (see `describeProxies`); undefined when none. */
  readonly proxies: string | undefined;
  /** Where the token it started with came from; undefined with `gateway.auth.mode: "none"`. */
  readonly tokenSource: GatewayTokenSource | undefined;
  /** The HTTP server itself (its routes, limits and in-flight requests). */
  readonly server: GatewayServer;
  /**
   * The usage ledger the requests' rows are written to; undefined with `gateway.ledger.enabled:
   * false`.
   */
  readonly ledger: UsageLedger | undefined;
  /** What is served now: the last good build, less the models their providers do not list. */
  backend(): BuiltBackend;
  /**
   * Re-reads the config now; false (and the old config keeps serving) when it is broken or
   * `openclaw config validate` would fail it for a reason the served config does not have.
   * Once `close()` or `stopNow()` was called it throws an OpenClawError, code `gateway.closed`.
   */
  reload(): boolean;
  /**
   * Drains for up to `deadlineMs`, then closes the ledger (writing every queued row). A second
   * call returns the first one's promise.
   */
  close(deadlineMs?: number): Promise<{ cancelled: number }>;
  /**
   * Stops at once, even while `close` is draining: cancels the running requests (each gets its
   * ledger row, status 503, error class `shutdown`), then closes the ledger, writing every
   * queued row. `unwritten`: rows the ledger could not write before it closed.
   */
  stopNow(): Promise<{ cancelled: number; unwritten: number }>;
  /** `gateway.limits.drainTimeoutMs` of the config now (a reload changes it), else 10 s. */
  readonly drainMs: number;
}

/** How to run without the ledger when startGateway was given its config as an object. */
const LEDGER_OFF_IN_OBJECT =
  "set gateway: { ledger: { enabled: false } } in the config object startGateway is given";

/** The names `startGateway` takes: any other is a typo plain JavaScript would pass silently. */
const START_GATEWAY_OPTIONS = {
  env: true,
  config: true,
  port: true,
  bind: true,
  transports: true,
  resolveKey: true,
  log: true,
  announceToken: true,
  watch: true,
  timeouts: true,
  retry: true,
  limits: true,
  openFilesLimit: true,
  onRequestFinished: true,
  onRouteRefused: true,
  refusedRouteWindowMs: true,
  onDiscovery: true,
  onReloaded: true,
} as const satisfies OptionNames<StartGatewayOptions>;

/** What `startGateway`'s options hold (`config`, `bind`, `timeouts`, `retry`: checks of their own). */
const START_GATEWAY_OPTION_TYPES = {
  env: optionType.env,
  port: optionType.number("0 to 65535; 0 picks a free port"),
  transports: optionType.transports,
  resolveKey: optionType.function("(model) => ResolvedKey | undefined"),
  log: optionType.function("(line) => void"),
  announceToken: optionType.function("(token, configPath) => void"),
  watch: optionType.boolean,
  limits: optionType.object("gateway limits, such as { maxBodyBytes: 1048576 }"),
  openFilesLimit: optionType.number("the process's open-files limit"),
  onRequestFinished: optionType.function("(row) => void"),
  onRouteRefused: optionType.function("(refusal) => void"),
  refusedRouteWindowMs: optionType.number("milliseconds"),
  onDiscovery: optionType.function("(report) => void"),
  onReloaded: optionType.function("(served) => void"),
} as const satisfies OptionTypes<StartGatewayOptions>;

/** What the package's own callers choose that a program does not (see src/index.ts). */
export interface StartGatewayInternals {
  /**
   * Started by a program through the library entry. Its `log` is told, once listening, each
   * config problem served around (a provider disabled, an alias not taken) and each retired id
   * the default chain or an alias offers (then those a reload adds): a program has no other word
   * of them, while the CLI's start-up report says them itself (its `problem:` lines,
   * its JSON). A port or address it cannot listen on is told in startGateway's options' words,
   * not the CLI's flags.
   */
  forProgram?: boolean;
  /**
   * Told a refused reload's line with its facts (where, what, what to do) in place of `log`: the
   * CLI's `--json` gives them as fields of its "log" event. Unset: `log` is told the line alone.
   */
  logReloadFailed?: (line: string, fields: ReloadFailed) => void;
}

// No options at all is every option's default, as `openRuntime()` takes it.
export async function startGateway(
  options: StartGatewayOptions = {},
  internals: StartGatewayInternals = {},
): Promise<RunningGateway> {
  checkOptionNames("startGateway", options, START_GATEWAY_OPTIONS);
  checkOptionTypes("startGateway", options, START_GATEWAY_OPTION_TYPES);
  checkTransportsOption("startGateway", options.transports);
  checkRuntimeRetry("startGateway", options.retry);
  const timeouts = timeoutsOption(options.timeouts);
  const limitsGiven = limitsOption(options.limits);
  const bindGiven = bindOption(options.bind);
  const env = options.env ?? process.env;
  // The program's log may throw: its lines then go to stderr, and the gateway keeps serving.
  const rawLog = options.log ? callerLog(options.log) : () => {};
  // Config errors can quote the offending line; never let a key or token reach the log.
  const log = (line: string, fields?: ReloadFailed) => {
    const said = redactSecrets(line, knownSecrets);
    const toldApart = internals.logReloadFailed;
    if (fields === undefined || toldApart === undefined) rawLog(said);
    else
      toldApart(
        said,
        redactedReloadFailed(fields, (text) => redactSecrets(text, knownSecrets)),
      );
  };
  // The program's hooks: a throw of one is said in the log and goes no further.
  const onRequestFinished = callerHook("onRequestFinished", options.onRequestFinished, log);
  const onRouteRefused = callerHook("onRouteRefused", options.onRouteRefused, log);
  const onDiscovery = callerHook("onDiscovery", options.onDiscovery, log);
  const onReloaded = callerHook("onReloaded", options.onReloaded, log);
  /** Started with a config object: no file to re-read, watch, or save a new token in. */
  const fromObject = options.config !== undefined;
  const configPath = fromObject ? CONFIG_OBJECT_PATH : resolveConfigPath(env);
  const stateDir = resolveStateDir(env);
  refuseStateDirFile(env);
  // A schema problem inside one provider disables it; the others serve (see ProviderProblems).
  const loaded =
    options.config !== undefined
      ? loadConfigObject(options.config, { env, providerProblems: "disable" })
      : loadConfig({ path: configPath, env, providerProblems: "disable" });
  // Upstream proxies, from the shell or the config's `env` block: a bad variable stops the start.
  const proxySettings = proxySettingsFromEnv(loaded.env);
  const proxies = describeProxies(proxySettings);
  const gatewayConfig = loaded.config.gateway ?? {};
  if (bindGiven === undefined) requireVariables(loaded, "gateway.bind");
  const port = options.port ?? gatewayConfig.port ?? DEFAULT_PORT;
  const bind = bindGiven ?? gatewayConfig.bind ?? "loopback";
  const host = bindAddress(bind);

  // Whatever can refuse the start is asked before anything is written (a new token into the
  // config file, the ledger file): a start that fails leaves the person's files as they were.
  const configured = authPolicyFor(loaded, env, host);
  if (configured === "needs-token" && fromObject) throw tokenNeedsFile();
  const newToken = configured === "needs-token" ? generateToken() : undefined;
  if (newToken !== undefined) knownSecrets.add(newToken);
  const chosen: AuthPolicy =
    configured === "needs-token"
      ? tokenPolicy(newToken as string)
      : fromObject && configured.policy.mode === "token" && configured.source !== undefined
        ? { ...configured.policy, tokenFrom: objectTokenFrom(configured.source) }
        : configured.policy;
  // A refused client is told to read the token with this gateway's OPENCLAW_STATE_DIR (or the
  // variable that moved its config), not with a plain shell's, which reads another file.
  const auth = fromObject ? chosen : withMovedConfigTokenFrom(chosen, env);
  const tokenSource: GatewayTokenSource | undefined =
    configured === "needs-token" ? "created" : configured.source;
  const overridden =
    configured === "needs-token" ? undefined : overriddenTokenVariable(loaded, env);
  if (overridden !== undefined) {
    const where = overridden === "environment" ? "in the environment" : "in the config's env block";
    log(
      `gateway: warning: OPENCLAW_GATEWAY_TOKEN is set ${where} to another token than gateway.auth.token, which wins over it: clients sending the variable's token are refused\n  hint: to use the variable's, remove gateway.auth.token from the config and restart; else unset OPENCLAW_GATEWAY_TOKEN and give clients the config's token`,
    );
  }

  const credentialsDir = agentDir(stateDir);
  // The commands the hints name reach the gateway's files. The CLI's operator types them in
  // another terminal, a plain shell: the state dir's (or config file's) variable the gateway was
  // started with is said. A program's are said against its own process's environment.
  const cliPrefix = internals.forProgram
    ? cliEnvPrefixFor(configPath, stateDir)
    : shellCliPrefix(configPath, env);
  // How the log, the fallback notes and the error answers say a fix to the config: the commands
  // with the words that reach its file, or (a program's) the edit of the config object given.
  // The CLI's are bare while a plain shell reads the same config, as with the default state dir.
  const fixWords = internals.forProgram
    ? retiredFixWords(fromObject, cliPrefix.config)
    : cliPrefix.config === ""
      ? {}
      : { prefix: cliPrefix.config };
  // A config object has no file for a command to name: onboard needs only the state dir's words.
  const hintPrefix = fromObject ? { config: "", keys: stateDirOnboardPrefix(stateDir) } : cliPrefix;
  const { build, keyResolverFor, storeProblem } = backendBuilds(
    options,
    credentialsDir,
    proxySettings,
    {
      cliPrefix: hintPrefix,
      reloads: options.watch !== false,
      envGiven: options.env !== undefined,
    },
  );
  /** What is served now: a reload that applies, or a key re-read, replaces its parts. */
  const state: ServingState = {
    loaded,
    auth,
    backend: build(loaded, auth),
    noTokenSet: false,
    tokenRemovalSaid: false,
  };

  const ledgerPath =
    gatewayConfig.ledger?.enabled === false ? undefined : configuredLedgerPath(loaded, stateDir);
  const limits = { ...limitsFrom(loaded), ...limitsGiven };
  refuseRequestBeforeHeaders(limits);
  // A program's error names the option it gave (`port`), else where the config sets it.
  const listenAdvice = internals.forProgram
    ? {
        ...PROGRAM_LISTEN_ADVICE,
        portWhere: options.port !== undefined ? "port" : "gateway.port",
        bindWhere: bindGiven !== undefined ? "bind" : "gateway.bind",
      }
    : CLI_LISTEN_ADVICE;
  await checkListen(port, host, bind, undefined, listenAdvice);
  // Said once the address is known to be one it can listen on: a start refused for its bind or
  // port does not listen anywhere, so "others on the network could guess it" would be untrue.
  if (auth.mode === "token" && auth.token.length < MIN_TOKEN_LENGTH && !isLoopbackHost(host)) {
    log(
      `gateway: warning: the gateway token has ${auth.token.length} characters and the gateway listens on ${host}: others on the network could guess it\n  hint: remove gateway.auth.token and restart: the gateway creates a long random one`,
    );
  }

  const ledger = ledgerPath
    ? await openLedger(
        ledgerPath,
        fromObject ? LEDGER_OFF_IN_OBJECT : ledgerOffInFile(cliPrefix.config),
        stateDir,
      )
    : undefined;
  if (newToken !== undefined) {
    let saved: TokenSaved;
    try {
      saved = saveToken(configPath, newToken);
    } catch (error) {
      await ledger?.close();
      throw error;
    }
    // An `async` announceToken is waited for: its rejection refuses the start as a throw does.
    let announced: unknown;
    try {
      announced = options.announceToken?.(newToken, configPath, saved);
    } catch (error) {
      await ledger?.close();
      throw announceTokenThrew(error, false, configPath, (text) =>
        redactSecrets(text, knownSecrets),
      );
    }
    if (isPromiseLike(announced)) {
      try {
        await announced;
      } catch (error) {
        await ledger?.close();
        throw announceTokenThrew(error, true, configPath, (text) =>
          redactSecrets(text, knownSecrets),
        );
      }
    }
    state.loaded = loadConfig({ path: configPath, env, providerProblems: "disable" });
  }
  if (ledger) logLedgerTrouble(ledger, log);
  const capacity = streamCapacity(
    limits.maxConcurrentUpstream ?? DEFAULT_LIMITS.maxConcurrentUpstream,
    "openFilesLimit" in options ? options.openFilesLimit : openFilesLimit(),
  );
  limits.maxConcurrentUpstream = capacity.maxStreams;
  limits.maxConnections ??= capacity.maxConnections;
  if (capacity.shortfall) {
    log(`gateway: warning: ${capacity.shortfall.message}\n  hint: ${capacity.shortfall.hint}`);
  }
  const metrics = new GatewayMetrics();
  const server = createGatewayServer({
    backend: state.backend,
    ledger,
    metrics,
    memory: new ReasoningMemory({ maxEntries: 10_000, ttlMs: 3_600_000 }),
    limits,
    // A refusal over a limit names the option the program gave, not a config setting it may
    // never have written (and which the option overrides).
    limitsGivenAtStart: limitsGiven,
    fixWords,
    // 0 is no limit, for the runtime and its transport as for this config.
    timeouts: { ...timeoutsFrom(state.loaded), ...timeouts },
    log,
    ...(onRequestFinished ? { onRequestFinished } : {}),
    ...(onRouteRefused ? { onRouteRefused } : {}),
    ...(options.refusedRouteWindowMs !== undefined
      ? { refusedRouteWindowMs: options.refusedRouteWindowMs }
      : {}),
    // On loopback the client is on this machine (most often its operator): a file:line there
    // is the line to open. Beyond it, the network is not told the host's paths.
    ...(isLoopbackHost(host)
      ? {}
      : {
          clientText: (message: string) =>
            forRemoteClient(message, {
              dirs: [
                stateDir,
                credentialsDir,
                homedir(),
                ...[
                  ...(fromObject ? [] : [configPath, ...state.loaded.files]),
                  ...(ledgerPath ? [ledgerPath] : []),
                ].map((file) => dirname(resolve(file))),
              ],
            }),
        }),
  });

  let address: { port: number };
  try {
    address = await server.listen(port, host);
  } catch (error) {
    await ledger?.close();
    throw listenFailure(error, port, host, bind, listenAdvice);
  }
  if (internals.forProgram) {
    for (const problem of state.backend.problems) log(backendProblemLine(problem));
    for (const entry of state.backend.keylessProviders) log(keylessProviderLine(entry));
  }
  /** Says the retired ids the config offers: at start, then those a reload adds (a program's). */
  const warnRetired = internals.forProgram
    ? retiredOfferLog(state.backend.catalog, fixWords, log)
    : undefined;

  const credentialStore = join(credentialsDir, "auth-profiles.json");

  /** The start-only settings of each reload's config, against those the gateway started with. */
  const startOnly = startOnlyChanges(
    state.loaded.config,
    stateDir,
    overriddenSettings(options, timeouts),
    internals.forProgram === true,
    address.port,
  );
  /** Warns when a build leaves a provider that had a key at the last one without any. */
  const warnLostKeys = lostKeyWarnings(state.backend, log);
  /** Says a provider the config uses without a key when what it leaves unanswered changes. */
  const warnKeyless = keylessProviderWarnings(state.backend, log, internals.forProgram === true);

  const listing = servedModels({
    backend: () => state.backend,
    env: () => state.loaded.env,
    keyResolver: () => keyResolverFor(state.loaded),
    placeKeySource: (source) => keySourcePlacer(state.loaded)(source),
    proxy: proxySettings,
    setServed: (served) => server.setBackend(served),
    log,
    onDiscovery,
    configEdits: configEditsApply(options.watch !== false, fromObject),
    fixWords,
  });
  const { serve, discover } = listing;

  const { reload, refreshKeys, storeReadable } = configReloads(state, {
    fromObject,
    configPath,
    env,
    host,
    credentialStore,
    build,
    storeProblem,
    metrics,
    startOnly,
    warnLostKeys: (next) => {
      warnLostKeys(next);
      warnKeyless(next);
    },
    discover,
    serve,
    // Made below, with this step's reload and refreshKeys to call.
    watching: {
      filesOf: (config) => watching.filesOf(config),
      setFiles: (files) => watching.setFiles(files),
    },
    pruneLedgerNow: () => retention.pruneNow(),
    onReloaded: (served) => {
      warnRetired?.(state.backend.catalog);
      onReloaded?.(served);
    },
    log,
  });

  // After the server listens, and off the start's path: no request waits for it.
  setImmediate(() => {
    if (!listing.stopped) discover();
  }).unref();

  const watching = watchForReload({
    configPath,
    stateDir,
    credentialStore,
    loaded: () => state.loaded,
    fromObject,
    watch: options.watch !== false,
    reload,
    refreshKeys,
    storeReadable,
    log,
  });
  const reloads = watching.reloads;
  // gateway.ledger.keepDays: old rows go at start, every hour, and when a reload changes it.
  const retention = keepLedgerTrimmed({
    ledger,
    keepDays: () => state.loaded.config.gateway?.ledger?.keepDays,
    metrics,
    log,
  });
  const stopWatching = () => {
    retention.stop();
    listing.stop();
    watching.close();
  };

  const urls = reachableUrls(host, address.port);
  const drainMs = () => state.loaded.config.gateway?.limits?.drainTimeoutMs ?? DEFAULT_DRAIN_MS;
  let closing: Promise<{ cancelled: number }> | undefined;
  let stoppingNow: Promise<{ cancelled: number; unwritten: number }> | undefined;
  return {
    url: urls[0] as string,
    urls,
    host,
    port: address.port,
    configPath,
    reloads,
    ledgerPath,
    proxies,
    tokenSource,
    server,
    ledger,
    get drainMs() {
      return drainMs();
    },
    backend: () => listing.served(),
    reload() {
      if (closing !== undefined || stoppingNow !== undefined) {
        throw gatewayClosedError(urls[0] as string, "reload()");
      }
      return reload();
    },
    close(deadlineMs = drainMs()) {
      closing ??= (async () => {
        stopWatching();
        const result = await server.close(deadlineMs);
        await ledger?.close();
        return result;
      })();
      return closing;
    },
    stopNow() {
      stoppingNow ??= (async () => {
        stopWatching();
        // A second close with no deadline: it cancels what the first one is still waiting for.
        const { cancelled } = await server.close(0);
        await ledger?.close();
        return { cancelled, unwritten: ledger ? ledger.recorded - ledger.written : 0 };
      })();
      return stoppingNow;
    },
  };
}

export { DEFAULT_LIMITS };
