/**
 * The models a run may try: the chain a ref resolves to, and of it the ones that can take the
 * request (a request with images goes only to models that accept images, one with video only to
 * models whose input lists "video" and whose API can carry it, one that ends in a partial
 * assistant message only to models that continue a prompt). A chain that has no model, or none
 * that takes the request's images, video or partial message, is refused before anything is sent.
 */

import { apiTakesVideo } from "../catalog/api-takes-video.js";
import { continuesPrompt } from "../catalog/continues-prompt.js";
import { addImageInputCommand, type Catalog } from "../catalog/index.js";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import type { ChatRequest } from "../providers/types.js";
import { chainRefuses } from "./chain-refuses.js";
import { partialModeUnsupported } from "./partial-mode-refusal.js";
import { videoNotSupported } from "./video-refusal.js";

/**
 * The models a run tries, with the model the chain starts from as configured: a default whose
 * primary's provider cannot be used leaves it out, and what answers is then a fallback.
 */
export interface RunChain {
  /** The models to try, in order. */
  models: ResolvedModel[];
  /** The chain's first model as configured (absent: `models[0]`). */
  first?: string;
}
/** Turns a ref, an alias or undefined (the default) into the models a run tries, first to last. */
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

const IMAGES = 1;
const VIDEO = 2;

/**
 * What media the request's user messages hold, as IMAGES | VIDEO bits: one pass, nothing over
 * string content, no object made for a plain text request.
 */
function mediaIn(request: ChatRequest): number {
  let media = 0;
  for (const message of request.messages) {
    if (message.role !== "user" || !Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type === "image_url") media |= IMAGES;
      else if (part.type === "video_url") media |= VIDEO;
    }
  }
  return media;
}

/**
 * Whether the request's last message is the start of the answer (Moonshot's partial mode): only
 * that message is looked at, whatever the conversation's length.
 */
function endsPartial(request: ChatRequest): boolean {
  const last = request.messages[request.messages.length - 1];
  return last?.role === "assistant" && last.partial === true;
}

/**
 * Whether `model` can be sent the request's media: a video only to a model whose input lists it
 * and whose API carries it (not Anthropic's Messages format, which would drop the part).
 */
function takes(model: ResolvedModel, images: boolean, video: boolean): boolean {
  return (
    (!images || model.input.includes("image")) &&
    (!video || (model.input.includes("video") && apiTakesVideo(model.api)))
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
 * for an empty chain, `image_not_supported` when the request has images no model accepts,
 * `video_not_supported` when it has video no model takes (`catalog`, the one the chain was
 * resolved in, gives the image hint the command that fixes it, the video one its video models)
 * and `partial_mode_unsupported` when it ends in a partial assistant message no model of those
 * continues (`words`: how its fix is told, as a retired model's is).
 */
export function runCandidates(
  chain: ResolvedModel[],
  request: ChatRequest,
  requestedModel: string,
  catalog?: Catalog,
  words?: RetiredFixWords,
): ResolvedModel[] {
  const first = chain[0];
  if (!first) {
    throw new OpenClawError("model_not_found", `no model to run for "${requestedModel}"`, {
      hint: "set agents.defaults.model in openclaw.json, or name a model (provider/model)",
    });
  }
  const media = mediaIn(request);
  const partial = endsPartial(request);
  if (media === 0 && !partial) return chain;
  const takers = media === 0 ? chain : mediaTakers(chain, media, first, catalog);
  if (!partial) return takers;
  // A fallback that would answer the partial message anew is not sent it: the chain ends before.
  const continuing = takers.filter(continuesPrompt);
  if (continuing.length === 0) throw partialModeUnsupported(takers, words);
  return continuing;
}

/** The models of `chain` that take the request's `media` (not 0); throws when none does. */
function mediaTakers(
  chain: ResolvedModel[],
  media: number,
  first: ResolvedModel,
  catalog: Catalog | undefined,
): ResolvedModel[] {
  const images = (media & IMAGES) !== 0;
  const video = (media & VIDEO) !== 0;
  // A text-only primary with a fallback that takes images: the images go to that fallback.
  if (images && !chain.some((model) => model.input.includes("image"))) {
    throw new OpenClawError("image_not_supported", chainRefuses(chain, "images"), {
      hint: imageRefusalHint(first, catalog),
      where: first.ref,
    });
  }
  const takers = chain.filter((model) => takes(model, images, video));
  // A video no model takes (with the images, when there are both): the configured ones that do.
  if (takers.length === 0) throw videoNotSupported(chain, catalog);
  return takers;
}
