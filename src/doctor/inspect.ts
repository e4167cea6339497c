/**
 * `openclaw doctor`'s fact gathering: the config, the state files' permissions, the keys, the
 * gateway's port and ledger, and with `probe` one `GET /models` per provider with its key. The
 * judgement is in `findings.ts`.
 */
import { accessSync, closeSync, constants, existsSync, openSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  authStorePath,
  type CheckKeyFn,
  checkKey,
  emptyAuthStore,
  ownOnboardCommand,
  readAuthStore,
} from "../auth/index.js";
import {
  buildCatalog,
  type Catalog,
  checkCatalog,
  configuredProviders,
  foldSharedCauses,
  withOrigins,
} from "../catalog/index.js";
import { keyShapedNameFindings } from "../catalog/key-shaped-names.js";
import { placeholderKeyFindings } from "../catalog/placeholder-keys.js";
import {
  agentDir,
  ConfigError,
  type ConfigNotice,
  configNotices,
  configValueLocator,
  type Env,
  formatOrigin,
  type LoadedConfig,
  loadConfig,
  parsePath,
  readConfigTree,
  resolveConfigPath,
  resolveStateDir,
} from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import { corsPolicy } from "../gateway/cors.js";
import { holdsSecrets } from "../gateway/exposed-files.js";
import { LEDGER_VERSION } from "../gateway/ledger.js";
import { blockedLedgerHint, blockedLedgerWhy, ledgerBlockedBy } from "../gateway/ledger-blocked.js";
import { newerLedgerError, otherDatabaseHint } from "../gateway/ledger-damage.js";
import { ledgerLocation } from "../gateway/ledger-location.js";
import { anotherProgramsDatabase } from "../gateway/ledger-open.js";
import { unwritableLedgerPart, unwritableLedgerText } from "../gateway/ledger-writable.js";
import { checkListen, PortHeldByGatewayError } from "../gateway/listen-check.js";
import { openFilesLimit } from "../gateway/open-files.js";
import { portHolder } from "../gateway/port-holder.js";
import { revealTokenCommand } from "../gateway/reveal-token.js";
import { runningNotesOfConfig } from "../gateway/running-note.js";
import { sqliteBindingError } from "../gateway/sqlite-binding.js";
import { sqliteBindingFailure } from "../gateway/sqlite-loads.js";
import {
  authOptedOut,
  bindAddress,
  configuredToken,
  DEFAULT_LIMITS,
  DEFAULT_PORT,
  ledgerFileWords,
} from "../gateway/start.js";
import { ledgerNotReadable, readLedger } from "../gateway/usage-report.js";
import { modelsStatus } from "../onboard/models-view.js";
import { placeholderOnboardCommand, placeholderUnusedHint } from "../onboard/placeholder-unused.js";
import { probeStatusKeys } from "../onboard/probe-keys.js";
import { type RetiredChainMember, retiredChainMembers } from "../onboard/retired-chain.js";
import { placeBaseUrls } from "../runtime/base-url-place.js";
import { isLoopbackHost } from "../util/loopback.js";
import { unwritableReason } from "../util/writable.js";
import {
  configFindings,
  disabledProviderFindings,
  type FileFacts,
  type Finding,
  fileFindings,
  finding,
  type GatewayFacts,
  gatewayFindings,
  modelFindings,
  nodeFindings,
  probeFindings,
  type RunningGatewayFact,
} from "./findings.js";
import { retiredConfiguredFindings } from "./retired-configured.js";
import { liveModelLists, unlistedModelFindings } from "./unlisted-models.js";

export const MINIMUM_NODE = "20.18.0";

export interface DoctorOptions {
  env?: Env;
  /** Also try each provider's key against its endpoint (one `GET /models` each). */
  probe?: boolean;
  checkKey?: CheckKeyFn;
}

/** Where the default model is written: the model check reports it. */
const PRIMARY_PATHS = new Set(["agents.defaults.model", "agents.defaults.model.primary"]);

/**
 * A config notice (an unset `${VAR}`, a key written twice) or a placeholder key, as `config
 * validate` words it: a warning.
 */
/**
 * Where a config that cannot be loaded is wrong, as `config validate --json` places it: the file
 * and line of its (first) problem, and the dotted path when it is one setting's.
 */
function placeOf(error: unknown): { path?: string; file?: string; line?: number } {
  if (!(error instanceof ConfigError)) return {};
  const only = error.issues.length === 1 ? error.issues[0] : undefined;
  return {
    ...(only ? { path: only.path } : {}),
    ...(error.file ? { file: error.file } : {}),
    ...(error.line ? { line: error.line } : {}),
  };
}

function noticeProblem(notice: ConfigNotice) {
  return {
    path: notice.path,
    message: notice.message,
    hint: notice.hint,
    level: "warning" as const,
    file: notice.file,
    line: notice.line,
  };
}

/**
 * The model check's failure of a default model the config names wrongly, with where the config
 * writes it (`config validate` reports the same problem at that file and line).
 */
function placedDefault(
  findings: Finding[],
  problem: { path: string; file?: string | undefined; line?: number | undefined } | undefined,
): Finding[] {
  const file = problem?.file;
  if (!problem || !file) return findings;
  const where = `${file}${problem.line ? `:${problem.line}` : ""}`;
  return findings.map((item) =>
    item.check === "model" && item.level === "fail"
      ? {
          ...item,
          where,
          path: problem.path,
          file,
          ...(problem.line ? { line: problem.line } : {}),
        }
      : item,
  );
}

/** How long the gateway's port may take to answer `/healthz`. */
const PORT_CHECK_MS = 2_000;

function modeOf(path: string): { mode: number; directory: boolean } | undefined {
  try {
    const stat = statSync(path);
    return { mode: stat.mode, directory: stat.isDirectory() };
  } catch {
    return undefined;
  }
}

function fileFacts(label: string, path: string, secret: boolean): FileFacts {
  const stat = modeOf(path);
  return { label, path, mode: stat?.mode, directory: stat?.directory ?? false, secret };
}

/**
 * The config file and every file it includes, each with whether it holds a key or a token as
 * written there (an `apiKey`, the gateway's token, a key in the `env` block, an `Authorization`
 * header, anything shaped like a key): each is as exposed as its own permissions let it be.
 */
function configFilesFacts(configPath: string, loaded: LoadedConfig | undefined): FileFacts[] {
  if (!loaded?.exists) return [fileFacts("config", configPath, false)];
  let parsed: Map<string, unknown>;
  try {
    parsed = readConfigTree(loaded.path).parsed;
  } catch {
    // Changed since it was loaded: judged as loaded, the main file only.
    return [fileFacts("config", configPath, holdsSecrets(loaded.written))];
  }
  return loaded.files.map((file, index) =>
    fileFacts(index === 0 ? "config" : "included config", file, holdsSecrets(parsed.get(file))),
  );
}

/**
 * Why nothing can be created in the nearest existing directory of `file` (where the gateway will
 * write it), if nothing can: the permissions first, then a real try (a file created and removed at
 * once), since root passes every permission check yet not a read-only or immutable directory.
 */
function cannotCreate(file: string): string | undefined {
  const reason = unwritableReason(file);
  if (reason !== undefined) return reason;
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const probe = join(dir, `.openclaw-doctor-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, "wx", 0o600));
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${dir} is not writable (${ledgerFileWords(code) ?? code ?? "cannot create a file there"})`;
  }
}

/**
 * What would stop the gateway opening the ledger, as it would say it: SQLite's module is not
 * built, the file cannot be written or created, it is a directory, or SQLite cannot read it
 * (damaged, not a database), asked on a read-only open, as `openclaw usage` reads it. `level`
 * warn: the gateway starts, but on a database it did not write.
 */
function ledgerProblem(
  path: string,
): { message: string; hint?: string; level: "fail" | "warn" } | undefined {
  // An unbuilt SQLite module fails every open, the first start's included: said as the gateway
  // says it, whether or not there is a ledger yet.
  const unloadable = sqliteBindingFailure();
  if (unloadable !== undefined) {
    const { message, hint } = sqliteBindingError("doctor.sqlite", path, unloadable);
    return { message, ...(hint ? { hint } : {}), level: "fail" };
  }
  let isFile = false;
  try {
    const stat = statSync(path);
    if (stat.isDirectory())
      return {
        message: `cannot open the usage ledger ${path}: it is a directory`,
        hint: `move the directory away, or set gateway.ledger.path to a file (${join(path, "usage.sqlite")}, say)`,
        level: "fail",
      };
    isFile = true;
  } catch {
    // not there yet: the first start creates it
  }
  if (!isFile) {
    // A file where its directory should be: the gateway's words, which say to move that file.
    const blocking = ledgerBlockedBy(path);
    if (blocking !== undefined)
      return {
        message: `cannot open the usage ledger ${path}: ${blockedLedgerWhy(blocking)}`,
        hint: blockedLedgerHint(blocking),
        level: "fail",
      };
    // Its directory there and not writable: in the gateway's words, which do not say to move
    // away a file that is not there.
    const unwritable = unwritableProblem(path);
    if (unwritable !== undefined) return unwritable;
    const reason = cannotCreate(path);
    return reason === undefined
      ? undefined
      : { message: `the usage ledger ${path} cannot be written: ${reason}`, level: "fail" };
  }
  // Unreadable (mode 000, another user's file) is said as such: "read-only" would be untrue.
  const notReadable = ledgerNotReadable(path);
  if (notReadable) return { message: notReadable.message, hint: notReadable.hint, level: "fail" };
  // In the gateway's order and words (see openLedger): another program's database first, then a
  // ledger file, a journal file beside it or a directory it may not write.
  const unwritable = unwritableLedgerPart(path);
  const foreign = unwritable?.role === "journal" ? undefined : anotherProgramsDatabase(path);
  if (foreign) return { message: foreign.message, hint: foreign.hint, level: "fail" };
  if (unwritable !== undefined) return unwritableProblem(path, unwritable);
  try {
    const version = readLedger(path, (db) => db.pragma("user_version", { simple: true }));
    // A newer openclaw's ledger: the gateway of this one refuses to write to it.
    if (typeof version === "number" && version > LEDGER_VERSION)
      throw newerLedgerError(path, version, LEDGER_VERSION);
    return undefined;
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    // `openclaw usage` refuses such a database (not another program's: see above); the gateway
    // writes into it: what it will do there is what the person deciding whether to move it needs
    // to know.
    const hint = error.code === "ledger.not_a_ledger" ? otherDatabaseHint(path) : error.hint;
    return {
      message: error.message,
      ...(hint ? { hint } : {}),
      // A SQLite database without the ledger's tables, or a view without some of its columns:
      // the gateway adds them to it.
      level:
        error.code === "ledger.not_a_ledger" || error.code === "ledger.incomplete"
          ? "warn"
          : "fail",
    };
  }
}

/** A part of the ledger the gateway may not write (see ledger-writable), said in its words. */
function unwritableProblem(
  path: string,
  unwritable = unwritableLedgerPart(path),
): { message: string; hint: string; level: "fail" } | undefined {
  if (unwritable === undefined) return undefined;
  const words = ledgerFileWords(unwritable.code) ?? unwritable.code;
  const { why, hint } = unwritableLedgerText(path, unwritable, words);
  return { message: `the usage ledger ${path} cannot be written: ${why}`, hint, level: "fail" };
}

/** Why an existing file cannot be replaced (rewritten atomically beside itself), if it cannot. */
function writableFileProblem(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
  } catch {
    return `${path} is read-only`;
  }
  return cannotCreate(path);
}

/**
 * Listens on the address for a moment, as the gateway does before it writes anything: free, in
 * use (by a gateway or not: see `portState`), or unusable with the gateway's own words for why.
 */
async function portFacts(
  host: string,
  bind: string,
  port: number,
  timeoutMs: number,
): Promise<Pick<GatewayFacts, "portState" | "portProblem">> {
  try {
    await checkListen(port, host, bind, timeoutMs);
    return { portState: "free" };
  } catch (error) {
    // checkListen has asked the port's holder already (its /healthz): asked once.
    if (error instanceof PortHeldByGatewayError) return { portState: "gateway" };
    if (isOpenClawError(error) && error.code === "gateway.port_in_use")
      return { portState: "other" };
    const message = error instanceof Error ? error.message : String(error);
    const where =
      isOpenClawError(error) && error.where === "gateway.port" ? "gateway.port" : "gateway.bind";
    return { portState: "unusable", portProblem: { message, where } };
  }
}

/**
 * The gateways of this config that run now, as their notes in the state directory say (see
 * running-note) and their /healthz confirms: a note whose process is gone, or whose port no
 * longer answers as a gateway, is not told (a crashed gateway's note must not mislead).
 */
async function runningGateways(
  stateDir: string,
  configPath: string,
  configured: { port: number; state: GatewayFacts["portState"] },
  timeoutMs: number,
): Promise<RunningGatewayFact[]> {
  const notes = runningNotesOfConfig(stateDir, configPath);
  // The configured port's holder was asked already (see portFacts): not asked twice.
  const answering = await Promise.all(
    notes.map(async (note) =>
      note.port === configured.port
        ? configured.state === "gateway"
        : (await portHolder(note.host, note.port, timeoutMs)) === "gateway",
    ),
  );
  return notes
    .filter((_, index) => answering[index])
    .map(({ pid, host, port, startedAt }) => ({ pid, host, port, startedAt }));
}

async function gatewayFacts(loaded: LoadedConfig, env: Env, stateDir: string) {
  const gateway = loaded.config.gateway ?? {};
  const host = bindAddress(gateway.bind ?? "loopback");
  const port = gateway.port ?? DEFAULT_PORT;
  const optOut = authOptedOut(loaded.config);
  let token = "";
  let tokenProblem: GatewayFacts["tokenProblem"];
  try {
    token = configuredToken(loaded, env)?.trim() ?? "";
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    tokenProblem = { message: error.message, where: error.where, hint: error.hint };
  }
  const ledgerPath =
    gateway.ledger?.enabled === false ? undefined : ledgerLocation(loaded.config, stateDir);
  // With no token yet, the first start saves one into the config: that file must be writable.
  const configPath = loaded.path;
  const tokenSaveProblem =
    !optOut && token === "" && tokenProblem === undefined
      ? existsSync(configPath)
        ? writableFileProblem(configPath)
        : cannotCreate(configPath)
      : undefined;
  let corsProblem: GatewayFacts["corsProblem"];
  try {
    corsPolicy(gateway.cors, !optOut);
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    corsProblem = { message: error.message, where: error.where, hint: error.hint };
  }
  const portState = await portFacts(host, gateway.bind ?? "loopback", port, PORT_CHECK_MS);
  const facts: GatewayFacts = {
    port,
    host,
    authMode: optOut ? "none" : "token",
    hasToken: token !== "",
    tokenLength: token.length,
    ...portState,
    running: await runningGateways(
      stateDir,
      configPath,
      { port, state: portState.portState },
      PORT_CHECK_MS,
    ),
    ledgerPath,
    ledgerConfigured: gateway.ledger?.path !== undefined,
    ...(ledgerPath === undefined ? {} : { ledgerIssue: ledgerProblem(ledgerPath) }),
    ledgerProblem: undefined,
    ...(tokenSaveProblem ? { tokenSaveProblem } : {}),
    // Pasted into a plain shell, the command reads the config doctor read (its own state dir's).
    revealTokenCommand: revealTokenCommand(configPath, env),
    loopback: isLoopbackHost(host),
    ...(corsProblem ? { corsProblem } : {}),
    ...(tokenProblem ? { tokenProblem } : {}),
    openFiles: openFilesLimit(),
    maxConcurrentStreams:
      gateway.limits?.maxConcurrentStreams ?? DEFAULT_LIMITS.maxConcurrentUpstream,
  };
  return facts;
}

/**
 * `findings` with a warning for each default or fallback the provider does not serve (every
 * request to it answers 404), `members`, in place of the line that calls the default fine; after
 * the model's lines when there is no such line.
 */
function withRetiredMembers(
  findings: Finding[],
  catalog: Catalog,
  members: readonly RetiredChainMember[],
): Finding[] {
  const locate = catalog.source.exists ? configValueLocator(catalog.source.path) : undefined;
  const retired = members.map(({ message, fix, path }) => {
    const origin = locate?.(parsePath(path));
    return {
      ...finding("model", "warn", message, {
        where: origin ? formatOrigin(origin) : path,
        hint: fix,
      }),
      path,
      ...(origin ? { file: origin.file, ...(origin.line ? { line: origin.line } : {}) } : {}),
    };
  });
  if (retired.length === 0) return findings;
  const fine = findings.findIndex((item) => item.check === "model" && item.level === "ok");
  if (fine >= 0) return [...findings.slice(0, fine), ...retired, ...findings.slice(fine + 1)];
  return afterModelLines(findings, retired);
}

/**
 * `findings` (the model check's lines, then the keys' and the proxy's) with `more` model lines
 * after the model check's own, before the keys': a model finding reads beside the others.
 */
function afterModelLines(findings: Finding[], more: readonly Finding[]): Finding[] {
  const lastModel = findings.findLastIndex((item) => item.check === "model");
  return [...findings.slice(0, lastModel + 1), ...more, ...findings.slice(lastModel + 1)];
}

/**
 * Whether the credential store can be read; when it cannot (not JSON, a version this tool does not
 * read, an entry it cannot use), a failure saying where and what to do.
 */
function storeFacts(agent: string): { problem?: Finding } {
  try {
    readAuthStore(agent);
    return {};
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    return {
      problem: finding("store", "fail", error.message, {
        where: error.where,
        hint: error.hint,
      }),
    };
  }
}

export async function runDoctor(options: DoctorOptions = {}): Promise<Finding[]> {
  const env = options.env ?? process.env;
  const findings: Finding[] = [...nodeFindings(process.versions.node, MINIMUM_NODE)];
  const configPath = resolveConfigPath(env);
  const stateDir = resolveStateDir(env);
  const agent = agentDir(stateDir);
  const storePath = authStorePath(agent);

  let loaded: LoadedConfig | undefined;
  try {
    // As what runs models loads it: a bad value inside one provider leaves out that provider
    // only, so the checks after the config's (keys, default chain, probe, gateway) still run on
    // the others. The config check still fails, listing each of its problems (the catalog's).
    loaded = loadConfig({ path: configPath, env, providerProblems: "disable" });
  } catch (error) {
    if (!isOpenClawError(error)) throw error;
    findings.push(
      ...configFindings({
        path: configPath,
        exists: true,
        error: { message: error.message, where: error.where, hint: error.hint, ...placeOf(error) },
        problems: [],
        ignored: [],
        providers: 0,
      }),
    );
  }
  const catalog = loaded ? buildCatalog(loaded) : undefined;
  // A probe that could not reach an endpoint names the line its base URL is set on.
  if (loaded && catalog) placeBaseUrls(catalog, loaded);
  // A provider's problem once, with what it affects, not again for each ref to its models.
  const catalogProblems = catalog
    ? withOrigins(catalog, foldSharedCauses(checkCatalog(catalog)))
    : [];
  if (loaded && catalog) {
    findings.push(
      ...configFindings({
        path: configPath,
        exists: loaded.exists,
        // The default model is the model check's, which also says whether it has a key.
        problems: [
          ...catalogProblems
            .filter((problem) => !PRIMARY_PATHS.has(problem.path))
            .map(({ path, message, hint, level, file, line, affects }) => ({
              path,
              message,
              affects,
              hint,
              level,
              file,
              line,
            })),
          // What config validate warns about beside the catalog's checks, the same words and
          // places: a `${VAR}` not set, a key written twice, a docs' placeholder key, a key
          // pasted as a name.
          ...configNotices(loaded).map(noticeProblem),
          ...withOrigins(catalog, [
            ...placeholderKeyFindings(
              loaded.written,
              placeholderUnusedHint(catalog, { agentDir: agent, env: loaded.env }),
              [],
              placeholderOnboardCommand(catalog, loaded.env),
            ),
            ...keyShapedNameFindings(loaded.written),
          ]).map(noticeProblem),
        ],
        ignored: loaded.ignoredSections,
        providers: configuredProviders(catalog).length,
        defaultModelFails: catalogProblems.some(
          (problem) => PRIMARY_PATHS.has(problem.path) && problem.level !== "warning",
        ),
      }),
    );
  }
  const configFiles = configFilesFacts(configPath, loaded);
  findings.push(
    ...fileFindings([
      fileFacts("state directory", stateDir, false),
      // A directory where the config belongs fails the config check, saying what to do; the
      // permissions of that directory are beside the point.
      ...configFiles.filter((file) => !file.directory),
      // So for a directory where the credential store belongs: the store check says to move it.
      ...[fileFacts("credential store", storePath, true)].filter((file) => !file.directory),
    ]),
  );
  // A store that cannot be read is a finding of its own; the checks after it run without its keys.
  const store = storeFacts(agent);
  if (store.problem) findings.push(store.problem);
  if (!loaded || !catalog) return findings;

  const context = {
    catalog,
    env: loaded.env,
    processEnv: env,
    agentDir: agent,
    ...(store.problem ? { store: emptyAuthStore() } : {}),
  };
  const status = modelsStatus(context, storePath);
  // Probed first: a doubtful key's finding says what its provider's probe line below says.
  const probes =
    options.probe && !store.problem
      ? await probeStatusKeys(context, status, options.checkKey ?? checkKey)
      : undefined;
  // With --probe, the lists of the models the keys can use decide for their providers.
  const live = probes ? liveModelLists(catalog, probes) : undefined;
  const retiredMembers = retiredChainMembers(catalog, {
    standing: true,
    ...(live ? { live } : {}),
  });
  findings.push(
    ...afterModelLines(
      withRetiredMembers(
        placedDefault(
          modelFindings(status, store.problem ? storePath : undefined, probes, (provider) => {
            // The base URL as written (not as shown), placed by the effective environment: a
            // provider at the address an OPENCLAW_*_BASE_URL override names is that endpoint.
            const baseUrl = catalog.providers.get(provider)?.baseUrl;
            return baseUrl === undefined
              ? undefined
              : ownOnboardCommand(provider, baseUrl, loaded.env);
          }),
          catalogProblems.find((problem) => PRIMARY_PATHS.has(problem.path)),
        ),
        catalog,
        retiredMembers,
      ),
      [
        // The rest of the config's models: offline, for the providers no probe read a list of.
        ...retiredConfiguredFindings(
          catalog,
          live,
          new Set(retiredMembers.map((member) => member.ref)),
        ),
        // A provider left out of the checks is said with the models, before the keys it lacks.
        ...disabledProviderFindings(
          status,
          catalogProblems.flatMap(({ provider, schema, path, file, line }) =>
            schema && provider ? [{ provider, path, file, line }] : [],
          ),
        ),
      ],
    ),
  );
  if (options.probe && store.problem) {
    findings.push(
      finding("probe", "warn", "keys not tried: the credential store cannot be read", {
        where: storePath,
        hint: "fix it (see above), then run: openclaw doctor --probe",
      }),
    );
  } else if (probes) {
    // A default or fallback the key's list lacks is said once, on its model line above.
    const saidOfChain = new Set(retiredMembers.map((member) => member.ref));
    findings.push(...probeFindings(probes), ...unlistedModelFindings(catalog, probes, saidOfChain));
  }
  findings.push(...gatewayFindings(await gatewayFacts(loaded, env, stateDir)));
  return findings;
}
