/**
 * Providers that had an API key at the last build and have none at this one (a reload, a key
 * removed from the credential store): their requests fail until one is set, so it is said.
 */
import type { BuiltBackend } from "./backend.js";

/** Providers with a key (or needing none) in a build: those whose models it lists. */
function keyedProviders(built: BuiltBackend): Set<string> {
  return new Set(built.directory.list().map((model) => model.ownedBy));
}

/**
 * Starts from the first build; each build given after is compared with the one before it. A
 * provider the config never had, or one it dropped, is not named.
 */
export function lostKeyWarnings(
  first: BuiltBackend,
  log: (line: string) => void,
): (next: BuiltBackend) => void {
  let keyed = keyedProviders(first);
  return (next) => {
    const lost = next.providersWithoutKey.filter((id) => keyed.has(id));
    keyed = keyedProviders(next);
    if (lost.length === 0) return;
    log(
      `gateway: warning: no API key now for ${lost.join(", ")}: requests to ${lost.length === 1 ? "its" : "their"} models fail until one is set\n  hint: openclaw models status shows where each key is looked for (auth profiles, the environment, the config's env block, apiKey)`,
    );
  };
}
