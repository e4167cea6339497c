/**
 * The models a run may try: the chain a ref resolves to, and of it the ones that can take the
 * request (a request with images goes only to models that accept images). A chain that has no
 * model, or none that takes the request's images, is refused before anything is sent.
 */
import { addImageInputCommand, type Catalog } from "../catalog/index.js";
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import type { ChatRequest } from "../providers/types.js";

/**
 * The models a run tries, with the model the chain starts from as configured: a default whose
 * primary's provider cannot be used leaves it out, and what answers is then a fallback.
 */
export interface RunChain {
  models: ResolvedModel[];
  /** The chain's first model as configured (absent: `models[0]`). */
  first?: string;
}
export type ChainResolver = (model: string | undefined) => ResolvedModel[] | RunChain;

/** `chain` as a RunChain (a resolver may return the models alone). */
export function asRunChain(chain: ResolvedModel[] | RunChain): RunChain {
  return Array.isArray(chain) ? { models: chain } : chain;
}

/**
 * The chain's first model as configured when it was left out of `chain.models` (its provider
 * cannot be used): whatever answers is a fallback, though no attempt failed; the row says so
 * (fallbackFrom) without a failed attempt or a step. Undefined when it was not left out.
 */
export function leftOutFirst(chain: RunChain): string | undefined {
  return chain.first !== undefined && chain.first !== chain.models[0]?.ref
    ? chain.first
    : undefined;
}

function hasImages(request: ChatRequest): boolean {
  return request.messages.some(
    (message) =>
      message.role === "user" &&
      Array.isArray(message.content) &&
      message.content.some((part) => part.type === "image_url"),
  );
}

/**
 * What to do about images the first model of the chain does not accept. The command that puts
 * "image" in its input goes last, as the person copies it whole; with no catalog to make it from
 * (a runtime over a chain resolver alone), the place in the config is named instead.
 */
function imageRefusalHint(first: ResolvedModel, catalog: Catalog | undefined): string {
  const command = catalog ? addImageInputCommand(catalog, first) : undefined;
  const addIt = command
    ? `add "image" to its input: ${command}`
    : `add "image" to its "input" in models.providers.${first.provider}.models (the entry with id "${first.id}")`;
  return `pick a model whose "input" includes "image", or drop the image; if ${first.ref} takes pictures, ${addIt}`;
}

/**
 * The models of `chain` that can take `request`, in the chain's order; throws `model_not_found`
 * for an empty chain and `image_not_supported` when the request has images no model accepts
 * (`catalog`, the one the chain was resolved in, gives its hint the command that fixes it).
 */
export function runCandidates(
  chain: ResolvedModel[],
  request: ChatRequest,
  requestedModel: string,
  catalog?: Catalog,
): ResolvedModel[] {
  const first = chain[0];
  if (!first) {
    throw new OpenClawError("model_not_found", `no model to run for "${requestedModel}"`, {
      hint: "set agents.defaults.model in openclaw.json, or name a model (provider/model)",
    });
  }
  const images = hasImages(request);
  // A text-only primary with a fallback that takes images: the images go to that fallback.
  if (images && !chain.some((model) => model.input.includes("image"))) {
    // A chain is named whole: a fallback that took images would have got the turn.
    const fallbacks = chain.slice(1).map((model) => model.ref);
    const norFallbacks =
      fallbacks.length === 0
        ? ""
        : `, nor ${fallbacks.length === 1 ? "does its fallback" : "do its fallbacks"} ${fallbacks.join(", ")}`;
    throw new OpenClawError(
      "image_not_supported",
      `${first.ref} does not accept images (its input is ${first.input.join(", ")})${norFallbacks}`,
      { hint: imageRefusalHint(first, catalog), where: first.ref },
    );
  }
  return images ? chain.filter((model) => model.input.includes("image")) : chain;
}
