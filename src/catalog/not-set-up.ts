/**
 * A name of a model whose provider only openclaw's built-in list has, the config not setting it
 * up: with only Moonshot onboarded, "Kimi Code" is no alias yet (onboarding Kimi Code gives it),
 * and "Kimi For Coding" is the name of a model the allowlist leaves out. Such a name is neither a
 * slip nor a retired model: it is what a person reading the docs types, and what it takes is
 * onboarding that provider, which the refusal says with the ref.
 */
import { onboardDetour } from "../auth/onboard-detour.js";
import { onboardCommandFor } from "../auth/public-endpoints.js";
import { shellModelWord } from "../util/shell-word.js";
import type { Catalog } from "./build.js";
import { BUILTIN_PROVIDERS, type BuiltinProvider } from "./builtin-providers.js";

export interface NotSetUpModel {
  /** `kimi-code/kimi-for-coding` */
  ref: string;
  /** `kimi-code` */
  provider: string;
  /** The alias onboarding gives the model (`Kimi Code`). */
  alias: string;
  /** `openclaw onboard --auth-choice kimi-code-api-key` */
  onboard: string;
}

/** The built-in model of `builtin` that `wanted` (lower-cased) names, and not a retired one. */
function modelNamed(builtin: BuiltinProvider, wanted: string) {
  const models = builtin.models.filter((model) => model.retired === undefined);
  const spelled = (text: string) => text.trim().toLowerCase() === wanted;
  const named = models.find((model) => spelled(model.alias) || spelled(model.name));
  if (named) return named;
  // The provider's own name (`Kimi Code`, `kimi-code`) for its model, when it has only one: of
  // several (Moonshot's), it names none.
  const byProvider =
    spelled(builtin.label) || builtin.id === wanted.replace(/\s+/g, "-") ? builtin.models : [];
  return byProvider.length === 1 ? models.find((model) => model === byProvider[0]) : undefined;
}

/**
 * The model `name` stands for, by the alias onboarding would give it, its name or its
 * provider's, when that provider is built in and not in the config; undefined otherwise. A
 * provider whose onboarding writes another one (moonshot-cn's choice writes `moonshot`) is left
 * out: the ref it would make work is not this one.
 */
export function notSetUpModelNamed(catalog: Catalog, name: string): NotSetUpModel | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted === "") return undefined;
  for (const builtin of BUILTIN_PROVIDERS) {
    const provider = catalog.providers.get(builtin.id);
    if (provider?.origin !== "builtin") continue;
    const model = modelNamed(builtin, wanted);
    if (model === undefined) continue;
    const onboard = onboardCommandFor(provider.baseUrl, {});
    if (onboard === undefined || onboardDetour(provider.id, provider.baseUrl, {}) !== undefined)
      continue;
    return {
      ref: `${provider.id}/${model.id}`,
      provider: provider.id,
      alias: model.alias,
      onboard,
    };
  }
  return undefined;
}

/**
 * What to do about such a name, for a config read from a file: onboard the provider, which adds
 * the model under the alias and makes it the default (the default set now, `primary` as a ref, is
 * said, with the command that puts it back).
 */
export function notSetUpHint(
  name: string,
  found: NotSetUpModel,
  primary: string | undefined,
): string {
  // As one shell word (a primary naming nothing is kept as written: an alias with a space).
  const previous =
    primary !== undefined && primary !== found.ref
      ? ` in place of ${primary} (openclaw models set ${shellModelWord(primary)} puts that back)`
      : "";
  return `"${name}" is ${found.ref}, a model of provider ${found.provider}, which your config does not set up yet: run: ${found.onboard}, which stores its key, adds ${found.ref} with the alias "${found.alias}" and makes it the default model${previous}`;
}
