/**
 * The words of a refusal of media (images, video) that no model of a run's chain takes: shared by
 * image_not_supported and video_not_supported. Pure.
 */
import type { ResolvedModel } from "../catalog/types.js";

/**
 * What a chain none of whose models takes `media` is told: named whole, its first model with its
 * input, then its fallbacks (one that took it would have got the turn).
 */
export function chainRefuses(chain: readonly ResolvedModel[], media: "images" | "video"): string {
  const first = chain[0] as ResolvedModel;
  const fallbacks = chain.slice(1).map((model) => model.ref);
  const norFallbacks =
    fallbacks.length === 0
      ? ""
      : `, nor ${fallbacks.length === 1 ? "does its fallback" : "do its fallbacks"} ${fallbacks.join(", ")}`;
  return `${first.ref} does not accept ${media} (its input is ${first.input.join(", ")})${norFallbacks}`;
}
