/**
 * What to tell an OpenAI client that asked for one of OpenAI's own models. Clients and agent
 * frameworks send one when the caller sets none: the OpenAI Agents SDK (JS 0.20) sends its
 * default, "gpt-5.6-luna", for an Agent made without a model. The 404 says how to name one this
 * gateway serves instead of only that the name is not configured.
 */

import { ALIAS_ADVICE } from "./claude-model-hint.js";

/** OpenAI's model names: gpt-4o, gpt-5.6-luna, chatgpt-4o-latest, o3, o4-mini, codex-mini-latest. */
const OPENAI_MODEL_NAME = /^(gpt-|chatgpt-|codex-|o[1-9](-|$))/i;

/** The hint for a 404 on `model`, or undefined when it is not an OpenAI model name. */
export function openaiModelHint(model: string): string | undefined {
  if (!OPENAI_MODEL_NAME.test(model.trim())) return undefined;
  return (
    "this is one of OpenAI's model names, which OpenAI clients and agent frameworks send when none is set (the OpenAI Agents SDK's default for an Agent without a model); " +
    'name a model this gateway serves, such as openclaw (its default model): with the Agents SDK, new Agent({ model: "openclaw" }) or OPENAI_DEFAULT_MODEL=openclaw; ' +
    ALIAS_ADVICE
  );
}
