/**
 * The gateway's reload step: reading the config again and deciding what the new one changes
 * (the backend, the auth, the files watched, the ledger's keepDays, the lines the log says), then
 * applying it to what is served; a config that is gone, broken or that `openclaw config validate`
 * would fail for a new reason keeps the last good one. And the lighter step beside it: the last
 * good config built again for the credential store's sake.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { readAuthStore } from "../auth/index.js";
import { type Catalog, newCatalogErrors, withOrigins } from "../catalog/index.js";
import { type Env, type LoadedConfig, loadConfig, readConfigTree } from "../config/index.js";
import type { AuthPolicy } from "./auth.js";
import type { BuiltBackend } from "./backend.js";
import { backendProblemLine } from "./backend-problem-lines.js";
import { configFileGone, unreadableFile } from "./config-file-state.js";
import { exposedFiles, holdsSecrets, type ReadFile } from "./exposed-files.js";
import { describeFailure } from "./failure-text.js";
import { authPolicyFor } from "./gateway-token.js";
import { explainIncludedFileGone } from "./included-gone.js";
import type { GatewayMetrics } from "./metrics.js";
import { authChangeLines, authOnReload } from "./reload-auth.js";
import { describeChangedFiles, startOnlyText } from "./reload-check.js";
import { failedReload, type ReloadFailed, refusedReloadFailure } from "./reload-failure.js";
import type { ReloadWatch } from "./reload-watch.js";
import { revealTokenCommand, withMovedConfigTokenFrom } from "./reveal-token.js";
import type { StartOnlyReport } from "./start-only-settings.js";

/** What the gateway serves now: a reload that applies, or a key re-read, replaces its parts. */
export interface ServingState {
  /** The last good config. */
  loaded: LoadedConfig;
  /** The auth policy the last good build serves with. */
  auth: AuthPolicy;
  /** The last good build. */
  backend: BuiltBackend;
  /** A reload found the config asking for a token that is not set after running without one. */
  noTokenSet: boolean;
  /** Said once per removal: a token taken out of the file keeps serving until a restart. */
  tokenRemovalSaid: boolean;
}

/** What the reload step reads and tells in the running gateway. */
export interface ReloadConfigDeps {
  /** Started with a config object: there is no file to read again. */
  fromObject: boolean;
  configPath: string;
  env: Env;
  /** The address the gateway binds, for the auth a config asks for there. */
  host: string;
  /** The credential store's file, named when its change caused the reload. */
  credentialStore: string;
  build(config: LoadedConfig, auth: AuthPolicy): BuiltBackend;
  /** What is wrong with the credential store's file now, or undefined when it reads well. */
  storeProblem(): unknown;
  metrics: GatewayMetrics;
  /** The start-only settings of each reload's config, against those the gateway started with. */
  startOnly: { check(next: LoadedConfig): StartOnlyReport };
  /**
   * Warns when a build leaves a provider that had a key at the last one without any, or changes
   * what a provider the config uses without a key leaves unanswered; and says when one warned of
   * has a key again, or for the first time (an apiKey set, the credential store written).
   */
  warnLostKeys(next: BuiltBackend): void;
  /** Asks the providers whose endpoint or key is new for their model lists. */
  discover(): void;
  /** Serves the last good build. */
  serve(): void;
  /** The watch on the config's files (made after this step, which it calls). */
  watching: Pick<ReloadWatch, "filesOf" | "setFiles">;
  /** Prunes the ledger with the served config's keepDays now. */
  pruneLedgerNow(): void;
  /** startGateway's `onReloaded`, as it is when told. */
  onReloaded(served: LoadedConfig): void;
  /** Says `line`; a refused reload's facts come as `fields` too. */
  log(line: string, fields?: ReloadFailed): void;
}

export interface ConfigReloads {
  /**
   * Re-reads the config; false when the last good one keeps serving. `changed`: the watched
   * files seen to change (none when a reload is asked for directly).
   */
  reload(changed?: readonly string[]): boolean;
  /**
   * The last good config built again, for the credential store's sake: requests read the store
   * anyway (each key lookup checks the file), but which models are listed and which providers
   * have no key were worked out at the last build. A store that cannot be read keeps the backend.
   * A key removed from the store drops its provider's models from the list: that is said too.
   */
  refreshKeys(): void;
  /**
   * Whether the credential store's file reads well now, counted as a reload that applied; when
   * not, says so (the keys last read from it keep serving) and counts a failed reload.
   */
  storeReadable(): boolean;
}

/**
 * What serves while the credential store reads badly. Said plainly: a person who took a key out
 * (a leaked one) and left a comma behind would otherwise take the key for gone while it is sent.
 */
const KEPT_KEYS =
  "the keys last read from the credential store (a key taken out of it since is still sent until it reads well)";

/** The providers a schema problem in their settings disables in `catalog`. */
function disabledProviderIds(catalog: Catalog): Set<string> {
  return new Set(
    catalog.problems.flatMap((problem) =>
      problem.schema && problem.provider ? [problem.provider] : [],
    ),
  );
}

/** The config's files, each with whether it holds a key or a token as written there (as doctor). */
function configFilesRead(loaded: LoadedConfig): ReadFile[] {
  let parsed: Map<string, unknown>;
  try {
    parsed = readConfigTree(loaded.path).parsed;
  } catch {
    // Changed since it was loaded: judged as loaded, the main file only.
    return [{ label: "config", path: loaded.path, secret: holdsSecrets(loaded.written) }];
  }
  return loaded.files.map((file, index) => ({
    label: index === 0 ? "config" : "included config",
    path: file,
    secret: holdsSecrets(parsed.get(file)),
  }));
}

/** Whether the credential store's file holds a profile (a key, a token) now. */
function storeHoldsKeys(credentialStore: string): boolean {
  try {
    return Object.keys(readAuthStore(dirname(credentialStore)).profiles).length > 0;
  } catch {
    return false; // unreadable or broken: said as such elsewhere
  }
}

/** Reloads into `state`, which the caller reads for what is served. */
export function configReloads(state: ServingState, deps: ReloadConfigDeps): ConfigReloads {
  const { fromObject, configPath, env, host, credentialStore, build, metrics, log } = deps;
  const { startOnly, warnLostKeys, discover, serve, watching } = deps;
  /**
   * Says the files read again that hold a secret and that other users can read (a save by
   * rename leaves the umask's 0644): the config's files when `loaded` is given, and the store.
   */
  const exposed = exposedFiles();
  const filesRead = (loaded?: LoadedConfig): ReadFile[] => [
    ...(loaded?.exists ? configFilesRead(loaded) : []),
    { label: "credential store", path: credentialStore, secret: storeHoldsKeys(credentialStore) },
  ];
  exposed.seed([...(fromObject ? [] : state.loaded.files), credentialStore]);
  const tellExposed = (loaded?: LoadedConfig) => {
    for (const line of exposed.check(filesRead(loaded))) log(line);
  };

  const reload = (changed: readonly string[] = []): boolean => {
    if (fromObject) {
      log(
        "gateway: config reload skipped: the config was given as an object (startGateway's config), there is no file to read again; still serving it\n  hint: to change it, close this gateway and start one with the new config",
      );
      return false;
    }
    const gone = configFileGone(configPath);
    if (gone !== undefined) {
      metrics.reloaded("error");
      // The `.bak` openclaw keeps when it rewrites the file, named only when there is one.
      const backup = `${configPath}.bak`;
      const where = existsSync(backup)
        ? ` (the last version written by openclaw may be in ${backup})`
        : "";
      log(
        `gateway: config reload skipped: ${configPath} ${gone}; still serving the last good config\n  hint: put the config back${where}; to really run with no config, restart the gateway`,
      );
      return false;
    }
    // A store cut short or mistyped keeps the keys last read from it (every build below reads
    // those). An edit of the config itself applies all the same, the log saying both; a reload
    // for the store's change alone has nothing else to apply.
    const storeProblem = deps.storeProblem();
    const keysKept = () => {
      if (storeProblem === undefined) return;
      log(
        `gateway: keys not read again, still serving ${KEPT_KEYS}: ${describeFailure(storeProblem)}`,
      );
    };
    const store = resolve(credentialStore);
    const configEdited = changed.length === 0 || changed.some((file) => file !== store);
    try {
      const next = loadConfig({ path: configPath, env, providerProblems: "disable" });
      if (storeProblem !== undefined && !configEdited) {
        tellStoreProblem(storeProblem);
        return false;
      }
      const policy = authPolicyFor(next, env, host);
      const authChange = authOnReload(policy, state.auth, state.noTokenSet);
      const { lockedOut, tokenKept } = authChange;
      // Said to refused clients as at start: run the command with the gateway's variable.
      const nextAuth = withMovedConfigTokenFrom(authChange.next, env);
      const nextBackend = build(next, nextAuth);
      // A provider a schema problem disables does not refuse the reload: the others serve the
      // new config, and the log says which provider is left out (as the start-up report does).
      // Nor does a default model or fallback of such a provider while another member of the
      // chain serves "openclaw"; a chain left with none is refused, so the default stays up.
      const leftOut = new Set(nextBackend.skippedDefaults.map((member) => member.path));
      const fresh = newCatalogErrors(nextBackend.catalog, state.backend.catalog).filter(
        (finding) => !finding.schema && !leftOut.has(finding.path),
      );
      if (fresh.length > 0) {
        metrics.reloaded("error");
        const refused = refusedReloadFailure(withOrigins(nextBackend.catalog, fresh));
        log(refused.line, refused.fields);
        // Saving the fix of an included file must reload too, whichever files it is in.
        watching.setFiles([
          ...new Set([...watching.filesOf(state.loaded), ...watching.filesOf(next)]),
        ]);
        keysKept();
        refreshKeys();
        return false;
      }
      const back = [...disabledProviderIds(state.backend.catalog)].filter(
        (id) => !disabledProviderIds(nextBackend.catalog).has(id),
      );
      const keepDaysBefore = state.loaded.config.gateway?.ledger?.keepDays;
      state.loaded = next;
      const authLines = authChangeLines(
        policy,
        state.auth,
        authChange,
        state.tokenRemovalSaid,
        revealTokenCommand(configPath, env),
      );
      state.auth = nextAuth;
      state.noTokenSet = lockedOut;
      state.backend = nextBackend;
      discover();
      serve();
      watching.setFiles(watching.filesOf(next));
      // Counted as failed while the store reads badly: the keys served are not the store's (an
      // alert on the last reload's success stays up until it is fixed, not cleared by this edit).
      metrics.reloaded(storeProblem === undefined ? "ok" : "error");
      const { waiting, restartLines, overriddenLines, unsetWarnings } = startOnly.check(next);
      // One line says what was reloaded and why, and that the rest applied when some waits.
      log(
        `gateway: config reloaded from ${configPath}${describeChangedFiles(changed, resolve(configPath), resolve(credentialStore))}${startOnlyText(waiting)}`,
      );
      for (const problem of nextBackend.problems) log(backendProblemLine(problem));
      for (const id of back)
        log(`gateway: provider ${id}'s config is fixed: its models are served again`);
      // Providers the new config leaves without a key: their requests fail until one is set.
      warnLostKeys(nextBackend);
      for (const line of restartLines) log(line);
      for (const line of overriddenLines) log(line);
      for (const warning of unsetWarnings) log(warning);
      for (const line of authLines) log(line);
      state.tokenRemovalSaid = tokenKept;
      keysKept();
      tellExposed(next);
      // A keepDays changed by the reload applies now, not at the next hour's prune.
      if (next.config.gateway?.ledger?.keepDays !== keepDaysBefore) deps.pruneLedgerNow();
      deps.onReloaded(next);
      return true;
    } catch (error) {
      metrics.reloaded("error");
      const failed = failedReload(explainIncludedFileGone(error, state.loaded.files));
      log(failed.line, failed.fields);
      const missing = unreadableFile(error);
      if (missing !== undefined) watching.setFiles([...watching.filesOf(state.loaded), missing]);
      keysKept();
      refreshKeys();
      return false;
    }
  };

  const refreshKeys = () => {
    let again: BuiltBackend;
    try {
      again = build(state.loaded, state.auth);
    } catch {
      return;
    }
    state.backend = again;
    discover();
    serve();
    warnLostKeys(again);
    tellExposed();
    // A key stored (or removed) meanwhile changes which members of the default chain have one,
    // as a reload does: told the same way (the CLI says only what changed).
    deps.onReloaded(state.loaded);
  };

  /** Says the store reads badly when nothing but its keys was to be read again. */
  const tellStoreProblem = (problem: unknown) => {
    metrics.reloaded("error");
    // A config object is not read again: only the store's keys were to be.
    const what = fromObject
      ? `keys not read again, still serving ${KEPT_KEYS}`
      : `config reload failed, still serving the last good config and ${KEPT_KEYS}`;
    log(`gateway: ${what}: ${describeFailure(problem)}`);
  };

  const storeReadable = (): boolean => {
    const problem = deps.storeProblem();
    if (problem === undefined) {
      // Counted as a file-config gateway counts the reload the store's change makes: else the
      // gauge a broken store set to 0 stayed so once it was fixed, and an alert never cleared.
      metrics.reloaded("ok");
      return true;
    }
    tellStoreProblem(problem);
    return false;
  };

  return { reload, refreshKeys, storeReadable };
}
