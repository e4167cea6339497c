/**
 * A conversation too long for the model, told in the Anthropic Messages API's words:
 * `prompt is too long: 208310 tokens > 199000 maximum`, then the gateway's own explanation.
 * Claude Code compacts a conversation (and trims its own /compact request) only on an error whose
 * message says "prompt is too long", and reads how much to drop from the two counts after it;
 * told "the request is about 208,310 tokens, more than …" it showed the error and did neither, so
 * a full session could not go on, nor be compacted (the fix raine/claude-code-proxy#29 made for
 * its own bridge). The counts come from the error's fields, set where the refusal was made, not
 * from its wording. Pure.
 */
import type { ContextOverflow } from "../errors.js";

const ANTHROPIC_WORDING = /prompt is too long/i;

/**
 * The prompt's tokens and the most it may have, when the refusal counted tokens: the gateway's
 * estimate against the window less what is kept for the answer, or the provider's count (prompt
 * and answer cap together) against its limit. A limit on bytes says nothing in tokens.
 */
function tokenCounts(
  overflow: ContextOverflow | undefined,
): { tokens: number; maximum: number } | undefined {
  switch (overflow?.by) {
    case "estimate":
      // Whole numbers, as the message writes them: Claude Code reads digits only.
      return {
        tokens: Math.round(overflow.promptTokens),
        maximum: Math.round(overflow.contextWindow - overflow.keptForAnswer),
      };
    case "provider_tokens":
      return { tokens: overflow.requestedTokens, maximum: overflow.limitTokens };
    default:
      return undefined;
  }
}

/**
 * `message` (a context-length refusal's) behind Anthropic's "prompt is too long" and, when
 * `overflow` has them, its counts.
 */
export function promptTooLongMessage(message: string, overflow?: ContextOverflow): string {
  if (ANTHROPIC_WORDING.test(message)) return message;
  const told = tokenCounts(overflow);
  const head =
    told === undefined
      ? "prompt is too long"
      : `prompt is too long: ${told.tokens} tokens > ${told.maximum} maximum`;
  return `${head}: ${message}`;
}
