/**
 * A conversation too long for the model, told in the Anthropic Messages API's words:
 * `prompt is too long: 208310 tokens > 199000 maximum`, then the gateway's own explanation.
 * Claude Code compacts a conversation (and trims its own /compact request) only on an error whose
 * message says "prompt is too long", and reads how much to drop from the two counts after it;
 * told "the request is about 208,310 tokens, more than …" it showed the error and did neither, so
 * a full session could not go on, nor be compacted (the fix raine/claude-code-proxy#29 made for
 * its own bridge).
 */

/** The gateway's own refusal (runtime contextTooLongError): its estimate, the window, what is kept. */
const OWN_REFUSAL =
  /the request is about ([\d,]+) tokens, more than .+? can take \(context window ([\d,]+), ([\d,]+) kept for the answer/;

/** Moonshot's refusal: the window and what the prompt and max_tokens came to together. */
const UPSTREAM_REFUSAL = /exceeded model token limit: (\d+) \(requested: (\d+)\)/i;

const ANTHROPIC_WORDING = /prompt is too long/i;

/** A count as the message wrote it (`825,007`); a group the pattern always fills. */
function whole(digits: string | undefined): number {
  return Number((digits ?? "").replaceAll(",", ""));
}

/** The prompt's tokens and the most it may have, when the refusal says them. */
function counts(message: string): { tokens: number; maximum: number } | undefined {
  const own = OWN_REFUSAL.exec(message);
  if (own) return { tokens: whole(own[1]), maximum: whole(own[2]) - whole(own[3]) };
  const upstream = UPSTREAM_REFUSAL.exec(message);
  if (upstream) return { tokens: whole(upstream[2]), maximum: whole(upstream[1]) };
  return undefined;
}

/** `message` (a context-length refusal's) behind Anthropic's "prompt is too long" and its counts. */
export function promptTooLongMessage(message: string): string {
  if (ANTHROPIC_WORDING.test(message)) return message;
  const told = counts(message);
  const head =
    told === undefined
      ? "prompt is too long"
      : `prompt is too long: ${told.tokens} tokens > ${told.maximum} maximum`;
  return `${head}: ${message}`;
}
