import type { KeyTarget } from "../auth/index.js";
import { type Catalog, type KeySource, providerEnvVars, resolveModel } from "../catalog/index.js";

/**
 * The key sources of a provider, in the order the runtime will use them: taken from the catalog
 * (which knows `auth.order` and `auth.profiles`) by resolving one of its models; built by hand only
 * if none resolves (say a `${VAR}` in its baseUrl is unset).
 */
export function keyTargetFor(catalog: Catalog, providerId: string): KeyTarget {
  const provider = catalog.providers.get(providerId);
  const open: Catalog = { ...catalog, allowlist: undefined };
  for (const model of provider?.models ?? []) {
    try {
      return {
        provider: providerId,
        keySources: resolveModel(open, `${providerId}/${model.id}`).keySources,
      };
    } catch {
      // try the next model
    }
  }
  const sources: KeySource[] = [{ kind: "profile", profileId: `${providerId}:default` }];
  for (const variable of provider ? providerEnvVars(provider) : [])
    sources.push({ kind: "env", variable });
  if (provider?.apiKeyTemplate !== undefined) {
    sources.push({
      kind: "config",
      path: `${provider.configPath}.apiKey`,
      template: provider.apiKeyTemplate,
      variables: [],
    });
  }
  return { provider: providerId, keySources: sources };
}
