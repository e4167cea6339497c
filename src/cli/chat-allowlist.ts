/**
 * The model allowlist (`agents.defaults.models`: its entries, with their aliases and params) read
 * again while a chat runs, when a config file changed since it was read, as keys are read again
 * from the credential store on each use: a model added to the config mid-chat could not be chosen
 * with /model until the chat was started again. Looked at before each /model and each turn: a
 * stat of each config file, and a load only when one changed. The providers, the default chain
 * and everything else stay as the chat started with them. A change that does not load (a mistake,
 * a file saved halfway) is said once, as a warning with what is wrong and where, and the chat keeps
 * the allowlist it had.
 */
import { statSync } from "node:fs";
import { buildCatalog, type Catalog } from "../catalog/index.js";
import { type Env, type LoadedConfig, loadConfig } from "../config/index.js";
import { isOpenClawError } from "../errors.js";

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
 * A function that puts the config's current allowlist, aliases and params on `catalog` (shared
 * with the chat's runtime) when a file of `loaded` changed. A config that does not load now (a
 * file saved halfway, a mistake) changes nothing: `onUnloadable` is given its error, once for that
 * change (not on each turn after it), the chat goes on with what it had, and the next change is
 * read.
 */
export function allowlistRereader(
  catalog: Catalog,
  loaded: LoadedConfig,
  env: Env,
  onUnloadable: (error: unknown) => void = () => {},
): () => void {
  let files = filesOf(loaded);
  let stamp = filesStamp(files);
  return () => {
    const now = filesStamp(files);
    if (now === stamp) return;
    stamp = now;
    let fresh: Catalog;
    try {
      const reloaded = loadConfig({ env, providerProblems: "disable" });
      fresh = buildCatalog(reloaded);
      files = filesOf(reloaded);
      stamp = filesStamp(files);
    } catch (error) {
      onUnloadable(error);
      return;
    }
    catalog.allowlist = fresh.allowlist;
    catalog.aliases = fresh.aliases;
    catalog.aliasByRef = fresh.aliasByRef;
    catalog.params = fresh.params;
  };
}
