/**
 * A provider's 404 (model not found) for an id openclaw's built-in list marks retired: the
 * classifier, which knows no catalog, can only say ids are retired "from time to time" and send
 * the person to `models scan`, while `models list` and doctor already name the replacement. Here
 * the hint names it too, with the command that fits where the model came from: the default
 * chain (`models set`, `models fallbacks`), an alias (`models aliases add`), or the ref asked for.
 */
import {
  type Catalog,
  findRef,
  formatRef,
  namesDefaultChain,
  retiredMark,
} from "../catalog/index.js";
import type { ResolvedModel } from "../catalog/types.js";
import type { ProviderError } from "../providers/errors.js";

/**
 * `error` with a hint naming the replacement when it is a 404 for `model` and the built-in list
 * marks `model` retired; `error` as it is otherwise (an id the list does not mark keeps the
 * classifier's `models scan` advice). `requested` is what the run asked for (undefined: the
 * default chain).
 */
export function notFoundNamingReplacement(
  error: ProviderError,
  model: ResolvedModel,
  catalog: Catalog | undefined,
  requested: string | undefined,
): ProviderError {
  if (error.errorClass !== "not_found" || catalog === undefined) return error;
  const mark = retiredMark(model.provider, model.id);
  if (mark === undefined) return error;
  const replacement = `${model.provider}/${mark.replacedBy}`;
  const fix = fixFor(catalog, model.ref, replacement, requested);
  return error.retold({ hint: retiredHint(model.provider, model.id, mark.year, replacement, fix) });
}

/** The hint of a retired id's 404, with `fix`, what to run or ask for instead. */
function retiredHint(
  provider: string,
  id: string,
  year: number,
  replacement: string,
  fix: string,
): string {
  return `${provider} retired ${id} in ${year} (per openclaw's list): use ${replacement} — ${fix}; see what the key may use now with: openclaw models scan --provider ${provider}`;
}

/**
 * The hint of `error`, a provider's 404 for an id the built-in list marks retired, for a client
 * that asked for the model by `alias` where the run was given its ref (a gateway resolves aliases
 * before the run): giving the alias to the replacement first, which mends every client that asks
 * by it, then asking for the replacement in its place when `replacementServed`. Undefined for any
 * other error.
 */
export function retiredHintForAlias(
  error: ProviderError,
  alias: string,
  replacementServed: (replacement: string) => boolean,
): string | undefined {
  if (error.errorClass !== "not_found") return undefined;
  const mark = retiredMark(error.provider, error.model);
  if (mark === undefined) return undefined;
  const replacement = `${error.provider}/${mark.replacedBy}`;
  const ask = replacementServed(replacement)
    ? `; or ask for ${replacement} in its place (a gateway client sends it as "model")`
    : "";
  const fix = `the alias ${aliasFix(alias, replacement)}${ask}`;
  return retiredHint(error.provider, error.model, mark.year, replacement, fix);
}

/** What to run (or ask for) instead, for the model `ref` reached through `requested`. */
function fixFor(
  catalog: Catalog,
  ref: string,
  replacement: string,
  requested: string | undefined,
): string {
  if (requested === undefined || namesDefaultChain(requested)) {
    if (refOf(catalog, catalog.primary) === ref) return `openclaw models set ${replacement}`;
    const chain = [catalog.primary, ...catalog.fallbacks].map((entry) => refOf(catalog, entry));
    const remove = `openclaw models fallbacks remove ${ref}`;
    return chain.includes(replacement)
      ? `${remove} (${replacement} is in the chain already)`
      : `${remove}, then: openclaw models fallbacks add ${replacement}`;
  }
  const alias = catalog.aliases.get(requested.trim().toLowerCase());
  if (alias?.ref === ref) return `the alias ${aliasFix(alias.alias, replacement)}`;
  const ask = `ask for ${replacement} in its place (--model ${replacement}; a gateway client sends it as "model")`;
  // A gateway resolves an alias before the run: the alias the config gives the ref is said too.
  const written = catalog.aliasByRef.get(ref);
  return written === undefined ? ask : `${ask}; its alias ${aliasFix(written, replacement)}`;
}

function aliasFix(alias: string, replacement: string): string {
  const name = JSON.stringify(alias);
  return `${name} names it; give the alias to ${replacement}: openclaw models aliases add ${name} ${replacement}`;
}

/** The canonical ref a chain entry (ref or alias) names, or undefined. */
function refOf(catalog: Catalog, entry: string | undefined): string | undefined {
  if (entry === undefined) return undefined;
  const found = findRef(catalog, entry);
  return found ? formatRef(found) : undefined;
}
