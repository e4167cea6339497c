/**
 * The gateway's log on the providers the config uses without a key (keyless-in-use.ts): said for
 * a program at start, and after a reload or a key re-read whenever what one of them leaves
 * unanswered changes (a new alias of it, the default chain moved onto it); a build that leaves
 * it as it was says nothing again. A provider that had a key at the last build and lost it is
 * told by lostKeyWarnings instead, once.
 */
import type { BuiltBackend } from "./backend.js";
import type { KeylessProvider } from "./keyless-in-use.js";
import { keyedProviders } from "./lost-keys.js";

/** The line of one provider. */
export function keylessProviderLine(entry: KeylessProvider): string {
  return `gateway: warning: ${entry.message}`;
}

/** What is said of one provider: said again when its words change (what it leaves unanswered). */
const situation = (entry: KeylessProvider) => entry.message;

/**
 * Starts from the first build (said by the start-up report); each build given after is compared
 * with the one before it. `withChainFallbacks`: also say a provider whose model the default chain
 * falls back past (the CLI says those in doctor's words itself; a program has no other word).
 */
export function keylessProviderWarnings(
  first: BuiltBackend,
  log: (line: string) => void,
  withChainFallbacks: boolean,
): (next: BuiltBackend) => void {
  let said = new Map(first.keylessProviders.map((entry) => [entry.provider, situation(entry)]));
  let keyed = keyedProviders(first);
  return (next) => {
    for (const entry of next.keylessProviders) {
      if (said.get(entry.provider) === situation(entry)) continue;
      // Had a key at the last build: "no API key now for …" says it.
      if (keyed.has(entry.provider)) continue;
      if (entry.fallenBackPast && !withChainFallbacks) continue;
      log(keylessProviderLine(entry));
    }
    said = new Map(next.keylessProviders.map((entry) => [entry.provider, situation(entry)]));
    keyed = keyedProviders(next);
  };
}
