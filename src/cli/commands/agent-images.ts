/**
 * Images and the model that will answer, for `agent` and `chat`: pictures earlier in the session
 * go to a text-only model as a placeholder (one image must not lock a session out of text-only
 * models), and a picture in this turn goes to the first model of the chain that takes images.
 */
import { withoutHistoryImages } from "../../agent/index.js";
import { type Catalog, resolveModelChain } from "../../catalog/index.js";
import type { ChatMessage } from "../../providers/types.js";

export function historyForModel(
  catalog: Catalog,
  model: string | undefined,
  history: ChatMessage[],
  turnHasImage: boolean,
): {
  history: ChatMessage[];
  notes: string[];
  /** With an image in this turn: the configured fallbacks that take no images (never tried). */
  imageSkipped: string[];
} {
  let chain: ReturnType<typeof resolveModelChain>;
  try {
    chain = resolveModelChain(catalog, model);
  } catch {
    // The run reports an unknown model itself.
    return { history, notes: [], imageSkipped: [] };
  }
  const imageSkipped = turnHasImage
    ? chain
        .slice(1)
        .filter((entry) => !entry.input.includes("image"))
        .map((entry) => entry.ref)
    : [];
  const first = chain[0];
  if (!first) return { history, notes: [], imageSkipped };
  const notes: string[] = [];
  let target = first;
  if (turnHasImage && !first.input.includes("image")) {
    const taker = chain.find((entry) => entry.input.includes("image"));
    if (taker) {
      target = taker;
      notes.push(
        `${first.ref} does not take images: this turn goes to ${taker.ref}, a fallback that does`,
      );
    }
  }
  if (target.input.includes("image")) return { history, notes, imageSkipped };
  const { messages, replaced } = withoutHistoryImages(history, target.ref);
  if (replaced > 0) {
    notes.push(
      `${replaced === 1 ? "an earlier image" : `${replaced} earlier images`} of this session sent as text "[image omitted …]": ${target.ref} does not take images`,
    );
  }
  return { history: messages, notes, imageSkipped };
}
