/**
 * Whether a model a command is about to write names an id its provider's API has retired, as
 * openclaw's built-in list marks it: the spec page (and configs copied from it) still name such
 * ids, and nothing but the first request would say so, with a 404.
 */
import { type Catalog, canonicalRef } from "./build.js";
import { type BuiltinModel, builtinProvider } from "./builtin-providers.js";
import { findRef, formatRef } from "./resolve.js";

export interface RetiredModelUse {
  /** The canonical ref the input names (`moonshot/kimi-k2-thinking`). */
  ref: string;
  /** The ref to use instead, of the same provider (`moonshot/kimi-k2.5`). */
  replacement: string;
  /**
   * When the input is an alias: its name as the config writes it, and the dotted path of that
   * alias (`agents.defaults.models["moonshot/kimi-k2-thinking"].alias`).
   */
  alias?: { name: string; path: string };
}

/**
 * The retired model `input` (a ref, alias or bare id) names, with its replacement; undefined when
 * it names no model, or one that is not known to be retired.
 */
export function retiredModelUse(catalog: Catalog, input: string): RetiredModelUse | undefined {
  const found = findRef(catalog, input);
  if (!found) return undefined;
  const retired = retiredMark(found.provider, found.model);
  if (!retired) return undefined;
  const ref = formatRef(found);
  const alias = aliasNaming(catalog, input, ref);
  return {
    ref,
    replacement: `${found.provider}/${retired.replacedBy}`,
    ...(alias ? { alias } : {}),
  };
}

/**
 * The mark openclaw's built-in list puts on `provider`'s model `id` when that provider's API has
 * retired it; undefined for an id still served, or one the built-in list does not know.
 */
export function retiredMark(provider: string, id: string): BuiltinModel["retired"] {
  return builtinProvider(provider)?.models.find((model) => model.id === id)?.retired;
}

/** The alias `input` is, when it is one of `ref`'s, and where the config writes it. */
function aliasNaming(
  catalog: Catalog,
  input: string,
  ref: string,
): RetiredModelUse["alias"] | undefined {
  const name = input.trim().toLowerCase();
  const alias = catalog.aliases.get(name);
  if (alias?.ref !== ref) return undefined;
  const entries = catalog.source.config.agents?.defaults?.models ?? {};
  const key = Object.keys(entries).find(
    (written) =>
      canonicalRef(written) === ref && entries[written]?.alias?.trim().toLowerCase() === name,
  );
  return key === undefined
    ? undefined
    : { name: alias.alias, path: `agents.defaults.models["${key}"].alias` };
}
