/**
 * What the other providers make of a keyless provider's onboard detour (see
 * src/auth/onboard-detour.ts): whether the provider onboarding writes already reaches this
 * endpoint with a key, and which providers the user relies on would also take the key its
 * variable is set to. Pure: the keys are looked up by `keySourceOf`.
 */
import {
  type DetourStanding,
  endpointOfBaseUrl,
  type KeyTarget,
  NO_DETOUR_STANDING,
  onboardDetour,
  platformName,
  publicEndpointOf,
  type VariableSharer,
} from "../auth/index.js";
import { type Catalog, chosenProviders, resolveModel } from "../catalog/index.js";
import type { KeySource } from "../catalog/types.js";
import type { Env } from "../config/index.js";

/** The source of the key a provider would use now, or undefined when it has none. */
export type KeySourceOf = (target: KeyTarget) => KeySource | undefined;

interface ResolvedProvider extends KeyTarget {
  baseUrl: string;
}

/** detourStanding over one catalog, env and key lookup: what a runtime or a gateway asks with. */
export function detourStandingOf(
  catalog: Catalog,
  env: Env,
  keySourceOf: KeySourceOf,
): (
  model: { provider: string; baseUrl: string },
  variable: string | undefined,
  refused?: KeySource,
) => DetourStanding {
  return (model, variable, refused) =>
    detourStanding(catalog, model, variable, env, keySourceOf, refused);
}

/**
 * The standing of `model`'s detour, when onboarding stores its key for another provider;
 * NO_DETOUR_STANDING otherwise. `variable`: the one its advice says to export, if any.
 * `refused`: where the key `model`'s provider refused was read, for a refusal's advice: the
 * provider onboarding writes has no key of its own there while it reads that same key.
 */
export function detourStanding(
  catalog: Catalog,
  model: { provider: string; baseUrl: string },
  variable: string | undefined,
  env: Env,
  keySourceOf: KeySourceOf,
  refused?: KeySource,
): DetourStanding {
  const detour = onboardDetour(model.provider, model.baseUrl, env);
  if (detour === undefined) return NO_DETOUR_STANDING;
  const keyEndpoint = endpointOf(model.baseUrl, env);
  const written = resolvedProvider(catalog, detour.provider);
  const chosen = chosenProviders(catalog);
  const writtenAt = written && endpointOf(written.baseUrl, env);
  const writtenKey = written && keySourceOf(written);
  const onboarded =
    written !== undefined &&
    writtenAt === keyEndpoint &&
    writtenKey !== undefined &&
    !(refused !== undefined && readsSameKey(writtenKey, refused));
  // The user's `moonshot` at the international platform: onboarding China's choice moves it.
  const relied = (id: string) => catalog.providers.get(id)?.origin !== "builtin" || chosen.has(id);
  const movesFrom =
    written !== undefined && writtenAt !== keyEndpoint && relied(detour.provider)
      ? { movesFrom: platformName(detour.provider, written.baseUrl, env) }
      : {};
  if (variable === undefined) return { onboarded, sharers: [], ...movesFrom };
  const sharers: VariableSharer[] = [];
  for (const id of catalog.providers.keys()) {
    if (id === model.provider || !relied(id)) continue;
    const other = resolvedProvider(catalog, id);
    if (other === undefined || !takesVariable(other, variable, keySourceOf(other))) continue;
    const at = endpointOf(other.baseUrl, env);
    // The same endpoint as the key's: the key works there too.
    if (at !== undefined && at === keyEndpoint) continue;
    sharers.push({
      provider: id,
      platform: platformName(id, other.baseUrl, env),
      refuses: at !== undefined,
    });
  }
  return { onboarded, sharers, ...movesFrom };
}

function endpointOf(baseUrl: string, env: Env) {
  return endpointOfBaseUrl(baseUrl, env) ?? publicEndpointOf(baseUrl);
}

/** The base URL a request to one of `providerId`'s models goes to; undefined when none resolves. */
export function providerBaseUrl(catalog: Catalog, providerId: string): string | undefined {
  return resolvedProvider(catalog, providerId)?.baseUrl;
}

/** A provider's key sources and base URL, as a request to one of its models would use them. */
function resolvedProvider(catalog: Catalog, providerId: string): ResolvedProvider | undefined {
  const open: Catalog = { ...catalog, allowlist: undefined };
  for (const model of catalog.providers.get(providerId)?.models ?? []) {
    try {
      const resolved = resolveModel(open, `${providerId}/${model.id}`);
      return { provider: providerId, keySources: resolved.keySources, baseUrl: resolved.baseUrl };
    } catch {
      // try the next model
    }
  }
  return undefined;
}

/**
 * Whether `variable`, once set, is the key `target` uses: one of its sources reads it, and the
 * source of its key now (if any) does not come first. Profiles come before variables, and
 * variables before the config's apiKey (src/auth/resolve.ts orderedKeySources).
 */
function takesVariable(
  target: KeyTarget,
  variable: string,
  current: KeySource | undefined,
): boolean {
  const reads = (source: KeySource) =>
    (source.kind === "env" && source.variable === variable) ||
    (source.kind === "config" && source.variables.includes(variable));
  const own = target.keySources.findIndex(reads);
  if (own < 0) return false;
  if (current === undefined) return true;
  if (current.kind === "profile") return false;
  const at = target.keySources.findIndex((source) => sameSource(source, current));
  return at < 0 || at >= own;
}

/**
 * Whether two sources hold the same key: the same place, or the same one variable (`moonshot`'s
 * and `moonshot-cn`'s MOONSHOT_API_KEY, read as is or through an apiKey of `${MOONSHOT_API_KEY}`).
 */
function readsSameKey(a: KeySource, b: KeySource): boolean {
  const onlyVariable = (source: KeySource) =>
    source.kind === "env"
      ? source.variable
      : source.kind === "config" &&
          source.variables.length === 1 &&
          source.template.trim() === `\${${source.variables[0]}}`
        ? source.variables[0]
        : undefined;
  const variable = onlyVariable(a);
  return sameSource(a, b) || (variable !== undefined && variable === onlyVariable(b));
}

function sameSource(a: KeySource, b: KeySource): boolean {
  if (a.kind === "env" && b.kind === "env") return a.variable === b.variable;
  if (a.kind === "config" && b.kind === "config") return a.path === b.path;
  return a.kind === "profile" && b.kind === "profile" && a.profileId === b.profileId;
}
