/**
 * `openclaw gateway` as a library call: load the config, make sure there is a token, open the
 * ledger, build the backend, listen, and reload on config changes. The CLI command is a thin
 * wrapper around `startGateway`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createKeyResolver, redactSecrets } from "../auth/index.js";
import type { KeyResolver } from "../auth/types.js";
import type { ApiKind } from "../catalog/types.js";
import {
  agentDir,
  type Env,
  type LoadedConfig,
  loadConfig,
  parseJson5,
  requireVariables,
  resolveConfigPath,
  resolveStateDir,
  serializeConfig,
  setConfigValue,
} from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { adoptProxyEnvironment, describeProxies } from "../providers/proxy.js";
import type { Timeouts, Transport } from "../providers/types.js";
import { createCooldowns, FixedSamplingRules } from "../runtime/index.js";
import type { RetryPolicy } from "../runtime/types.js";
import {
  type AuthPolicy,
  generateToken,
  isLoopbackHost,
  MIN_TOKEN_LENGTH,
  tokenPolicy,
} from "./auth.js";
import { type BuiltBackend, buildBackend } from "./backend.js";
import { type ConfigWatcher, watchFiles } from "./config-watch.js";
import { type LedgerRow, UsageLedger } from "./ledger.js";
import { damagedLedgerError, isDamagedFileError } from "./ledger-damage.js";
import { configuredLedgerPath } from "./ledger-location.js";
import { checkListen, listenFailure } from "./listen-check.js";
import { GatewayMetrics } from "./metrics.js";
import { openFilesLimit, streamCapacity } from "./open-files.js";
import { ReasoningMemory } from "./reasoning-memory.js";
import {
  createGatewayServer,
  DEFAULT_LIMITS,
  type GatewayLimits,
  type GatewayServer,
} from "./server.js";

export const DEFAULT_PORT = 18789;
export const DEFAULT_DRAIN_MS = 10_000;

export interface StartGatewayOptions {
  env?: Env;
  /** Overrides `gateway.port`. 0 picks a free port. */
  port?: number;
  /** Overrides `gateway.bind`: `loopback`, `lan`, or an address. */
  bind?: string;
  transports: Partial<Record<ApiKind, Transport>>;
  /** Defaults to the credential store of the main agent under the state dir. */
  resolveKey?: KeyResolver;
  /** Diagnostics (stderr in the CLI). Never receives a secret. */
  log?: (line: string) => void;
  /**
   * The one place a newly created token is shown (stdout in the CLI), once it is saved. `saved`
   * says when saving it rewrote the file as plain JSON (its comments and layout lost; the file as
   * it was is kept beside it as `.bak`).
   */
  announceToken?: (token: string, configPath: string, saved?: TokenSaved) => void;
  /** Watch the config for changes (default true). */
  watch?: boolean;
  /** Upstream timeouts for every call (the transport's defaults otherwise). */
  timeouts?: Timeouts;
  /** Retry policy for upstream calls (the runtime's defaults otherwise). */
  retry?: Partial<RetryPolicy>;
  /** Server limits over the config's `gateway.limits`. */
  limits?: Partial<GatewayLimits>;
  /** The process's open-files limit (tests); read from the system when left out. */
  openFilesLimit?: number | undefined;
  /** Told of every finished chat request, with its ledger row (the CLI's `--log-requests`). */
  onRequestFinished?: (row: LedgerRow) => void;
}

export interface TokenSaved {
  /** The file as it was before the token was saved into it, when the save rewrote its layout. */
  backupPath: string | undefined;
}

export interface RunningGateway {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly configPath: string;
  readonly ledgerPath: string | undefined;
  /** The upstream proxies in use, in one line (see `describeProxies`); undefined when none. */
  readonly proxies: string | undefined;
  readonly server: GatewayServer;
  readonly ledger: UsageLedger | undefined;
  backend(): BuiltBackend;
  /** Re-reads the config now; false (and the old config keeps serving) when it is broken. */
  reload(): boolean;
  /** Drains for up to `deadlineMs`, then closes the ledger (writing every queued row). */
  close(deadlineMs?: number): Promise<{ cancelled: number }>;
  readonly drainMs: number;
}

export function bindAddress(bind: string): string {
  const value = bind.trim().toLowerCase();
  if (value === "loopback" || value === "localhost") return "127.0.0.1";
  if (value === "lan" || value === "all") return "0.0.0.0";
  return bind.trim();
}

/**
 * The gateway token: `gateway.auth.token` (its `${VAR}` expanded at load; MissingVariableError when
 * one is not set), else `$OPENCLAW_GATEWAY_TOKEN`.
 */
export function configuredToken(loaded: LoadedConfig, env: Env): string | undefined {
  const token = loaded.config.gateway?.auth?.token;
  if (token !== undefined && token.trim() !== "") {
    requireVariables(loaded, "gateway.auth.token");
    return token;
  }
  const fromEnv = env.OPENCLAW_GATEWAY_TOKEN?.trim();
  return fromEnv ? fromEnv : undefined;
}

/** Gateway tokens seen in this process, masked in every log line. */
const knownSecrets = new Set<string>();

/** The config opts out of token auth (allowed on loopback only). */
export function authOptedOut(config: LoadedConfig["config"]): boolean {
  const auth = config.gateway?.auth;
  return auth?.mode === "none" || auth?.allowUnauthenticatedLoopback === true;
}

function authPolicyFor(loaded: LoadedConfig, env: Env, host: string): AuthPolicy | "needs-token" {
  // An unset variable there must not read as "token" (and create one) when "none" was meant.
  requireVariables(loaded, "gateway.auth.mode");
  if (authOptedOut(loaded.config)) {
    if (!isLoopbackHost(host)) {
      throw new OpenClawError(
        "gateway.auth_required",
        `the gateway would listen on ${host} without a token; running without one is allowed on loopback only`,
        {
          where: "gateway.auth.mode",
          hint: 'set gateway.auth.mode to "token" (a token is created on start), or bind to loopback',
        },
      );
    }
    return { mode: "none" };
  }
  const token = configuredToken(loaded, env);
  if (token !== undefined) knownSecrets.add(token);
  return token === undefined ? "needs-token" : tokenPolicy(token);
}

function readTextIfAny(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Whether a text is what writing its value as JSON gives (so a JSON rewrite loses nothing). */
function isPlainJsonLayout(text: string, path: string): boolean {
  try {
    const value = parseJson5(text, path);
    return (
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      serializeConfig(value as Record<string, unknown>) === text
    );
  } catch {
    return false;
  }
}

/**
 * Saves a new token as `gateway.auth.token` the way `openclaw config set` does (the file as
 * written edited, validated, replaced atomically, the old one kept as `.bak`). Says when that
 * rewrote a hand-written layout.
 */
function saveToken(configPath: string, token: string): TokenSaved {
  const before = readTextIfAny(configPath);
  setConfigValue(configPath, "gateway.auth.token", token);
  const after = readTextIfAny(configPath);
  const rewritten =
    before !== undefined &&
    before.trim() !== "" &&
    !isPlainJsonLayout(before, configPath) &&
    after !== undefined &&
    isPlainJsonLayout(after, configPath);
  return { backupPath: rewritten ? `${configPath}.bak` : undefined };
}

/** Why a ledger file cannot be opened, in words, for the errno codes a person can act on. */
const LEDGER_FS_WORDS: Record<string, string> = {
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of its path is a file, not a directory",
  ENOSPC: "the disk is full",
};

/** Opens the ledger (creating the file when there is none) and waits for its writer. */
async function openLedger(path: string): Promise<UsageLedger> {
  let ledger: UsageLedger | undefined;
  try {
    ledger = new UsageLedger({ path });
    await ledger.ready();
    return ledger;
  } catch (error) {
    await ledger?.close();
    if (isDamagedFileError(error)) throw damagedLedgerError(path, error);
    const code = (error as { code?: unknown }).code;
    const why =
      (typeof code === "string" ? LEDGER_FS_WORDS[code] : undefined) ??
      (error instanceof Error ? error.message : String(error));
    throw new OpenClawError(
      "gateway.ledger_unavailable",
      `cannot open the usage ledger ${path}: ${why}`,
      {
        hint: "check the state dir's permissions, move the file away, set gateway.ledger.path elsewhere, or gateway.ledger.enabled: false",
        where: "gateway.ledger",
        cause: error,
      },
    );
  }
}

/** An error's message (and `more`), then its hint on the next line when it has one. */
function describeFailure(error: unknown, more = ""): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | null)?.hint;
  return `${message}${more}${typeof hint === "string" ? `\n  hint: ${hint}` : ""}`;
}

function limitsFrom(loaded: LoadedConfig): Partial<GatewayLimits> {
  const limits = loaded.config.gateway?.limits;
  const out: Partial<GatewayLimits> = {};
  if (limits?.maxBodyBytes !== undefined) out.maxBodyBytes = limits.maxBodyBytes;
  if (limits?.maxMessages !== undefined) out.maxMessages = limits.maxMessages;
  if (limits?.maxConcurrentStreams !== undefined)
    out.maxConcurrentUpstream = limits.maxConcurrentStreams;
  if (limits?.headersTimeoutMs !== undefined) out.headersTimeoutMs = limits.headersTimeoutMs;
  if (limits?.requestTimeoutMs !== undefined) out.requestTimeoutMs = limits.requestTimeoutMs;
  return out;
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const rawLog = options.log ?? (() => {});
  // Config errors can quote the offending line; never let a key or token reach the log.
  const log = (line: string) => rawLog(redactSecrets(line, knownSecrets));
  const configPath = resolveConfigPath(env);
  const stateDir = resolveStateDir(env);
  let loaded = loadConfig({ path: configPath, env });
  // Upstream proxies, from the shell or the config's `env` block: a bad variable stops the start.
  const proxies = describeProxies(adoptProxyEnvironment(loaded.env));
  const gatewayConfig = loaded.config.gateway ?? {};
  if (options.bind === undefined) requireVariables(loaded, "gateway.bind");
  const port = options.port ?? gatewayConfig.port ?? DEFAULT_PORT;
  const bind = options.bind ?? gatewayConfig.bind ?? "loopback";
  const host = bindAddress(bind);

  // Whatever can refuse the start is asked before anything is written (a new token into the
  // config file, the ledger file): a start that fails leaves the person's files as they were.
  const configured = authPolicyFor(loaded, env, host);
  const newToken = configured === "needs-token" ? generateToken() : undefined;
  if (newToken !== undefined) knownSecrets.add(newToken);
  let currentAuth: AuthPolicy =
    newToken !== undefined ? tokenPolicy(newToken) : (configured as AuthPolicy);
  if (
    currentAuth.mode === "token" &&
    currentAuth.token.length < MIN_TOKEN_LENGTH &&
    !isLoopbackHost(host)
  ) {
    log(
      `gateway: warning: the gateway token has ${currentAuth.token.length} characters and the gateway listens on ${host}: others on the network could guess it\n  hint: remove gateway.auth.token and restart: the gateway creates a long random one`,
    );
  }

  const credentialsDir = agentDir(stateDir);
  const keyResolverFor = (config: LoadedConfig): KeyResolver =>
    options.resolveKey ?? createKeyResolver({ agentDir: credentialsDir, env: config.env });
  const cooldowns = createCooldowns();
  const sampling = new FixedSamplingRules();
  const build = (config: LoadedConfig, policy: AuthPolicy) =>
    buildBackend({
      loaded: config,
      resolveKey: keyResolverFor(config),
      transports: options.transports,
      auth: policy,
      cooldowns,
      sampling,
      ...(options.retry ? { retry: options.retry } : {}),
    });
  let backend = build(loaded, currentAuth);

  const ledgerPath =
    gatewayConfig.ledger?.enabled === false ? undefined : configuredLedgerPath(loaded, stateDir);
  const limits = { ...limitsFrom(loaded), ...options.limits };
  await checkListen(port, host, bind);

  const ledger = ledgerPath ? await openLedger(ledgerPath) : undefined;
  if (newToken !== undefined) {
    let saved: TokenSaved;
    try {
      saved = saveToken(configPath, newToken);
    } catch (error) {
      await ledger?.close();
      throw error;
    }
    options.announceToken?.(newToken, configPath, saved);
    loaded = loadConfig({ path: configPath, env });
  }
  if (ledger) {
    ledger.onError = (error) =>
      log(
        `gateway: could not write the usage ledger (${error instanceof Error ? error.message : String(error)}); rows kept in memory`,
      );
  }
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
    backend,
    ledger,
    metrics,
    memory: new ReasoningMemory({ maxEntries: 10_000, ttlMs: 3_600_000 }),
    limits,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    log,
    ...(options.onRequestFinished ? { onRequestFinished: options.onRequestFinished } : {}),
  });

  let address: { port: number };
  try {
    address = await server.listen(port, host);
  } catch (error) {
    await ledger?.close();
    throw listenFailure(error, port, host, bind);
  }

  const watchList = (config: LoadedConfig) => [
    config.path,
    ...config.files,
    join(credentialsDir, "auth-profiles.json"),
  ];

  const reload = (): boolean => {
    try {
      const next = loadConfig({ path: configPath, env });
      const policy = authPolicyFor(next, env, host);
      // A token removed from the file keeps the running one: a token is only created at start.
      const nextAuth = policy === "needs-token" ? currentAuth : policy;
      const nextBackend = build(next, nextAuth);
      loaded = next;
      currentAuth = nextAuth;
      backend = nextBackend;
      server.setBackend(nextBackend);
      watcher?.setFiles(watchList(next));
      metrics.reloads.add({ result: "ok" });
      log(`gateway: config reloaded from ${configPath}`);
      for (const problem of nextBackend.problems)
        log(`gateway: ${problem.where}: ${problem.message}`);
      const nextGateway = next.config.gateway ?? {};
      if ((nextGateway.port ?? DEFAULT_PORT) !== port && options.port === undefined) {
        log("gateway: gateway.port changed; restart the gateway to listen on the new port");
      }
      // Values read at start only: one naming an unset variable would stop the next start.
      for (const path of ["gateway.bind", "gateway.ledger.path"]) {
        try {
          requireVariables(next, path);
        } catch (error) {
          log(
            `gateway: warning: ${describeFailure(error, `; ${path} is read at start only: this gateway goes on as it is, the next start will fail`)}`,
          );
        }
      }
      return true;
    } catch (error) {
      metrics.reloads.add({ result: "error" });
      log(
        `gateway: config reload failed, still serving the last good config: ${describeFailure(error)}`,
      );
      return false;
    }
  };

  let watcher: ConfigWatcher | undefined;
  if (options.watch !== false) watcher = watchFiles(watchList(loaded), reload);

  const displayHost = host.includes(":") ? `[${host}]` : host;
  const drainMs = gatewayConfig.limits?.drainTimeoutMs ?? DEFAULT_DRAIN_MS;
  let closing: Promise<{ cancelled: number }> | undefined;
  return {
    url: `http://${displayHost}:${address.port}`,
    host,
    port: address.port,
    configPath,
    ledgerPath,
    proxies,
    server,
    ledger,
    drainMs,
    backend: () => backend,
    reload,
    close(deadlineMs = drainMs) {
      closing ??= (async () => {
        watcher?.close();
        const result = await server.close(deadlineMs);
        await ledger?.close();
        return result;
      })();
      return closing;
    },
  };
}

export { DEFAULT_LIMITS };
