/**
 * What a request is told when it is not sent because the provider refused its API key earlier
 * (401, or a key of the other Moonshot platform). A refused key is not resting until a cooldown
 * ends: it is wrong, and it stays wrong until it is replaced. So the words say where the key was
 * read from and what to do about it, rather than how long it is "benched". Not the key, even
 * masked: a gateway's client reads this message too.
 */
import { type KeyHome, keyPlace, replaceKeyFix } from "../auth/index.js";
import type { ResolvedKey } from "../auth/types.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import { endpointOf } from "../providers/endpoint-kind.js";
import type { ProviderError, ProviderErrorClass } from "../providers/errors.js";
import { authHint, type OtherRegionReach } from "../providers/key-refusal-hint.js";

/**
 * What to do about a refused key read from `source` (replaceKeyFix's words by default; a runtime
 * a program made from a config object names what it passes, and when that is read, instead).
 */
export type RefusedKeyFix = (model: ResolvedModel, source: KeySource) => string;

/** The failures that mean the key itself is wrong (not used up, not refused for the client). */
export function isRefusedKey(reason: ProviderErrorClass): reason is "auth" | "wrong_region" {
  return reason === "auth" || reason === "wrong_region";
}

/**
 * A provider's first refusal of a key, told with where that key was read from and what to do
 * about it: the classifier's advice for the endpoint (the other region's base URL, Kimi Code's
 * own keys), or what `home` found (the key works on the other region or provider), and then
 * replaceKeyFix. The refusals that follow repeat this hint (refusedKeySkip), so there is one
 * wording. Never the key, not even masked: a gateway's client reads this too.
 */
export function refusalNamingKey(
  error: ProviderError,
  model: ResolvedModel,
  key: ResolvedKey,
  home: KeyHome | undefined,
  env: Record<string, string | undefined> = process.env,
  /** Places after the key's own that hold a key too (`$MOONSHOT_API_KEY`): said not tried. */
  passedOver: readonly string[] = [],
  fixFor: RefusedKeyFix = (fixed, source) => replaceKeyFix(fixed, source, env),
  /** What the config offers for the other Moonshot region (otherRegionReach); unknown if left out. */
  reach?: OtherRegionReach,
): ProviderError {
  const fix = `${fixFor(model, key.source)}${passedOverNote(key, passedOver)}`;
  if (home) {
    const advice = home.hint.replace(/\.\s*$/, "");
    return error.retold({
      message: `${error.message} (${home.message})`,
      // A key of the other provider: the fix is about the key this provider needs instead, said
      // as such (joined by a colon, it read as the next step of using the key on the other one).
      hint:
        home.status === "wrong_region"
          ? `${advice}; or ${fix}`
          : `${advice}; for ${model.provider}, ${fix}`,
      ...(home.status === "wrong_region" ? { errorClass: "wrong_region" as const } : {}),
    });
  }
  // The classifier's own hint: its advice for the endpoint, with our fix in place of its "check
  // the key (…every place a key can come from…)". Another transport's hint: kept, then ours.
  const endpoint = endpointOf(model.baseUrl);
  const wrongRegion = error.errorClass === "wrong_region";
  const hint =
    error.hint === undefined ||
    error.hint === authHint(endpoint, model, wrongRegion, undefined, undefined, key.value)
      ? authHint(endpoint, model, wrongRegion, fix, reach, key.value)
      : `${error.hint.replace(/\.\s*$/, "")}; or ${fix}`;
  return error.retold({ hint });
}

/**
 * The message and hint of a model not tried because its key was refused: `refusalHint` is what
 * the refusal itself was told (refusalNamingKey), which says it all again.
 */
export function refusedKeySkip(
  model: ResolvedModel,
  key: ResolvedKey,
  reason: "auth" | "wrong_region",
  refusalHint: string | undefined,
  env: Record<string, string | undefined> = process.env,
  fixFor: RefusedKeyFix = (fixed, source) => replaceKeyFix(fixed, source, env),
  /** Where a key from `source` was read, in words (a program's own lookup names itself). */
  placeOf: (source: KeySource) => string = keyPlace,
): { message: string; hint: string } {
  const place = placeOf(key.source);
  const what =
    reason === "wrong_region"
      ? "it belongs to the other Moonshot platform"
      : "the key is wrong or was revoked";
  const message = `${model.ref} not tried: provider ${model.provider} refused its API key from ${place} on an earlier request: ${what}`;
  return { message, hint: refusalHint ?? fixFor(model, key.source) };
}

/**
 * A program that passed its key in `MOONSHOT_API_KEY` while a profile onboarding stored wins
 * (see the guide's "Whose key wins") learns why its key was not the one refused, or tried next.
 */
function passedOverNote(key: ResolvedKey, passedOver: readonly string[]): string {
  if (passedOver.length === 0) return "";
  const places = passedOver.join(" and ");
  const verb = passedOver.length === 1 ? "holds" : "hold";
  return `; ${places} ${verb} a key too, not tried while ${keyPlace(key.source)} holds one`;
}
