/**
 * The key sources of a model that hold the docs' placeholder (`sk-...`, `YOUR_API_KEY`) rather
 * than a key, named where they are written, for the hint of a request without a usable key: the
 * fix is to replace that value, which "set one of: …" alone does not say. The same test as
 * `config validate`'s warning (isPlaceholderKey); no value is ever part of what is returned.
 */
import { isPlaceholderKey } from "../auth/index.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import { type Env, tryExpandTemplate } from "../config/index.js";

export interface PlaceholderKeyPlace {
  source: KeySource;
  /** Where to replace it: its dotted path (`env.MOONSHOT_API_KEY`), with `file:line` when known. */
  place: string;
}

/** Whether a value read for a key is a placeholder (surrounding whitespace is not part of a key). */
function holdsPlaceholder(value: string | undefined): boolean {
  const text = value?.trim();
  return text !== undefined && text !== "" && isPlaceholderKey(text);
}

/**
 * Each of `model`'s key sources that holds a placeholder, in the order keys are looked for. A
 * config `apiKey` that is only `${VAR}` references is left to the variable's own source when the
 * model reads that variable too (one value, named once); otherwise it is named by the variable.
 */
export function placeholderKeyPlaces(
  model: Pick<ResolvedModel, "keySources">,
  env: Env,
  lineOf: ((source: KeySource) => string | undefined) | undefined,
): PlaceholderKeyPlace[] {
  const at = (source: KeySource, path: string): string => {
    const line = lineOf?.(source);
    return line ? `${path} (${line})` : path;
  };
  const named = new Set<string>();
  const places: PlaceholderKeyPlace[] = [];
  for (const source of model.keySources) {
    if (source.kind === "env") {
      if (!holdsPlaceholder(env[source.variable])) continue;
      named.add(source.variable);
      places.push({
        source,
        place: source.fromEnvBlock
          ? at(source, `env.${source.variable}`)
          : `$${source.variable} (in the environment)`,
      });
    } else if (source.kind === "config") {
      const expanded = tryExpandTemplate(source.template, env);
      if (expanded.missing.length > 0 || !holdsPlaceholder(expanded.value)) continue;
      const literal = source.template.replace(/\$?\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, "").trim();
      if (literal !== "") places.push({ source, place: at(source, source.path) });
      else if (!source.variables.every((name) => named.has(name))) {
        const line = lineOf?.(source);
        const variables = source.variables.map((name) => `$${name}`).join(", ");
        places.push({
          source,
          place: `${variables} (read by ${source.path}${line ? ` at ${line}` : ""})`,
        });
      }
    }
  }
  return places;
}
