/**
 * Providers that had an API key at the last build and have none at this one (a reload, a key
 * removed from the credential store): their requests fail until one is set, so it is said; and
 * when a later build finds a key for one of them again, that is said too, so that the warning is
 * not the operator's last word on it.
 */
import type { BuiltBackend } from "./backend.js";

/** Providers with a key (or needing none) in a build: those whose models it lists. */
export function keyedProviders(built: BuiltBackend): Set<string> {
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
  /** Providers warned of as without a key, and not told since that they have one again. */
  const warned = new Set<string>();
  return (next) => {
    const lost = next.providersWithoutKey.filter((id) => keyed.has(id));
    keyed = keyedProviders(next);
    const back = [...warned].filter((id) => keyed.has(id));
    for (const id of warned) if (!next.providersWithoutKey.includes(id)) warned.delete(id);
    for (const id of lost) warned.add(id);
    if (back.length > 0)
      log(
        `gateway: ${back.join(", ")} ${back.length === 1 ? "has an API key" : "have API keys"} again: ${back.length === 1 ? "its" : "their"} models are served again`,
      );
    if (lost.length === 0) return;
    log(
      `gateway: warning: no API key now for ${lost.join(", ")}: requests to ${lost.length === 1 ? "its" : "their"} models fail until one is set\n  hint: openclaw models status shows where each key is looked for (auth profiles, the environment, the config's env block, apiKey)`,
    );
  };
}
