/**
 * How a provider error's hint says to see what the key may use: the bare command, which reaches
 * the config the CLI reads. A gateway a program started puts its own fix words in its place, on
 * the error path only (src/gateway/scan-advice-words.ts), by finding it with SCAN_ADVICE_PATTERN.
 */
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";

export function scanAdvice(provider: string, now = false): string {
  return `see what the key may ${now ? "use now" : "use"} with: openclaw models scan --provider ${provider}`;
}

/** Each scanAdvice in a hint: group 1 is "use" or "use now", group 2 the provider. */
export const SCAN_ADVICE_PATTERN =
  /see what the key may (use now|use) with: openclaw models scan --provider ([^\s;,()]+)/g;

/**
 * scanAdvice in `words`: the command with the words that reach the config (`prefix`), or, for a
 * config given as an object, where the ids the key may use are listed (`idsListedBy`; a
 * gateway's onDiscovery report unless said). A gateway's error path and a retired id's 404 hint
 * (runtime/retired-not-found.ts) say it so.
 */
export function scanAdviceIn(provider: string, words: RetiredFixWords = {}, now = false): string {
  const use = now ? "use now" : "use";
  if (words.configObject !== undefined)
    return `see what the key may ${use} in the ids ${words.idsListedBy ?? "startGateway's onDiscovery report"} lists for ${provider}`;
  return `see what the key may ${use} with: ${words.prefix ?? ""}openclaw models scan --provider ${provider}`;
}
