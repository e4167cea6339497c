/**
 * The refusal of a text completion (`POST /v1/completions`) for a model that cannot go on from
 * its prompt: the route sends the prompt as the start of the answer (Moonshot's partial mode), and
 * an endpoint without that mode takes it as an earlier turn and answers anew, so the client would
 * get another text than a continuation, without a word. A 400 naming the model, with the chat
 * route as the way round and the `config set` that declares the mode when the endpoint has it.
 * Pure.
 */
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import { shellPath } from "../config/index.js";
import { GatewayHttpError } from "./http-error.js";
import type { GatewayModel } from "./model-directory.js";

/**
 * The edit that declares the mode: the `config set` (after the state dir's prefix a gateway a
 * program started needs), or the change to the config object a program gave it.
 */
function declareEdit(provider: string, words: RetiredFixWords | undefined): string {
  const path = shellPath(["models", "providers", provider, "compat", "supportsPartialMode"]);
  if (words?.configObject !== undefined)
    return `set models.providers.${provider}.compat.supportsPartialMode to true in ${words.configObject}`;
  return `${words?.prefix ?? ""}openclaw config set ${path} true`;
}

/**
 * Throws the 400 when `target` (or a model of its chain) cannot continue a prompt; `words` as
 * the gateway words its other fixes (see scan-advice-words.ts).
 */
export function refuseWithoutPartialMode(
  target: GatewayModel,
  words: RetiredFixWords | undefined,
): void {
  const lacking = target.noPartialMode;
  if (!lacking) return;
  const { ref, provider } = lacking;
  const whose = ref === target.id ? ref : `${target.id} (its chain holds ${ref})`;
  throw new GatewayHttpError(
    400,
    "invalid_request_error",
    `${whose} cannot continue a prompt: /v1/completions sends the prompt as the start of the answer (Moonshot's partial mode, an assistant message with "partial": true), and provider ${provider} is not known to take it; an endpoint without it answers the prompt anew. Send the request as a chat to POST /v1/chat/completions, or, if ${provider}'s endpoint takes partial mode, declare it: ${declareEdit(provider, words)}`,
    { param: "model", code: "partial_mode_unsupported", errorClass: "bad_request" },
  );
}
