/**
 * The model allowlist (`agents.defaults.models`: its entries, with their aliases and params) read
 * again while a chat runs, when a config file changed since it was read, as keys are read again
 * from the credential store on each use: a model added to the config mid-chat could not be chosen
 * with /model until the chat was started again. Looked at before each /model and each turn: a
 * stat of each config file, and a load only when one changed. A change to what the chat's runtime
 * is built from (a provider's key, baseUrl or headers, the default chain, the env block, auth) is
 * handed to the chat, which opens a new runtime for its next message (see runtimePartsChanged):
 * a key fixed in the file after a refusal was not used until the chat was restarted. A change that
 * does not load (a mistake, a file saved halfway) is said once, as a warning with what is wrong and
 * where, and the chat keeps what it had.
 */
import { statSync } from "node:fs";
import { buildCatalog, type Catalog } from "../catalog/index.js";
import { type Env, envBlockVariables, type LoadedConfig, loadConfig } from "../config/index.js";
import { isOpenClawError } from "../errors.js";
import { envKeyPlace, envKeyPlaceText } from "../onboard/env-key-place.js";

/** A warning about a config change that did not load, and what to do about it. */
export interface KeptAllowlistWarning {
  warning: string;
  hint?: string;
}

/**
 * What to tell a person whose config, changed mid-chat, does not load: the error's own words and
 * where (file:line), and that the chat goes on with the allowlist it had.
 */
export function keptAllowlistWarning(error: unknown): KeptAllowlistWarning {
  const message = error instanceof Error ? error.message : String(error);
  const where =
    isOpenClawError(error) && error.where && !message.includes(error.where)
      ? ` (${error.where})`
      : "";
  const hint = isOpenClawError(error) ? error.hint : undefined;
  return {
    warning: `the config changed but does not load, so this chat keeps the model allowlist it had: ${message}${where}`,
    ...(hint ? { hint } : {}),
  };
}

/**
 * What to tell a person whose config, changed mid-chat, loads but cannot be run (a proxy variable
 * in its env block that is not an HTTP proxy URL): the error's own words, where the value is
 * written (an env block variable's file:line), and that the chat goes on with the providers it had
 * and tries the config again when it next changes.
 */
export function keptProvidersWarning(
  error: unknown,
  loaded: LoadedConfig,
  env: Env,
): KeptAllowlistWarning {
  const message = error instanceof Error ? error.message : String(error);
  const where = isOpenClawError(error) ? error.where : undefined;
  let place = "";
  if (where !== undefined && envBlockVariables(loaded.config)[where] !== undefined) {
    // Set in the config's env block (the shell's own variable would have failed at the start).
    place = ` (${envKeyPlaceText(envKeyPlace(where, env, loaded))})`;
  } else if (where !== undefined && !message.includes(where)) place = ` (${where})`;
  const hint = isOpenClawError(error) ? error.hint : undefined;
  return {
    warning: `the config changed but its providers cannot be opened: ${message}${place}; this chat keeps the providers it had and tries again when the config next changes`,
    ...(hint ? { hint } : {}),
  };
}

/** The config files' stamps: changed when one is written, replaced or removed. */
function filesStamp(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const stat = statSync(file);
        return `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`;
      } catch {
        return "absent";
      }
    })
    .join("|");
}

/** The files a config was read from (the main file, whether or not it exists, and its includes). */
function filesOf(loaded: LoadedConfig): string[] {
  return [...new Set([loaded.path, ...loaded.files])];
}

/**
 * The parts of a config a runtime is built from, by dotted path, as JSON: each provider, the
 * providers' mode, the default chain, the env block and auth. The allowlist is not among them: it
 * is put on the catalog the runtime already has.
 */
function runtimeParts(loaded: LoadedConfig): Map<string, string> {
  const { config } = loaded;
  const parts = new Map<string, string>([
    ["models.mode", JSON.stringify(config.models?.mode ?? null)],
    ["agents.defaults.model", JSON.stringify(config.agents?.defaults?.model ?? null)],
    ["env", JSON.stringify(config.env ?? null)],
    ["auth", JSON.stringify(config.auth ?? null)],
  ]);
  for (const [id, provider] of Object.entries(config.models?.providers ?? {}))
    parts.set(`models.providers.${id}`, JSON.stringify(provider));
  return parts;
}

/** The dotted paths of the runtime's parts that differ between two loads of the config. */
export function runtimePartsChanged(before: LoadedConfig, after: LoadedConfig): string[] {
  const was = runtimeParts(before);
  const now = runtimeParts(after);
  return [...new Set([...was.keys(), ...now.keys()])].filter(
    (key) => was.get(key) !== now.get(key),
  );
}

/** What a chat does with a config that changed while it runs. */
export interface ConfigChangeHandlers {
  /** The config does not load now: said once for that change; the chat keeps what it had. */
  onUnloadable?: (error: unknown) => void;
  /**
   * What the runtime is built from changed (`parts`, dotted paths): the chat opens a new runtime
   * on the config as it is now, whose catalog `catalog()` gives from then on. Its error (a config
   * that loads but cannot be run) is handed to `onUnopenable`.
   */
  onRuntimePartsChanged?: (parts: string[]) => void;
  /**
   * `onRuntimePartsChanged` threw for the config `loaded`: the chat keeps the runtime it had, the
   * allowlist is read, and the next change to the config tries again.
   */
  onUnopenable?: (error: unknown, loaded: LoadedConfig) => void;
}

/**
 * A function that puts the config's current allowlist, aliases and params on `catalog()` (shared
 * with the chat's runtime) when a file of `loaded` changed, or, when what the runtime is built
 * from changed too, hands that to `onRuntimePartsChanged`. A config that does not load now (a
 * file saved halfway, a mistake) changes nothing: `onUnloadable` is given its error, once for that
 * change (not on each turn after it), the chat goes on with what it had, and the next change is
 * read.
 */
export function allowlistRereader(
  catalog: () => Catalog,
  loaded: LoadedConfig,
  env: Env,
  {
    onUnloadable = () => {},
    onRuntimePartsChanged,
    onUnopenable = () => {},
  }: ConfigChangeHandlers = {},
): () => void {
  let files = filesOf(loaded);
  let stamp = filesStamp(files);
  let current = loaded;
  return () => {
    const now = filesStamp(files);
    if (now === stamp) return;
    stamp = now;
    let fresh: Catalog;
    let reloaded: LoadedConfig;
    try {
      reloaded = loadConfig({ env, providerProblems: "disable" });
      fresh = buildCatalog(reloaded);
      files = filesOf(reloaded);
      stamp = filesStamp(files);
    } catch (error) {
      onUnloadable(error);
      return;
    }
    const parts = runtimePartsChanged(current, reloaded);
    if (parts.length > 0 && onRuntimePartsChanged) {
      try {
        onRuntimePartsChanged(parts);
        current = reloaded;
        return;
      } catch (error) {
        // The runtime the chat had goes on (the next change tries again); the allowlist is read.
        onUnopenable(error, reloaded);
      }
    } else current = reloaded;
    const shared = catalog();
    shared.allowlist = fresh.allowlist;
    shared.aliases = fresh.aliases;
    shared.aliasByRef = fresh.aliasByRef;
    shared.params = fresh.params;
  };
}
