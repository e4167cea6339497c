/**
 * The model refs a person's config names: what a scan may call theirs when the provider no longer
 * lists it, as against an id only openclaw's built-in list has.
 */
import { type Catalog, canonicalRef } from "../catalog/index.js";

/**
 * Every `provider/id` the config names: an entry of `models.providers.<id>.models[]`, a key of
 * `agents.defaults.models` (an alias, an allowlist entry), the default model and its fallbacks
 * (an alias among them read as its ref).
 */
export function refsTheConfigNames(
  catalog: Pick<
    Catalog,
    "providers" | "aliases" | "aliasByRef" | "primary" | "fallbacks" | "source"
  >,
): Set<string> {
  const refs = new Set<string>();
  for (const [providerId, provider] of catalog.providers)
    for (const model of provider.models)
      if (model.origin === "config" || model.origin === "builtin+config")
        refs.add(`${providerId}/${model.id}`);
  for (const key of Object.keys(catalog.source.config.agents?.defaults?.models ?? {}))
    refs.add(canonicalRef(key));
  for (const ref of catalog.aliasByRef.keys()) refs.add(ref);
  const refOf = (name: string) =>
    catalog.aliases.get(name.toLowerCase())?.ref ?? canonicalRef(name);
  for (const name of [...(catalog.primary ? [catalog.primary] : []), ...catalog.fallbacks])
    refs.add(refOf(name));
  return refs;
}
