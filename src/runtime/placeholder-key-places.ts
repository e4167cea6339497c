/**
 * The key sources of a model that hold the docs' placeholder (`sk-...`, `YOUR_API_KEY`) rather
 * than a key, or a key copied wrong (with a space or line break inside, in quote marks, as a whole
 * `VAR=…` line, a Kimi Code key given to Moonshot), named where they are written, for the hint of
 * a request without a usable key: the fix is to change that value, which "set one of: …" alone
 * does not say. The same tests as `config validate`'s warning (isPlaceholderKey) and as the key
 * lookup (checkKeyShape); no value is ever part of what is returned.
 */
import { checkKeyShape, isPlaceholderKey, type KeyShapeProblem } from "../auth/index.js";
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
  return keyPlaces(model, env, lineOf, (value) => (holdsPlaceholder(value) ? true : undefined)).map(
    ({ source, place }) => ({ source, place }),
  );
}

/** The problems of a key copied wrong that the key lookup refuses (src/auth/resolve.ts). */
export type MisshapenKeyProblem = Extract<
  KeyShapeProblem["code"],
  | "key_whitespace"
  | "key_quoted"
  | "key_assignment"
  | "key_bearer"
  | "key_character"
  | "key_kimi_for_moonshot"
>;

const MISSHAPEN: ReadonlySet<KeyShapeProblem["code"]> = new Set<MisshapenKeyProblem>([
  "key_whitespace",
  "key_quoted",
  "key_assignment",
  "key_bearer",
  "key_character",
  "key_kimi_for_moonshot",
]);

export interface MisshapenKeyPlace extends PlaceholderKeyPlace {
  problem: MisshapenKeyProblem;
  /** For key_assignment: the variable name the value starts with (`MOONSHOT_API_KEY`). */
  assigned?: string;
}

/**
 * Each of `model`'s key sources that holds a key copied wrong, as the key lookup tests it (the
 * value trimmed, then checkKeyShape), in the order keys are looked for, named as
 * placeholderKeyPlaces names them.
 */
export function misshapenKeyPlaces(
  model: Pick<ResolvedModel, "keySources" | "provider">,
  env: Env,
  lineOf: ((source: KeySource) => string | undefined) | undefined,
): MisshapenKeyPlace[] {
  const problemOf = (value: string | undefined) => {
    const text = value?.trim();
    if (text === undefined || text === "") return undefined;
    const problem = checkKeyShape(model.provider, text);
    return problem && isMisshapen(problem) ? problem : undefined;
  };
  return keyPlaces(model, env, lineOf, problemOf).map(({ source, place, found }) =>
    misshapenPlace(source, place, found),
  );
}

/** A key source found holding a key copied wrong (`problem`, one of MISSHAPEN), named `place`. */
export function misshapenPlace(
  source: KeySource,
  place: string,
  problem: KeyShapeProblem,
): MisshapenKeyPlace {
  return {
    source,
    place,
    problem: problem.code as MisshapenKeyProblem,
    ...(problem.assigned === undefined ? {} : { assigned: problem.assigned }),
  };
}

/** Whether `problem` is one of a key copied wrong (as misshapenKeyPlaces finds them). */
export function isMisshapen(problem: KeyShapeProblem): boolean {
  return MISSHAPEN.has(problem.code);
}

/**
 * The key sources whose value `read` finds no key in, where each is written (see above), each with
 * what `read` found, so that a value is read and tested once.
 */
function keyPlaces<Found>(
  model: Pick<ResolvedModel, "keySources">,
  env: Env,
  lineOf: ((source: KeySource) => string | undefined) | undefined,
  read: (value: string | undefined) => Found | undefined,
): Array<PlaceholderKeyPlace & { found: Found }> {
  const at = (source: KeySource, path: string): string => {
    const line = lineOf?.(source);
    return line ? `${path} (${line})` : path;
  };
  const named = new Set<string>();
  const places: Array<PlaceholderKeyPlace & { found: Found }> = [];
  for (const source of model.keySources) {
    if (source.kind === "env") {
      const found = read(env[source.variable]);
      if (found === undefined) continue;
      named.add(source.variable);
      places.push({
        source,
        found,
        place: source.fromEnvBlock
          ? at(source, `env.${source.variable}`)
          : `$${source.variable} (in the environment)`,
      });
    } else if (source.kind === "config") {
      const expanded = tryExpandTemplate(source.template, env);
      const found = expanded.missing.length > 0 ? undefined : read(expanded.value);
      if (found === undefined) continue;
      const literal = source.template.replace(/\$?\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, "").trim();
      if (literal !== "") places.push({ source, found, place: at(source, source.path) });
      else if (!source.variables.every((name) => named.has(name))) {
        const line = lineOf?.(source);
        const variables = source.variables.map((name) => `$${name}`).join(", ");
        places.push({
          source,
          found,
          place: `${variables} (read by ${source.path}${line ? ` at ${line}` : ""})`,
        });
      }
    }
  }
  return places;
}
