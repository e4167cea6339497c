/**
 * Where a rejected key belongs. Moonshot's two regions and Kimi Code issue keys that look alike
 * and are refused everywhere but at home, and people mix them up all the time; so when one of
 * these endpoints refuses a key, the others are asked (one `GET /models` each) and a key that
 * works elsewhere is named as such, with what to change.
 */
import type { Env } from "../config/index.js";
import {
  checkKey,
  type KeyCheckAlternative,
  type KeyCheckEndpoint,
  type KeyCheckResult,
} from "./key-check.js";
import { endpointAt } from "./key-check-names.js";
import { checkKeyShape } from "./key-shape.js";
import {
  type EndpointId,
  endpointOfBaseUrl,
  endpointTarget,
  keyEndpointOf,
  onboardCommandFor,
  platformName,
  publicEndpointOf,
} from "./public-endpoints.js";

/** Kimi Code refuses clients it does not know, so it is asked as kimi-cli, like the docs' config. */
const KIMI_CODE_HEADERS = { "User-Agent": "KimiCLI/0.77" };

function endpoint(id: EndpointId, env: Env): KeyCheckEndpoint {
  const target = endpointTarget(id, env);
  return id === "kimi-code" ? { ...target, headers: KIMI_CODE_HEADERS } : target;
}

/** The built-in provider of each Moonshot region: both read MOONSHOT_API_KEY. */
const REGION_PROVIDERS = { "moonshot-ai": "moonshot", "moonshot-cn": "moonshot-cn" } as const;

/**
 * The other public endpoints a key refused at `baseUrl` may belong to, each with what to do if it
 * does (in terms of the config's provider `provider`), and the provider each is (so that a key
 * that cannot be that provider's by its shape is not sent there). None when `baseUrl` is not one
 * of them.
 */
export function keyAlternatives(
  baseUrl: string,
  provider: string,
  env: Env,
  // The shape is spelled here, in the exported signature, and named from it below: the package's
  // entry exports this function but no name for its context, and a name here would be one the
  // shipped types mention without exporting (test/package-types.test.ts).
  context: {
    modelId?: string;
    baseUrlOf?: (provider: string) => string | undefined;
    baseUrlAt?: string;
  } = {},
): KeyCheckAlternative[] {
  return keyAlternativesUnder(baseUrl, provider, env, context);
}

/**
 * What the config in force says of the refs a refused key's advice may name, beyond where its
 * providers are (RefusedKeyContext): `allows`, whether the allowlist (`agents.defaults.models`)
 * lets a ref through. Not part of the package's API: the CLI, the gateway and onboarding's probe
 * pass it, from their catalog.
 */
export interface RefusedKeyConfig extends RefusedKeyContext {
  allows?: (ref: string) => boolean;
}

/** keyAlternatives, told also what the allowlist lets through (RefusedKeyConfig). */
export function keyAlternativesUnder(
  baseUrl: string,
  provider: string,
  env: Env,
  context: RefusedKeyConfig = {},
): KeyCheckAlternative[] {
  // By the address, not the provider's id: a provider of one's own (`kimi`) at api.moonshot.cn
  // is at the China platform as much as the built-in `moonshot-cn`.
  const here = keyEndpointOf(baseUrl, env);
  if (here === undefined) return [];
  const region = (id: "moonshot-ai" | "moonshot-cn"): KeyCheckAlternative => {
    const other = endpoint(id, env);
    const builtIn = here !== "kimi-code" && REGION_PROVIDERS[here] === provider;
    return {
      ...other,
      relation: "region",
      provider: REGION_PROVIDERS[id],
      advice: builtIn
        ? otherRegionAdvice(provider, id, other.baseUrl, env, context)
        : `set ${baseUrlSetting(provider, context.baseUrlAt)} to ${other.baseUrl} (this key belongs to that region)`,
    };
  };
  const moonshot = (id: "moonshot-ai" | "moonshot-cn"): KeyCheckAlternative => ({
    ...endpoint(id, env),
    relation: "provider",
    provider: id === "moonshot-cn" ? "moonshot-cn" : "moonshot",
    advice: `this is a Moonshot platform key: give ${provider} a Kimi Code key (sk-kimi-…, from kimi.com), and use this one for Moonshot (openclaw onboard --auth-choice ${id === "moonshot-cn" ? "moonshot-api-key-cn" : "moonshot-api-key"})`,
  });
  const kimiCode: KeyCheckAlternative = {
    ...endpoint("kimi-code", env),
    relation: "provider",
    provider: "kimi-code",
    advice: `this is a Kimi Code key: use it for provider kimi-code (openclaw onboard --auth-choice kimi-code-api-key), and give ${provider} a Moonshot platform key`,
  };
  if (here === "moonshot-ai") return [region("moonshot-cn"), kimiCode];
  if (here === "moonshot-cn") return [region("moonshot-ai"), kimiCode];
  return [moonshot("moonshot-ai"), moonshot("moonshot-cn")];
}

/**
 * What a key's advice knows of the request it was refused for, beyond its endpoint: `modelId`,
 * the model asked for (the other region's ref is named with its id); `baseUrlOf`, the base URL
 * the config gives a provider (the other region's built-in one, moved by onboarding or the
 * config; undefined: the config has no such provider), without which each is taken to be at its
 * own region; `baseUrlAt`, the `file:line` that writes the refused provider's baseUrl, named in
 * the advice to change it. Named from keyAlternatives' parameter, the one place its shape is
 * written.
 */
type RefusedKeyContext = NonNullable<Parameters<typeof keyAlternatives>[3]>;

/** `models.providers.<id>.baseUrl`, and the line that writes it when a file does. */
function baseUrlSetting(provider: string, at: string | undefined): string {
  const key = `models.providers.${provider}.baseUrl`;
  return at === undefined ? key : `${key} at ${at}`;
}

/**
 * A key of region `keyRegion` refused by the built-in provider of the other one: re-pointing
 * `moonshot-cn` at the international address would make it a second `moonshot`, so the built-in
 * provider of the key's region is named (`use moonshot/kimi-k2.5 instead: …`), while it is there.
 * For `moonshot`, also the onboard choice that moves it to the key's region and keeps its refs.
 */
function otherRegionAdvice(
  provider: string,
  keyRegion: "moonshot-ai" | "moonshot-cn",
  keyRegionBaseUrl: string,
  env: Env,
  context: RefusedKeyConfig,
): string {
  const sibling = REGION_PROVIDERS[keyRegion];
  const platform = platformName(sibling, keyRegionBaseUrl, env);
  // With the config known, a provider it has not (none of its models resolves) is at no region.
  const siblingAt = context.baseUrlOf ? context.baseUrlOf(sibling) : keyRegionBaseUrl;
  const ownConsole = keyRegion === "moonshot-cn" ? "platform.moonshot.ai" : "platform.moonshot.cn";
  const siblingRegion =
    siblingAt === undefined
      ? undefined
      : (endpointOfBaseUrl(siblingAt, env) ?? publicEndpointOf(siblingAt));
  if (siblingRegion !== keyRegion)
    return `give ${provider} a key from ${ownConsole}: this one belongs to ${platform}`;
  const model = context.modelId ?? "<model>";
  const onboard = onboardCommandFor(keyRegionBaseUrl, env);
  const siblingRef = `${sibling}/${model}`;
  // The allowlist (the docs' snippet and onboarding both write one) refuses the sibling's ref:
  // named alone, it only leads to that refusal, whose closest match is the ref refused here.
  const allowed = context.modelId === undefined || (context.allows?.(siblingRef) ?? true);
  if (!allowed && provider === "moonshot" && onboard) {
    const move =
      context.baseUrlAt === undefined
        ? `run: openclaw config set models.providers.${provider}.baseUrl ${keyRegionBaseUrl}`
        : `set ${baseUrlSetting(provider, context.baseUrlAt)} to ${keyRegionBaseUrl}`;
    return `keep ${provider}/${model} and send it to ${platform}, where this key belongs: ${move}, or run: ${onboard}, which moves provider ${provider} there (${siblingRef} would take the key too, but agents.defaults.models, the allowlist, does not list it)`;
  }
  if (!allowed)
    return `use ${siblingRef} instead, once listed in agents.defaults.models (the allowlist; add "${siblingRef}": {} there): this key belongs to ${platform}, where provider ${sibling} sends it`;
  const keep =
    provider === "moonshot" && onboard
      ? ` (or keep ${provider}/${model} with: ${onboard}, which moves provider ${provider} there)`
      : "";
  return `use ${siblingRef} instead: this key belongs to ${platform}, where provider ${sibling} sends it${keep}`;
}

/** How long each of the other endpoints gets to answer. */
const PROBE_TIMEOUT_MS = 5_000;

/** What a key-home lookup finds: the endpoint that takes the key, and what to do about it. */
export interface KeyHome {
  /** `wrong_region`: the other Moonshot region takes the key; `wrong_provider`: another provider does. */
  status: Extract<KeyCheckResult["status"], "wrong_region" | "wrong_provider">;
  /** One sentence, naming where the key works; holds no key. */
  message: string;
  /** What to do: the command or config change that uses the key where it works. */
  hint: string;
}

/** Finds where a key its endpoint rejected works instead; undefined when nowhere known does. */
export type FindKeyHome = (
  baseUrl: string,
  provider: string,
  key: string,
  /** The model asked for: the advice names the other region's ref with its id. */
  modelId?: string,
  /** The `file:line` that writes the provider's baseUrl: the advice to change it names it. */
  baseUrlAt?: string,
) => Promise<KeyHome | undefined>;

/**
 * A lookup of where rejected keys belong, remembered per endpoint and key for the process (a
 * rejected key is usually sent again, and the answer does not change): undefined for a key no
 * other endpoint takes, or an endpoint that is not Moonshot's or Kimi Code's.
 */
export function createKeyHomeFinder(
  env: Env,
  check = checkKey,
  /** The base URL the config gives a provider (see RefusedKeyContext). */
  baseUrlOf?: (provider: string) => string | undefined,
): FindKeyHome {
  return createKeyHomeFinderUnder(env, check, baseUrlOf ? { baseUrlOf } : {});
}

/**
 * createKeyHomeFinder, told what the config says of the refs its advice may name
 * (RefusedKeyConfig: where providers are, what the allowlist lets through).
 */
export function createKeyHomeFinderUnder(
  env: Env,
  check: typeof checkKey,
  config: Pick<RefusedKeyConfig, "baseUrlOf" | "allows">,
): FindKeyHome {
  const found = new Map<string, Promise<KeyHome | undefined>>();
  return (baseUrl, provider, key, modelId, baseUrlAt) => {
    const context: RefusedKeyConfig = {
      ...(modelId !== undefined ? { modelId } : {}),
      ...config,
      ...(baseUrlAt !== undefined ? { baseUrlAt } : {}),
    };
    const alternatives = keyAlternativesUnder(baseUrl, provider, env, context);
    if (alternatives.length === 0) return Promise.resolve(undefined);
    const memo = `${baseUrl}\u0000${provider}\u0000${key}\u0000${modelId ?? ""}\u0000${baseUrlAt ?? ""}`;
    let pending = found.get(memo);
    if (pending === undefined) {
      // Ask the others only: the caller has just been refused at `baseUrl`.
      pending = lookElsewhere(alternatives, key, check);
      if (found.size >= 64) found.clear();
      found.set(memo, pending);
    }
    return pending;
  };
}

async function lookElsewhere(
  alternatives: KeyCheckAlternative[],
  key: string,
  check: typeof checkKey,
): Promise<KeyHome | undefined> {
  for (const alternative of alternatives) {
    // A key that cannot be this provider's (a sk-kimi- key for Moonshot) is not sent there.
    if (alternative.provider !== undefined && checkKeyShape(alternative.provider, key)) continue;
    const result = await check({ target: alternative, key, timeoutMs: PROBE_TIMEOUT_MS }).catch(
      () => undefined,
    );
    if (result?.status !== "valid") continue;
    return {
      status: alternative.relation === "region" ? "wrong_region" : "wrong_provider",
      // Said inside the refusal's brackets: its address after "at", not in brackets of its own.
      message: `the key works on ${endpointAt(alternative)}`,
      hint: alternative.advice,
    };
  }
  return undefined;
}
