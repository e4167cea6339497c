/**
 * The hint of a refused key: at a Moonshot region (keys work only in the region that issued
 * them), at Kimi Code (its own keys), or elsewhere; what the config offers for the other region.
 */
import { KIMI_CODE_KEY_PREFIX } from "../auth/index.js";
import { displayUrl } from "../util/display-url.js";
import { urlHost } from "../util/url-host.js";
import { type Endpoint, REGION_NAMES, REGION_PROVIDERS, REGION_URLS } from "./endpoint-kind.js";

/**
 * What the config in force offers for the other Moonshot region, for a refused key's advice: the
 * ref of the built-in provider that sends keys there (`moonshot-cn/kimi-k2.5`), or none, with
 * where that provider's requests go instead (undefined: the config has no such provider). Only a
 * caller that has the config knows it (src/runtime/other-region-reach.ts).
 */
export type OtherRegionReach =
  | {
      readonly ref: string;
      /**
       * Set when the allowlist (`agents.defaults.models`) does not list `ref`: where the other
       * region's provider sends its requests, and the onboarding that moves the refused
       * provider there (none known: undefined).
       */
      readonly unlisted?: { readonly baseUrl: string; readonly onboard: string | undefined };
    }
  | { readonly ref: undefined; readonly provider: string; readonly at: string | undefined };

/**
 * The hint of a refused key. `fix` says what to do about the key itself, naming where it was read
 * from; the runtime knows that (src/runtime/refused-key.ts), a bare classification does not and
 * names every place a key can come from. `reach`: what the config offers for the other region;
 * without it (a bare classification) the advice names that region's address, not a ref the
 * config may have moved (`moonshot` at the China platform after its onboarding). `key`: the
 * refused key, when known, only for its shape (never said): at Kimi Code, one that starts with
 * sk-kimi- is a Kimi Code key already, refused for itself rather than for being a platform key.
 */
export function authHint(
  endpoint: Endpoint,
  model: { provider: string; id: string; baseUrlAt?: string },
  wrongRegion: boolean,
  fix?: string,
  reach?: OtherRegionReach,
  key?: string,
): string {
  const { provider } = model;
  // A provider of one's own at a Moonshot region (by its host, whatever its id): the fix is its
  // baseUrl, named with the line that writes it when a file does.
  const ownBaseUrl = `models.providers.${provider}.baseUrl${model.baseUrlAt === undefined ? "" : ` at ${model.baseUrlAt}`}`;
  if (endpoint.kind === "moonshot" && wrongRegion)
    return otherRegionKeyHint(endpoint, model, ownBaseUrl, fix, reach);
  if (endpoint.kind === "moonshot") {
    const other = endpoint.region === "ai" ? "cn" : "ai";
    const lead = `Moonshot keys work only in the region that issued them; this request went to ${REGION_URLS[endpoint.region]} (${REGION_NAMES[endpoint.region]})`;
    const otherwise = fix ?? "check the key (MOONSHOT_API_KEY or the provider's apiKey)";
    // A provider of one's own: pointed at the key's region, it sends the key there.
    if (provider !== REGION_PROVIDERS[endpoint.region])
      return `${lead}; if the key comes from platform.moonshot.${other}, set ${ownBaseUrl} to ${REGION_URLS[other]}; otherwise ${otherwise}`;
    // The built-in provider of a region: the other region has its own, which reads the same
    // MOONSHOT_API_KEY; pointed at the other address, this one would only duplicate it. Which
    // ref reaches that region is the config's to say: without it, the region's address is named.
    if (reach === undefined)
      return `${lead}; if the key comes from platform.moonshot.${other}, use it with a provider whose baseUrl is ${REGION_URLS[other]} (the ${REGION_NAMES[other]} platform); otherwise ${otherwise}`;
    if (reach.ref !== undefined)
      return `${lead}; if the key comes from platform.moonshot.${other}, ${useOtherRegion(provider, model, ownBaseUrl, reach, other)}; otherwise ${otherwise}`;
    const where =
      reach.at === undefined
        ? `this config has no provider ${reach.provider}`
        : `provider ${reach.provider} sends its requests to ${displayUrl(reach.at)}`;
    return `${lead}; under this config no built-in provider sends keys to the ${REGION_NAMES[other]} platform (${where}), so ${provider} needs a key from platform.moonshot.${endpoint.region}: ${otherwise}`;
  }
  if (endpoint.kind === "kimi-code") {
    if (key?.startsWith(KIMI_CODE_KEY_PREFIX))
      return `this Kimi Code key was refused (revoked, mistyped, or from another account): get a new one at kimi.com/code (the Kimi Code console); ${fix ?? `put it where provider ${provider}'s key was read from`}`;
    return `Kimi Code needs a Kimi Code key (sk-kimi-…) from kimi.com; Moonshot platform keys do not work here; ${fix ?? `check the key for provider ${provider}`}`;
  }
  return (
    fix ??
    `check the API key configured for provider ${provider} (its apiKey, environment variable or auth profile)`
  );
}

/**
 * How to send a key to the other region's ref `reach.ref`: that ref, while the allowlist lists it.
 * Under an allowlist without it (the spec page's snippet lists `moonshot/…` only), the ref alone
 * only leads to its refusal: `moonshot` keeps its ref and is pointed at the other region (its
 * baseUrl, or onboarding's China choice); `moonshot-cn` names the entry to add.
 */
function useOtherRegion(
  provider: string,
  model: { id: string; baseUrlAt?: string },
  ownBaseUrl: string,
  reach: Extract<OtherRegionReach, { ref: string }>,
  /** The region `reach.ref` sends keys to. */
  region: "ai" | "cn",
): string {
  const { unlisted } = reach;
  if (unlisted === undefined) return `use ${reach.ref} instead`;
  const host = urlHost(unlisted.baseUrl) ?? displayUrl(unlisted.baseUrl);
  const platform = `the ${REGION_NAMES[region]} platform (${host})`;
  if (provider === REGION_PROVIDERS.ai && unlisted.onboard !== undefined) {
    const move =
      model.baseUrlAt === undefined
        ? `run: openclaw config set models.providers.${provider}.baseUrl ${unlisted.baseUrl}`
        : `set ${ownBaseUrl} to ${unlisted.baseUrl}`;
    return `keep ${provider}/${model.id} and send it to ${platform}: ${move}, or run: ${unlisted.onboard}, which moves provider ${provider} there (${reach.ref} would take the key too, but agents.defaults.models, the allowlist, does not list it)`;
  }
  return `use ${reach.ref} instead, once listed in agents.defaults.models (the allowlist; add "${reach.ref}": {} there)`;
}

/**
 * The hint of a key known to belong to the other Moonshot region (a caller's key check found it
 * there, `otherRegionAccepted`): said as a fact, each thing once, with no "if the key comes
 * from" that the fact already answers. The other way out is a key of this region.
 */
function otherRegionKeyHint(
  endpoint: Extract<Endpoint, { kind: "moonshot" }>,
  model: { provider: string; id: string; baseUrlAt?: string },
  /** `models.providers.<id>.baseUrl`, with its `file:line` when known. */
  ownBaseUrl: string,
  fix: string | undefined,
  reach: OtherRegionReach | undefined,
): string {
  const { provider } = model;
  const other = endpoint.region === "ai" ? "cn" : "ai";
  const lead = `this key belongs to the ${REGION_NAMES[other]} platform (platform.moonshot.${other})`;
  const instead =
    fix ??
    `give ${provider} a key from platform.moonshot.${endpoint.region} (MOONSHOT_API_KEY or the provider's apiKey)`;
  if (provider !== REGION_PROVIDERS[endpoint.region])
    return `${lead}: set ${ownBaseUrl} to ${REGION_URLS[other]}, or ${instead}`;
  if (reach === undefined)
    return `${lead}: use it with a provider whose baseUrl is ${REGION_URLS[other]}, or ${instead}`;
  if (reach.ref !== undefined)
    return `${lead}: ${useOtherRegion(provider, model, ownBaseUrl, reach, other)}, or ${instead}`;
  const where =
    reach.at === undefined
      ? `this config has no provider ${reach.provider}`
      : `provider ${reach.provider} sends its requests to ${displayUrl(reach.at)}`;
  return `${lead}, and under this config no built-in provider sends keys there (${where}): ${instead}`;
}
