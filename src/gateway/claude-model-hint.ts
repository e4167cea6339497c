/**
 * What to tell an Anthropic client that asked for one of Anthropic's own models. Claude Code names
 * Anthropic models by itself even when ANTHROPIC_MODEL points at this gateway: its background
 * tasks (titles, summaries) go to its Haiku model, and its /model choices to Sonnet and Opus. Each
 * such request would 404 with no clue why, so the 404 says which settings choose those models.
 * Code on an Anthropic SDK (the official ones, the AI SDK's provider) sends the name its author
 * left in it: that author is told to name a model here instead, not Claude Code's settings.
 */

import type { IncomingHttpHeaders } from "node:http";

/** Anthropic's model names (`claude-3-5-haiku-20241022`, `claude-sonnet-4-5`…). */
const ANTHROPIC_MODEL_NAME = /^claude-/i;

/** Claude Code's user agent (`claude-cli/2.1.197 (external, sdk-cli)`). */
const CLAUDE_CODE_AGENT = /^(claude-cli|claude-code)\//i;
/** The beta Claude Code names in every request's anthropic-beta (`claude-code-20250219`). */
const CLAUDE_CODE_BETA = /(^|,)\s*claude-code-/i;

function fromClaudeCode(headers: IncomingHttpHeaders): boolean {
  const betas = headers["anthropic-beta"];
  return (
    CLAUDE_CODE_AGENT.test(headers["user-agent"] ?? "") ||
    CLAUDE_CODE_BETA.test(Array.isArray(betas) ? betas.join(",") : (betas ?? ""))
  );
}

/** The way round any model name a client insists on, which every model-name hint ends with. */
export const ALIAS_ADVICE =
  "or make this name an alias of one of your models: openclaw models aliases add <name> <model>";

/**
 * The hint for a 404 on `model`, or undefined when it is not an Anthropic model name; the
 * request's headers tell Claude Code from code that names its model itself.
 */
export function claudeModelHint(model: string, headers: IncomingHttpHeaders): string | undefined {
  if (!ANTHROPIC_MODEL_NAME.test(model.trim())) return undefined;
  if (!fromClaudeCode(headers))
    return (
      "this is one of Anthropic's model names, which this gateway does not serve; " +
      'name one of its models where your code names this one ("openclaw" for its default model, or one of the refs GET /v1/models lists), ' +
      ALIAS_ADVICE
    );
  return (
    "this is one of Anthropic's model names, which Claude Code sends on its own for background tasks (its Haiku model) and for its /model choices; " +
    "point them at a model this gateway serves, such as openclaw: set ANTHROPIC_DEFAULT_HAIKU_MODEL=openclaw (older Claude Code versions read ANTHROPIC_SMALL_FAST_MODEL), " +
    `and ANTHROPIC_DEFAULT_SONNET_MODEL and ANTHROPIC_DEFAULT_OPUS_MODEL likewise, ${ALIAS_ADVICE}`
  );
}
