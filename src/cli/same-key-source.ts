/**
 * A provider's `apiKey: "${MOONSHOT_API_KEY}"`, as the provider page's snippet writes it, beside
 * the `MOONSHOT_API_KEY` source that wins: it is the same key read a second way, not a key the
 * winner overrides. Said as "not used: an earlier source wins", it reads as if the line the person
 * pasted were ignored or wrong. Pure.
 */
import type { KeySourceStatus } from "../auth/index.js";

/**
 * The variable `source` reads when it is a config key written as that one variable alone and
 * the source that won is that variable, with the same key; undefined otherwise.
 */
export function sameVariableAsWinner(
  source: KeySourceStatus,
  winner: KeySourceStatus | undefined,
): string | undefined {
  if (source.source.kind !== "config" || winner?.source.kind !== "env") return undefined;
  const variable = winner.source.variable;
  if (source.source.template !== `\${${variable}}`) return undefined;
  return source.masked === winner.masked ? variable : undefined;
}
