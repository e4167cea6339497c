/**
 * The rule every command that writes the default model keeps (`models set`, `models fallbacks
 * add`, `config set`) and `config validate` checks: the default model is not also one of its
 * fallbacks, and no fallback is listed twice. The chain tries each model once, so such an entry
 * does nothing but say something the chain does not do. Pure.
 */

import { shellWord } from "../util/shell-word.js";
import { type Catalog, type CatalogProblem, canonicalRef } from "./build.js";
import { formatRef, resolveRef } from "./resolve.js";

/** The model a ref written in the config names (an alias, any case), to compare two entries. */
function namedModel(catalog: Catalog, ref: string): string {
  try {
    return formatRef(resolveRef(catalog, ref, true));
  } catch {
    // A ref that names nothing is reported on its own; compared as written here.
    return canonicalRef(ref);
  }
}

/** Each fallback that is the default model or an earlier fallback, at its dotted path. */
export function repeatedFallbacks(catalog: Catalog): (CatalogProblem & { level: "error" })[] {
  const out: (CatalogProblem & { level: "error" })[] = [];
  const selection = catalog.source.config.agents?.defaults?.model;
  const primaryPath =
    typeof selection === "string" ? "agents.defaults.model" : "agents.defaults.model.primary";
  const unresolved = (path: string) => catalog.source.unresolved.includes(path);
  const primary =
    catalog.primary !== undefined && !unresolved(primaryPath)
      ? namedModel(catalog, catalog.primary)
      : undefined;
  const seen = new Map<string, number>();
  catalog.fallbacks.forEach((fallback, index) => {
    const path = `agents.defaults.model.fallbacks[${index}]`;
    if (unresolved(path)) return;
    const model = namedModel(catalog, fallback);
    if (model === primary) {
      out.push({
        level: "error",
        path,
        message: `fallback ${index + 1} is ${model}, the default model: it cannot also be its fallback`,
        // Said at the fallback (one set to the default, or a config that lists it): the model is
        // the default already, so making it the default is no advice.
        hint: `the chain tries the default first and each model once: list the fallbacks without ${model} (or make another model the default: openclaw models set <model>)`,
        alsoAt: primaryPath,
        // Said at the default when that is what was set (a fallback made the default).
        alsoAtHint: `the chain tries a model once: openclaw models set ${shellWord(model)} makes it the default and takes it out of the fallbacks (or make another model the default)`,
      });
      return;
    }
    const earlier = seen.get(model);
    if (earlier !== undefined) {
      out.push({
        level: "error",
        path,
        message: `fallback ${index + 1} is ${model}, which is already fallback ${earlier + 1}: a model is listed once`,
        hint: `list each model once (openclaw config unset '${path}' removes this one)`,
        setHint: `list each model once: leave fallback ${index + 1} out, or make it a model not in the chain yet`,
        alsoAt: `agents.defaults.model.fallbacks[${earlier}]`,
      });
      return;
    }
    seen.set(model, index);
  });
  return out;
}
