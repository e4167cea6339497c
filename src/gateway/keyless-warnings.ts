/**
 * The gateway's log on the providers the config uses without a key (keyless-in-use.ts): said for
 * a program at start, and after a reload or a key re-read whenever what one of them leaves
 * unanswered changes (a new alias of it, the default chain moved onto it); a build that leaves
 * it as it was says nothing again. A provider that had a key at the last build and lost it is
 * told by lostKeyWarnings instead, once. And when a provider warned of here gets a key (its
 * apiKey set by a reload, the credential store written by `openclaw onboard`), that is said once,
 * so that the warning is not the operator's last word on it.
 */
import type { BuiltBackend } from "./backend.js";
import { type KeylessProvider, keyedNowMessage } from "./keyless-in-use.js";
import { keyedProviders } from "./lost-keys.js";

/** The line of one provider. */
export function keylessProviderLine(entry: KeylessProvider): string {
  return `gateway: warning: ${entry.message}`;
}

/** What is said of one provider: said again when its words change (what it leaves unanswered). */
const situation = (entry: KeylessProvider) => entry.message;

/**
 * Starts from the first build (said by the start-up report); each build given after is compared
 * with the one before it. `forProgram`: a program's log, which also hears of a provider whose
 * model the default chain falls back past (the CLI says those in doctor's words itself, and that
 * they have a key again). The onboard command in a line is the build's: for the CLI, as a plain
 * shell types it (start.ts).
 */
export function keylessProviderWarnings(
  first: BuiltBackend,
  log: (line: string) => void,
  forProgram: boolean,
): (next: BuiltBackend) => void {
  const saidHere = (entry: KeylessProvider) => forProgram || !entry.fallenBackPast;
  let said = new Map(first.keylessProviders.map((entry) => [entry.provider, situation(entry)]));
  let keyed = keyedProviders(first);
  /** Providers whose last word in the log is this warning: told when they get a key. */
  const warned = new Map(
    first.keylessProviders.filter(saidHere).map((entry) => [entry.provider, entry]),
  );
  /** Providers lostKeyWarnings warned of, and not told since that they have a key again. */
  const lost = new Set<string>();
  return (next) => {
    const keyedNext = keyedProviders(next);
    const keylessNext = new Set(next.keylessProviders.map((entry) => entry.provider));
    for (const [provider, entry] of warned) {
      if (keyedNext.has(provider)) log(`gateway: ${keyedNowMessage(entry)}`);
      // Keyed now, or no longer used by the config (no news): nothing more to tell of it.
      if (!keylessNext.has(provider)) warned.delete(provider);
    }
    for (const provider of lost)
      if (keyedNext.has(provider) || !next.providersWithoutKey.includes(provider))
        lost.delete(provider);
    for (const entry of next.keylessProviders) {
      const { provider } = entry;
      // Had a key at the last build: "no API key now for …" says it, and "has an API key again".
      if (keyed.has(provider)) {
        lost.add(provider);
        warned.delete(provider);
        continue;
      }
      if (!saidHere(entry)) {
        warned.delete(provider);
        continue;
      }
      if (said.get(provider) !== situation(entry)) log(keylessProviderLine(entry));
      else if (!warned.has(provider)) continue;
      if (!lost.has(provider)) warned.set(provider, entry);
    }
    said = new Map(next.keylessProviders.map((entry) => [entry.provider, situation(entry)]));
    keyed = keyedNext;
  };
}
