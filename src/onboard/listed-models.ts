/**
 * Onboarding starts from the built-in model list (the OpenClaw docs' config), but providers retire
 * ids and add new ones: a model the key check's `GET /models` does not list would fail its first
 * request with a 404, and one it lists that the config lacks cannot be used until it is added. So
 * the built-in models the list lacks are not written (but the default, which the person asked
 * for), and what was left out, what is unusable and what is new is said once, while the list is
 * at hand.
 */
import type { RemoteModel } from "../auth/index.js";
import { closestListedIds, namedWithClosest, retiredMark } from "../catalog/index.js";
import { formatPath } from "../config/index.js";
import type { ModelConfig, OpenClawConfig } from "../config/types.js";
import { shellWord } from "../util/shell-word.js";
import { compareWithListed } from "./models-scan.js";

/** The built-in models to write, once the key check's list is known. */
export interface ListedSetup {
  /** The listed models, and the default model whatever the list says. */
  models: ModelConfig[];
  /** ref → alias, for the models kept only. */
  aliases: Record<string, string>;
  /**
   * The ids not written because the list does not have them, or, with no list to go by, because
   * the built-in list marks them retired.
   */
  leftOut: string[];
}

/**
 * Keeps of `providerId`'s built-in `models` (and their `aliases`, keyed by ref) those `listed`
 * has, and `defaultId` always: the person chose this provider, so its default is set up even when
 * the key may not use it (a warning says so). With no list (it could not be read, or it is empty
 * and so says nothing about which ids exist) those the built-in list marks retired are left out,
 * as their requests fail with 404 (retiredLeftOut says what replaces them), and the rest kept.
 */
export function keepListedModels(
  providerId: string,
  models: readonly ModelConfig[],
  aliases: Readonly<Record<string, string>>,
  defaultId: string,
  listed: readonly RemoteModel[],
): ListedSetup {
  const listedIds = new Set(listed.map((model) => model.id));
  const kept = (id: string) =>
    id === defaultId ||
    (listed.length === 0 ? retiredMark(providerId, id) === undefined : listedIds.has(id));
  const prefix = `${providerId}/`;
  return {
    models: models.filter((model) => kept(model.id)),
    aliases: Object.fromEntries(
      Object.entries(aliases).filter(
        ([ref]) => !ref.startsWith(prefix) || kept(ref.slice(prefix.length)),
      ),
    ),
    leftOut: models.map((model) => model.id).filter((id) => !kept(id)),
  };
}

/**
 * What onboarding says of the built-in ids it left out with no list to go by, `leftOut` (all
 * marked retired): `moonshot: not added: kimi-k2-thinking, kimi-k2-thinking-turbo, which moonshot
 * retired in 2026 per openclaw's list (requests to them fail with 404); kimi-k2.5 replaces them`:
 * the words say the verdict is the built-in list's, no key's list having been read. Undefined for
 * none.
 */
export function retiredLeftOutChange(
  providerId: string,
  leftOut: readonly string[],
): string | undefined {
  if (leftOut.length === 0) return undefined;
  const replacements = [
    ...new Set(leftOut.map((id) => retiredMark(providerId, id)?.replacedBy ?? "")),
  ].filter((id) => id !== "");
  const w = words(leftOut.length);
  const instead =
    replacements.length === 1
      ? `; ${replacements[0]} replaces ${w.it}`
      : replacements.length > 1
        ? `; use ${replacements.join(" or ")} instead`
        : "";
  const years = [...new Set(leftOut.map((id) => retiredMark(providerId, id)?.year))];
  const when = years.length === 1 && years[0] !== undefined ? ` in ${years[0]}` : "";
  return `${providerId}: not added: ${list(leftOut)}, which ${providerId} retired${when} per openclaw's list (requests to ${w.it} fail with 404)${instead}`;
}

/**
 * `refs` without those of `providerId` that `listed` lacks: a model the provider no longer lists
 * is refused with a 404 whatever the allowlist says, so naming it as "could be used before" and
 * suggesting to list it again would only lead to that 404. With no list, without those the
 * built-in list marks retired, for the same reason.
 */
export function withoutUnlisted(
  providerId: string,
  refs: readonly string[],
  listed: readonly RemoteModel[],
): string[] {
  const listedIds = new Set(listed.map((model) => model.id));
  const served = (id: string) =>
    listed.length === 0 ? retiredMark(providerId, id) === undefined : listedIds.has(id);
  const prefix = `${providerId}/`;
  return refs.filter((ref) => !ref.startsWith(prefix) || served(ref.slice(prefix.length)));
}

/**
 * The dotted path of the `models[]` entry where `config` writes `providerId`'s model `id`
 * (`models.providers.moonshot.models[3].id`), when it does.
 */
export function providerModelPath(
  config: OpenClawConfig,
  providerId: string,
  id: string,
): string | undefined {
  for (const [rawId, entry] of Object.entries(config.models?.providers ?? {})) {
    if (rawId.toLowerCase() !== providerId) continue;
    const index = (entry?.models ?? []).findIndex((model) => model?.id === id);
    if (index >= 0) return formatPath(["models", "providers", rawId, "models", index, "id"]);
  }
  return undefined;
}

function list(ids: readonly string[]): string {
  return ids.join(", ");
}

/** `it` / `them`, `was` / `were`, … for `count` models. */
function words(count: number) {
  const one = count === 1;
  return { it: one ? "it" : "them", itWas: one ? "it was" : "they were", is: one ? "is" : "are" };
}

export interface ListedModelsOutcome {
  /** The built-in ids onboarding did not write because the list lacks them. */
  leftOut?: readonly string[];
  /** The id of the model onboarding makes the default (said apart when the list lacks it). */
  defaultId?: string;
  /** The request that read the list, as said to a person (`GET /v1/models`). */
  request?: string;
  /** Where the config already writes the model `id` (a dotted path), when it does. */
  writtenAt?: (id: string) => string | undefined;
}

/**
 * The warnings for `providerId`'s config models afterwards (`configIds`) against what `listed`
 * has: first, on its own, a default model the list lacks (every request to it fails), with what
 * to run; then one warning naming the other models it does not list, the built-in ones left out
 * for that, and the listed ones the config lacks with the command that adds them. Empty when the
 * two agree, or when there is no list to go by (an empty one says nothing about which ids exist).
 */
export function unlistedModelsWarnings(
  providerId: string,
  configIds: readonly string[],
  listed: readonly RemoteModel[],
  outcome: ListedModelsOutcome = {},
): string[] {
  if (listed.length === 0) return [];
  const { added, gone, known } = compareWithListed(configIds, listed);
  const leftOut = outcome.leftOut ?? [];
  const scan = `openclaw models scan --provider ${providerId}`;
  const newIds = list(added.map((model) => model.id));
  const warnings: string[] = [];
  const defaultId = outcome.defaultId;
  const defaultGone = defaultId !== undefined && gone.includes(defaultId);
  /** The new ids are named by the default's warning (as its replacement): not again. */
  let newIdsSaid = false;
  if (defaultGone) {
    const ref = `${providerId}/${defaultId}`;
    const instead = known[0];
    const todo =
      instead !== undefined
        ? `make a listed model the default: openclaw models set ${shellWord(`${providerId}/${instead}`)}`
        : `the API lists ${newIds} instead: add ${words(added.length).it} with: ${scan} --add, then make one the default: openclaw models set ${shellWord(`${providerId}/${added[0]?.id}`)}`;
    newIdsSaid = instead === undefined;
    warnings.push(
      `${providerId}: the default model ${ref} is not in the API's list for this key (retired, or your key may not use it): every request to it fails with 404 until another model is the default; it was set up all the same, as the model of the provider you chose; ${todo}`,
    );
  }
  const unusable = defaultGone ? gone.filter((id) => id !== defaultId) : gone;
  const parts: string[] = [];
  if (unusable.length > 0) {
    const w = words(unusable.length);
    const list = {
      ids: listed.map((model) => model.id),
      request: outcome.request ?? "GET /models",
    };
    const { named, closest } = namedWithClosest(
      unusable.map((id) => ({
        name: id,
        where: outcome.writtenAt?.(id),
        closest: closestListedIds(providerId, id, list),
      })),
    );
    // The step that ends the 404s: the scan's prune takes the entries and their aliases out.
    parts.push(
      `${named} ${w.is} not in the models your key can use (${outcome.request ?? "GET /models"}): ${w.itWas} retired or your key may not use ${w.it}, so requests to ${w.it} fail with 404${closest}; take ${w.it} out of the config (with any alias naming ${w.it}) with: ${scan} --prune`,
    );
  }
  if (leftOut.length > 0) {
    const w = words(leftOut.length);
    parts.push(
      unusable.length > 0
        ? `${list(leftOut)} ${w.is} not listed either, so onboarding left ${w.it} out of the config`
        : `the API does not list ${list(leftOut)} for this key (retired, or your key may not use ${w.it}), so onboarding left ${w.it} out of the config`,
    );
  }
  const addNew = `add them with: ${scan} --add`;
  if (parts.length === 0) {
    if (added.length > 0 && !newIdsSaid) {
      warnings.push(
        `${providerId}: the API lists models for this key that the config does not have: ${newIds} — ${addNew}`,
      );
    }
    return warnings;
  }
  const next =
    added.length > 0 && !newIdsSaid ? `new: ${newIds} — ${addNew}` : `the models it lists: ${scan}`;
  warnings.push(`${providerId}: ${parts.join("; ")}; ${next}`);
  return warnings;
}
