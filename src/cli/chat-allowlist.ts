/**
 * The model allowlist (`agents.defaults.models`: its entries, with their aliases and params) read
 * again while a chat runs, when a config file changed since it was read, as keys are read again
 * from the credential store on each use: a model added to the config mid-chat could not be chosen
 * with /model until the chat was started again. Looked at before each /model and each turn: a
 * stat of each config file, and a load only when one changed. The providers, the default chain
 * and everything else stay as the chat started with them.
 */
import { statSync } from "node:fs";
import { buildCatalog, type Catalog } from "../catalog/index.js";
import { type Env, type LoadedConfig, loadConfig } from "../config/index.js";

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
 * file saved halfway, a mistake) changes nothing: the chat goes on with what it had, and the
 * next change is read.
 */
export function allowlistRereader(catalog: Catalog, loaded: LoadedConfig, env: Env): () => void {
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
    } catch {
      return;
    }
    catalog.allowlist = fresh.allowlist;
    catalog.aliases = fresh.aliases;
    catalog.aliasByRef = fresh.aliasByRef;
    catalog.params = fresh.params;
  };
}
