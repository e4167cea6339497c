/**
 * A built-in provider the user left alone that would only run on a key a configured provider
 * reads (`moonshot-cn` beside a configured `moonshot`, both reading MOONSHOT_API_KEY). A Moonshot
 * key works in one region only, so such a provider is the region the user does not use: asking it
 * anything at start gets a 401 (or, offline, a DNS failure) every time. Pure: no key is read here.
 */
import { templateVariables } from "../config/env.js";
import type { Catalog } from "./build.js";
import { providerEnvVars, resolveRef } from "./resolve.js";
import type { KeySource } from "./types.js";

/** The providers of the refs the user chose: primary, fallbacks, `agents.defaults.models` keys. */
export function chosenProviders(catalog: Catalog): Set<string> {
  const refs = [
    ...(catalog.primary ? [catalog.primary] : []),
    ...catalog.fallbacks,
    ...Object.keys(catalog.source.config.agents?.defaults?.models ?? {}),
  ];
  const providers = new Set<string>();
  for (const ref of refs) {
    try {
      providers.add(resolveRef(catalog, ref).provider);
    } catch {
      // A ref that names nothing chooses no provider; config validate says what is wrong with it.
    }
  }
  return providers;
}

/** The environment variables a provider in the config reads for its key (its own or `${VAR}`). */
function configuredKeyVariables(catalog: Catalog): Set<string> {
  const variables = new Set<string>();
  for (const provider of catalog.providers.values()) {
    if (provider.origin === "builtin") continue;
    for (const variable of providerEnvVars(provider)) variables.add(variable);
    if (provider.apiKeyTemplate !== undefined)
      for (const variable of templateVariables(provider.apiKeyTemplate)) variables.add(variable);
  }
  return variables;
}

/**
 * Whether `providerId`, whose key would come from `keySource`, is a built-in provider the user
 * never configured nor chose a model of, and has no key of its own: only an environment variable
 * a configured provider also reads. An auth profile of its own (onboarding of that region) makes
 * it the user's, as does naming one of its models in the default chain or the allowlist.
 */
export function borrowsConfiguredKey(
  catalog: Catalog,
  providerId: string,
  keySource: KeySource,
): boolean {
  const provider = catalog.providers.get(providerId);
  if (provider === undefined || provider.origin !== "builtin") return false;
  if (keySource.kind !== "env") return false;
  if (!configuredKeyVariables(catalog).has(keySource.variable)) return false;
  return !chosenProviders(catalog).has(providerId);
}
