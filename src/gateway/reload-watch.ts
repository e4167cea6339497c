/**
 * Watching for the changes that reload the gateway: the config file, the files it includes and
 * the credential store (with each directory on the way to it, for a state dir onboarding has not
 * filled yet). A config file (or a changed credential store) seen gone, empty or cut short gets
 * CONFIG_SETTLE_MS to come back whole first. Started with a config object, only the credential
 * store is watched.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { LoadedConfig } from "../config/index.js";
import { CONFIG_SETTLE_MS, configFileCutShort, configFileGone } from "./config-file-state.js";
import { type ConfigWatcher, pathsDownTo, watchFiles } from "./config-watch.js";
import type { ConfigEditsApply } from "./model-directory.js";

/** How an edit of the config reaches a gateway started with `watch` and with a config object or not. */
export function configEditsApply(watch: boolean, fromObject: boolean): ConfigEditsApply {
  if (fromObject) return "object";
  return watch ? "reloaded" : "on-restart";
}

export interface ReloadWatchOptions {
  /** The config file, whose reads reload. */
  configPath: string;
  stateDir: string;
  /** The credential store's file (auth-profiles.json of the main agent). */
  credentialStore: string;
  /** The last good config: its files are the ones watched and checked before a reload. */
  loaded: () => LoadedConfig;
  /** Started with a config object: no file to watch, only the credential store. */
  fromObject: boolean;
  /** `startGateway`'s `watch`: false watches nothing. */
  watch: boolean;
  /** Reads the config again; `changed`: the watched files seen to change. */
  reload: (changed: readonly string[]) => void;
  /** Builds the last good config again with the credential store's keys as they are now. */
  refreshKeys: () => void;
  /** Whether the credential store reads well; says what is wrong when not. */
  storeReadable: () => boolean;
  log: (line: string) => void;
}

export interface ReloadWatch {
  /** Whether edits to the config apply without a restart. */
  readonly reloads: boolean;
  /** The files to watch for `config`: its own, those it includes, and the credential store. */
  filesOf(config: LoadedConfig): string[];
  /** Watches `files` from now on instead (nothing when nothing is watched). */
  setFiles(files: string[]): void;
  /** Stops watching, and a reload waiting for a file to settle. */
  close(): void;
}

export function watchForReload(options: ReloadWatchOptions): ReloadWatch {
  const { configPath, stateDir, credentialStore, loaded, fromObject, reload, refreshKeys, log } =
    options;
  /**
   * The store and each directory on the way to it, watched as files: in a state dir onboarding
   * has not made the agent's directory in yet, the nearest one that exists tells when the next
   * appears, and the watch goes one level deeper (see onFilesChanged).
   */
  // The state dir itself only when it is not there yet: else its parent (often the home
  // directory, busy with every other program's files) would be watched for nothing.
  const storePaths = pathsDownTo(stateDir, credentialStore).filter(
    (path) => path !== resolve(stateDir) || !existsSync(path),
  );
  const storeDirs = new Set(storePaths.slice(1));
  const watchList = (config: LoadedConfig) => [config.path, ...config.files, ...storePaths];

  // An editor may delete the file (or empty it) and write the new one a moment later: a config
  // file or an included one that is gone, empty or cut short gets CONFIG_SETTLE_MS to come back
  // whole before the reload says so.
  let settling: NodeJS.Timeout | undefined;
  /** The files seen to change since the last reload, for its log line. */
  const pending = new Set<string>();
  const reloadPending = () => {
    const changed = [...pending];
    pending.clear();
    reload(changed);
  };
  /** The store as last seen (size, times, inode): changed when written, chmod-ed or made. */
  const storeStamp = () => {
    const stat = statSync(credentialStore, { throwIfNoEntry: false });
    // The change time too: a store made readable again (chmod 600) is a change to tell.
    return stat ? `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : "";
  };
  let lastStoreStamp = storeStamp();
  /** Whether the store differs from when this was last asked (or the gateway started). */
  const storeChanged = () => {
    const stamp = storeStamp();
    const changed = stamp !== lastStoreStamp;
    lastStoreStamp = stamp;
    return changed;
  };
  const onFilesChanged = (changed: readonly string[]) => {
    if (changed.every((file) => storeDirs.has(file))) {
      // Only a directory on the way to the store appeared: watched before the store is looked
      // at, so that a store written meanwhile is either seen here or reported by the watch.
      watcher?.setFiles(watchList(loaded()));
      if (storeChanged()) onFilesChanged([resolve(credentialStore)]);
      return;
    }
    for (const file of changed) if (!storeDirs.has(file)) pending.add(file);
    // A store written in the same burst as an edit, in a directory made for it (onboarding), is
    // reported as that directory only: named all the same, as what the reload read again.
    if (storeChanged()) pending.add(resolve(credentialStore));
    // The files the last good config was read from (an included one is rewritten the same ways).
    const readFrom = [...new Set([configPath, ...loaded().files])];
    // The credential store too when it is among the changes: rewritten by hand (deleted, then
    // written again; emptied, then written), its keys would be said gone for that moment.
    const store = resolve(credentialStore);
    if (pending.has(store)) readFrom.push(store);
    whenWhole(readFrom, reloadPending);
  };

  /**
   * Runs `then` at once when every one of `files` is there and whole, else after CONFIG_SETTLE_MS
   * (a file seen gone, empty or cut short gets that time to come back whole); a later change
   * replaces a wait not yet over.
   */
  const whenWhole = (files: readonly string[], then: () => void) => {
    if (settling) clearTimeout(settling);
    settling = undefined;
    if (files.every((file) => configFileGone(file) === undefined && !configFileCutShort(file))) {
      then();
      return;
    }
    settling = setTimeout(() => {
      settling = undefined;
      then();
    }, CONFIG_SETTLE_MS);
    settling.unref();
  };

  /**
   * Started with a config object, the credential store is watched all the same: a key onboarding
   * stores while the gateway runs lists its provider's models on /v1/models, as the reload of a
   * file-config gateway does (the config object itself is not read again).
   */
  const onStoreChanged = () => {
    watcher?.setFiles(storePaths);
    // Rewritten by hand (deleted, then written again; emptied, then written), its keys would be
    // said gone for that moment: it gets the time a config file gets to come back whole.
    whenWhole([resolve(credentialStore)], readStoreAgain);
  };
  /** The credential store's keys read again for a gateway given its config as an object. */
  const readStoreAgain = () => {
    // Cut short or mistyped: the keys last read from it keep serving, and saving it fixed is a
    // change again (its stamp is not taken here).
    if (!options.storeReadable()) return;
    const tell = () =>
      log(`gateway: keys read again: ${credentialStore} (the credential store) changed`);
    const changedBefore = storeChanged();
    if (changedBefore) tell();
    refreshKeys();
    // Written while its keys were being read: they may already serve, so it is said now (its
    // own watch event comes a debounce later) and read once more in case they were not.
    if (storeChanged()) {
      if (!changedBefore) tell();
      refreshKeys();
    }
  };

  let watcher: ConfigWatcher | undefined;
  const reloads = configEditsApply(options.watch, fromObject) === "reloaded";
  // A directory that cannot be watched (the system's watch limit reached) is said, once: else
  // edits there would be silently not reloaded.
  const onUnwatchable = (dir: string, reason: string) =>
    log(
      `gateway: cannot watch ${dir} for changes (${reason}): edits of files there are not reloaded until it can be (tried again at the next change seen); restart the gateway to apply them`,
    );
  if (reloads) watcher = watchFiles(watchList(loaded()), onFilesChanged, { onUnwatchable });
  else if (fromObject) {
    if (options.watch) watcher = watchFiles(storePaths, onStoreChanged, { onUnwatchable });
    log(
      `gateway: serving the config object given (startGateway's config): hot reload is off, edits apply when a gateway is started with the new config${watcher ? "; keys stored in the credential store apply as they are saved" : ""}`,
    );
  }

  return {
    reloads,
    filesOf: watchList,
    setFiles: (files) => watcher?.setFiles(files),
    close() {
      watcher?.close();
      if (settling) clearTimeout(settling);
    },
  };
}
