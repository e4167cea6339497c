/**
 * What to tell an Anthropic client that asked for one of Anthropic's own models. Claude Code names
 * Anthropic models by itself even when ANTHROPIC_MODEL points at this gateway: its background
 * tasks (titles, summaries) go to its Haiku model, and its /model choices to Sonnet and Opus. Each
 * such request would 404 with no clue why, so the 404 says which settings choose those models.
 */

/** Anthropic's model names (`claude-3-5-haiku-20241022`, `claude-sonnet-4-5`…). */
const ANTHROPIC_MODEL_NAME = /^claude-/i;

/** The hint for a 404 on `model`, or undefined when it is not an Anthropic model name. */
export function claudeModelHint(model: string): string | undefined {
  if (!ANTHROPIC_MODEL_NAME.test(model.trim())) return undefined;
  return (
    "this is one of Anthropic's model names, which Claude Code sends on its own for background tasks (its Haiku model) and for its /model choices; " +
    "point them at a model this gateway serves, such as openclaw: set ANTHROPIC_DEFAULT_HAIKU_MODEL=openclaw (older Claude Code versions read ANTHROPIC_SMALL_FAST_MODEL), " +
    "and ANTHROPIC_DEFAULT_SONNET_MODEL and ANTHROPIC_DEFAULT_OPUS_MODEL likewise, or make this name an alias of one of your models: openclaw models aliases add <name> <model>"
  );
}
