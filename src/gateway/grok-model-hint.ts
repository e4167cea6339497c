/**
 * What to tell a client that asked for one of xAI's Grok models. Grok CLI (@vibe-kit/grok-cli)
 * sends its default, "grok-code-fast-1", when no model is given on its command line, in
 * GROK_MODEL or in the project's .grok/settings.json. The 404 says how to name one this gateway
 * serves instead of only that the name is not configured.
 */

import { ALIAS_ADVICE } from "./claude-model-hint.js";

/** xAI's model names: grok-code-fast-1, grok-4-latest, grok-3-mini-fast. */
const GROK_MODEL_NAME = /^grok-/i;

/** The hint for a 404 on `model`, or undefined when it is not a Grok model name. */
export function grokModelHint(model: string): string | undefined {
  if (!GROK_MODEL_NAME.test(model.trim())) return undefined;
  return (
    "this is one of xAI's Grok model names, which Grok CLI sends when no model is set (its default is grok-code-fast-1); " +
    "name a model this gateway serves, such as openclaw (its default model): grok -m openclaw, GROK_MODEL=openclaw, " +
    // Grok CLI 0.0.34 writes the project's .grok/settings.json with its default model on its
    // first run there and reads that before ~/.grok/user-settings.json's defaultModel, which so
    // never counts.
    '"model": "openclaw" in .grok/settings.json in the project directory; ' +
    ALIAS_ADVICE
  );
}
