/**
 * The environment variable a key source takes its key from, whole: an `env` source's, or a config
 * `apiKey` that is one `${VAR}` and nothing else, as the spec's JSON5 snippets write it
 * (`apiKey: "${MOONSHOT_API_KEY}"`). Either way the key is that variable's value, and what is said
 * of the variable (a key of the other Moonshot platform) holds for both. A template with more
 * than the variable in it, a stored profile and a key written in the file take none.
 */
import type { KeySource } from "../catalog/types.js";

const ONE_VARIABLE = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

export function keyVariableOf(source: KeySource): string | undefined {
  if (source.kind === "env") return source.variable;
  if (source.kind !== "config") return undefined;
  return ONE_VARIABLE.exec(source.template.trim())?.[1];
}
