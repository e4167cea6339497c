/**
 * Whether a model can be handed the start of its answer to go on from, as a text completion
 * (`POST /v1/completions`) hands it the prompt: over Anthropic's Messages format as a prefill (a
 * last assistant message, which that format always continues), over the chat format only where
 * the endpoint takes Moonshot's partial mode (`compat.supportsPartialMode`). Pure.
 */
import type { ApiKind, Compat } from "./types.js";

export function continuesPrompt(model: {
  api: ApiKind;
  compat: Pick<Compat, "supportsPartialMode">;
}): boolean {
  return model.api === "anthropic-messages" || model.compat.supportsPartialMode === true;
}
