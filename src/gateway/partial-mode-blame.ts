/**
 * A partial-mode refusal (no model of the chain continues a prompt) told in the terms of the
 * route's client, where that client sent no `"partial": true` of its own: `POST /v1/completions`
 * sends its prompt as the start of the answer (Moonshot's partial mode), and `POST /v1/messages`
 * sends a last assistant message (Anthropic's prefill) so. The refusal says what the route did,
 * names the field to change and gives what to send instead before the edit that declares the
 * mode. A chat request's own flag is told by request-blame.ts. Pure.
 */
import { PartialModeError, partialModeWords } from "../runtime/partial-mode-refusal.js";
import type { Blame } from "./request-blame.js";

const COMPLETION_SENDS =
  '/v1/completions sends the prompt as the start of the answer (Moonshot\'s partial mode, an assistant message with "partial": true)';
const COMPLETION_WAY_ROUND = "send the request as a chat to POST /v1/chat/completions";

const PREFILL_SENDS =
  'a last assistant message is a prefill, sent as the start of the answer (Moonshot\'s partial mode, "partial": true)';
const PREFILL_WAY_ROUND =
  "send the request without the prefill (its last assistant message), or ask for a model that continues a prompt";

/** The blame of a completion's partial-mode refusal (`model`), or undefined for any other failure. */
export function completionsPartialBlame(error: unknown): Blame | undefined {
  if (!(error instanceof PartialModeError)) return undefined;
  return {
    param: "model",
    ...partialModeWords(error.lack, COMPLETION_SENDS, COMPLETION_WAY_ROUND),
  };
}

/**
 * The blame of a Messages request's partial-mode refusal, naming its prefill (`prefill`, the
 * client's place of it), or undefined for any other failure.
 */
export function prefillPartialBlame(error: unknown, prefill: string): Blame | undefined {
  if (!(error instanceof PartialModeError)) return undefined;
  return { param: prefill, ...partialModeWords(error.lack, PREFILL_SENDS, PREFILL_WAY_ROUND) };
}
