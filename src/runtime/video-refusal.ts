/**
 * The refusal of a request with a video that no model of its chain takes: which model was asked
 * for, and, as the way out, the configured models whose "input" lists "video" (Moonshot's
 * kimi-k2.5 understands video; most models do not). Pure.
 */
import type { Catalog } from "../catalog/index.js";
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { chainRefuses } from "./chain-refuses.js";

/** The refs of the catalog's models that take video, allowed ones only when there is an allowlist. */
export function videoModelRefs(catalog: Catalog): string[] {
  const refs: string[] = [];
  for (const provider of catalog.providers.values()) {
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

/** `video_not_supported` for `chain`, none of whose models lists "video" in its input. */
export function videoNotSupported(
  chain: readonly ResolvedModel[],
  catalog: Catalog | undefined,
): OpenClawError {
  const first = chain[0] as ResolvedModel;
  return new OpenClawError("video_not_supported", chainRefuses(chain, "video"), {
    hint: videoRefusalHint(first, catalog),
    where: first.ref,
  });
}
