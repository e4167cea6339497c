/**
 * A provider's `apiKey: "${MOONSHOT_API_KEY}"`, as the provider page's snippet writes it, beside
 * the `MOONSHOT_API_KEY` source that wins: it is the same key read a second way, not a key the
 * winner overrides. Said as "not used: an earlier source wins", it reads as if the line the person
 * pasted were ignored or wrong. So too when the winner is a stored profile that refers to that
 * variable (onboarding over the page's snippet stores such a reference, saying the key stays in
 * the config): the variable and the `apiKey` reading it are the key the profile uses. Pure.
 */
import type { KeySourceStatus } from "../auth/index.js";

/**
 * Why `source`, set but after `winner`, holds the same key as the winner, in words
 * (`it reads MOONSHOT_API_KEY`), when it reads the variable the winner reads (a variable that
 * wins, or the one a winning profile refers to), with the same key; undefined otherwise.
 */
export function sameKeyAsWinner(
  source: KeySourceStatus,
  winner: KeySourceStatus | undefined,
): string | undefined {
  if (winner === undefined || source.masked !== winner.masked) return undefined;
  const variable = winner.source.kind === "env" ? winner.source.variable : winner.refersTo;
  if (variable === undefined) return undefined;
  if (source.source.kind === "config")
    return source.source.template === `\${${variable}}` ? `it reads ${variable}` : undefined;
  if (source.source.kind === "env" && winner.source.kind === "profile")
    return source.source.variable === variable
      ? `${winner.label} refers to ${variable}`
      : undefined;
  return undefined;
}
