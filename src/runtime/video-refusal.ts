/**
 * The refusal of a request with a video that no model of its chain takes: which model was asked
 * for, and, as the way out, the configured models whose "input" lists "video" and whose API can
 * carry it (Moonshot's kimi-k2.5 understands video; most models do not). A model that lists
 * "video" but is called over Anthropic's Messages format, which has no video block, is said to be
 * one: before, its video part was dropped on the way and the model answered without it. Pure.
 */

import { apiTakesVideo } from "../catalog/api-takes-video.js";
import type { Catalog } from "../catalog/index.js";
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { chainRefuses } from "./chain-refuses.js";

/**
 * The refs of the catalog's models that take video (their input lists it and their provider's API
 * carries it), allowed ones only when there is an allowlist.
 */
export function videoModelRefs(catalog: Catalog): string[] {
  const refs: string[] = [];
  for (const provider of catalog.providers.values()) {
    if (!apiTakesVideo(provider.api)) continue;
    for (const model of provider.models) {
      const ref = `${provider.id}/${model.id}`;
      if (!model.input.includes("video")) continue;
      if (catalog.allowlist && !catalog.allowlist.has(ref)) continue;
      refs.push(ref);
    }
  }
  return refs;
}

function videoRefusalHint(first: ResolvedModel, catalog: Catalog | undefined): string {
  const takers = catalog ? videoModelRefs(catalog) : [];
  const pick =
    takers.length > 0
      ? `ask for a model that takes video (configured here: ${takers.join(", ")}), or drop the video`
      : `no configured model takes video: drop the video, or configure one that does (Moonshot's kimi-k2.5) with "video" in its "input"`;
  return `${pick}; if ${first.ref} takes video, add "video" to its "input" in models.providers.${first.provider}.models (the entry with id "${first.id}")`;
}

/**
 * Where a video goes instead of to `unsent`, a model that lists "video" over an API that cannot
 * carry it: a model of an OpenAI-format provider that takes video; and the config's word taken
 * back, so that the model is not offered video again.
 */
function videoOverAnthropicHint(unsent: ResolvedModel, catalog: Catalog | undefined): string {
  const takers = catalog ? videoModelRefs(catalog) : [];
  const pick =
    takers.length > 0
      ? `send the video to a model of an OpenAI-format provider that takes it (configured here: ${takers.join(", ")}), or drop it`
      : `drop the video, or send it to a model of an OpenAI-format provider (api "openai-completions") with "video" in its "input", such as Moonshot's kimi-k2.5`;
  return `${pick}; and remove "video" from the "input" of ${unsent.ref} in models.providers.${unsent.provider}.models (the entry with id "${unsent.id}"), as its API cannot carry one`;
}

/**
 * The refusal when `unsent`, a model of the chain whose input lists "video", is called over an
 * API that cannot carry it: the config's word cannot be kept, so neither model nor person is
 * left to find out from an answer that never saw the video.
 */
function videoOverAnthropic(
  chain: readonly ResolvedModel[],
  unsent: ResolvedModel,
  catalog: Catalog | undefined,
): OpenClawError {
  const others = chain.filter((model) => model !== unsent).map((model) => model.ref);
  const norOthers =
    others.length === 0
      ? ""
      : `, and no other model of its chain (${others.join(", ")}) takes video`;
  return new OpenClawError(
    "video_not_supported",
    `${unsent.ref} lists "video" in its input, but provider ${unsent.provider} is called over Anthropic's Messages format (api "anthropic-messages"), which takes no video parts${norOthers}`,
    { hint: videoOverAnthropicHint(unsent, catalog), where: unsent.ref },
  );
}

/** `video_not_supported` for `chain`, none of whose models takes video. */
export function videoNotSupported(
  chain: readonly ResolvedModel[],
  catalog: Catalog | undefined,
): OpenClawError {
  const unsent = chain.find((model) => model.input.includes("video") && !apiTakesVideo(model.api));
  if (unsent) return videoOverAnthropic(chain, unsent, catalog);
  const first = chain[0] as ResolvedModel;
  return new OpenClawError("video_not_supported", chainRefuses(chain, "video"), {
    hint: videoRefusalHint(first, catalog),
    where: first.ref,
  });
}
