/**
 * What to do when no default model is set. With a key already at hand for some provider (only
 * $KIMICODE_API_KEY exported, say), the model to set is one of that provider's: the fixed advice
 * "models set moonshot/kimi-k2.5" named a provider without a key, whose next run failed on it.
 */
import { type CliEnvPrefix, NO_CLI_ENV_PREFIX, type OpenClawConfig } from "../config/index.js";
import { shellWord } from "../util/shell-word.js";
import type { Catalog } from "./build.js";

/**
 * Where the config writes the default model: `agents.defaults.model` when it gives the model as
 * a string there (the short form the schema takes), else `agents.defaults.model.primary`.
 */
export function primaryModelPath(config: OpenClawConfig): string {
  return typeof config.agents?.defaults?.model === "string"
    ? "agents.defaults.model"
    : "agents.defaults.model.primary";
}

/**
 * That no default model is set, in the one wording every command, the gateway and the library
 * use, with the dotted path it goes at; what to do is the hint's (noDefaultModelHint and the rest).
 */
export function noDefaultModelMessage(config: OpenClawConfig): string {
  return `no default model is set (${primaryModelPath(config)})`;
}

/**
 * The advice where the keys are not known (the catalog alone, as the library resolves it): set a
 * provider up, or name a model.
 */
export const NO_DEFAULT_HINT =
  "run: openclaw onboard --auth-choice moonshot-api-key   (or: openclaw models set moonshot/kimi-k2.5)";

/**
 * The advice when no provider has a key: onboarding, which stores one and sets the default. A
 * `models set` beside it only moved the failure on, to "no API key found".
 */
export const NO_KEY_NO_DEFAULT_HINT =
  "run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)";

/**
 * `openclaw models set <ref>` for the first model of the first provider (in the catalog's order:
 * the built-in ones, then the config's) that `hasKey` says has a key; NO_KEY_NO_DEFAULT_HINT when
 * none has. `prefix`: the variables that make the commands edit the file read (cli-env-prefix.ts).
 */
export function noDefaultModelHint(
  catalog: Catalog,
  hasKey: (ref: string) => boolean,
  prefix: CliEnvPrefix = NO_CLI_ENV_PREFIX,
): string {
  const keyed = firstKeyedModel(catalog, hasKey);
  if (keyed === undefined)
    return prefix.keys === ""
      ? NO_KEY_NO_DEFAULT_HINT
      : NO_KEY_NO_DEFAULT_HINT.replace("openclaw ", `${prefix.keys}openclaw `);
  // `models set` and `models list` read the keys too: with the shell's, `models set` warned that
  // the provider said to have a key had none.
  const cli = `${prefix.keys}openclaw`;
  return `run: ${cli} models set ${shellWord(keyed.ref)}   (${keyed.provider} has a key; ${cli} models list shows its other models)`;
}

/**
 * The advice for a runtime made from a config object (`openRuntime({ config })`): `openclaw
 * models set` and `onboard` edit the config file, which that runtime never reads. Name the model
 * in the run, or set the default in the object, with a model whose provider has a key when one has.
 */
export function noDefaultModelHintForObject(
  catalog: Catalog,
  hasKey: (ref: string) => boolean,
): string {
  const keyed = firstKeyedModel(catalog, hasKey);
  const ref = keyed?.ref ?? "moonshot/kimi-k2.5";
  const why = keyed ? ` (${keyed.provider} has a key)` : "";
  return `name the model in the run (model: "${ref}"), or set agents.defaults.model.primary in the config object openRuntime is given${why}`;
}

/**
 * The first model of the first provider (in the catalog's order: the built-in ones, then the
 * config's) that `hasKey` says has a key, or undefined when none has.
 */
export function firstKeyedModel(
  catalog: Catalog,
  hasKey: (ref: string) => boolean,
): { ref: string; provider: string } | undefined {
  for (const provider of catalog.providers.values()) {
    const model = provider.models[0];
    if (!model) continue;
    const ref = `${provider.id}/${model.id}`;
    if (hasKey(ref)) return { ref, provider: provider.id };
  }
  return undefined;
}
