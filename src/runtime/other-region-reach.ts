/**
 * Which ref reaches the other Moonshot region under the config in force, for the advice of a key
 * a built-in region's provider refused (authHint): the other region's built-in provider, while
 * the config keeps it there. Onboarding China's choice moves `moonshot` to api.moonshot.cn, and
 * then `moonshot/<id>` sends a key refused by `moonshot-cn` back to the same platform.
 */
import { endpointOfBaseUrl, onboardCommandFor } from "../auth/index.js";
import type { ResolvedModel } from "../catalog/types.js";
import type { Env } from "../config/index.js";
import { endpointOf, isMoonshotRegion, otherRegionOf } from "../providers/endpoint-kind.js";
import type { OtherRegionReach } from "../providers/key-refusal-hint.js";

const ENDPOINT_IDS = { ai: "moonshot-ai", cn: "moonshot-cn" } as const;

/**
 * What the config offers for the region other than the one `model`'s base URL is at; undefined
 * when that is no Moonshot region. `baseUrlOf`: where the config sends a provider's requests
 * (undefined: it has no such provider).
 */
export function otherRegionReach(
  model: Pick<ResolvedModel, "id" | "baseUrl">,
  baseUrlOf: (provider: string) => string | undefined,
  env: Env,
  /** Whether the allowlist (`agents.defaults.models`) lets a ref through; all when left out. */
  allows: (ref: string) => boolean = () => true,
): OtherRegionReach | undefined {
  const endpoint = endpointOf(model.baseUrl);
  if (endpoint.kind !== "moonshot") return undefined;
  const other = otherRegionOf(endpoint);
  const at = baseUrlOf(other.provider);
  // The public address, or the one an OPENCLAW_MOONSHOT_*_BASE_URL override names for it.
  const reaches =
    at !== undefined &&
    (isMoonshotRegion(at, other.region) ||
      endpointOfBaseUrl(at, env) === ENDPOINT_IDS[other.region]);
  if (!reaches || at === undefined) return { ref: undefined, provider: other.provider, at };
  const ref = `${other.provider}/${model.id}`;
  return allows(ref)
    ? { ref }
    : { ref, unlisted: { baseUrl: at, onboard: onboardCommandFor(at, env) } };
}
