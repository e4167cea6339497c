/**
 * A conversation too long for the model, told in OpenAI's words on the OpenAI routes (chat
 * completions, the Responses API): `This model's maximum context length is 262144 tokens.
 * However, you requested 270336 tokens`, then the gateway's own explanation. Frameworks tell a
 * context overflow from any other 400 by those words, not by the `context_length_exceeded` code:
 * LangChain JS's ChatOpenAI raises its ContextOverflowError (which an app or agent answers by
 * trimming or summarising the conversation) only for a message saying "maximum context length"
 * (or two other phrasings of OpenAI's); told "says the request is too long …" it raised a plain
 * BadRequestError. GitHub Copilot CLI (1.0.102, on an OpenAI-compatible provider) compacts its
 * history and retries on other words of OpenAI's, the Responses API's "Your input exceeds the
 * context window of this model", and on neither "maximum context length" nor the code: both
 * sentences go first. The counts come from the error's fields, not its wording. Pure.
 * (The Anthropic route has its own words: prompt-too-long.ts.)
 */
import type { ContextOverflow } from "../errors.js";

const CHAT_WORDING = /maximum context length/i;
/** OpenAI's Responses API's sentence for a context overflow. */
const INPUT_EXCEEDS = "Your input exceeds the context window of this model";
const INPUT_EXCEEDS_WORDING = new RegExp(INPUT_EXCEEDS, "i");

/** The model's limit and what the request came to, when the refusal counted tokens. */
function tokenCounts(
  overflow: ContextOverflow | undefined,
): { limit: number; requested: number } | undefined {
  switch (overflow?.by) {
    case "estimate":
      // The gateway's estimate of the prompt, plus what it keeps for the answer, against the
      // whole window: as OpenAI counts a request (the messages and the completion together).
      return {
        limit: Math.round(overflow.contextWindow),
        requested: Math.round(overflow.promptTokens + overflow.keptForAnswer),
      };
    case "provider_tokens":
      return { limit: overflow.limitTokens, requested: overflow.requestedTokens };
    default:
      return undefined;
  }
}

/**
 * `message` (a context-length refusal's) behind OpenAI's "maximum context length" and, when
 * `overflow` has them, its counts, then "Your input exceeds the context window of this model".
 */
export function maximumContextLengthMessage(message: string, overflow?: ContextOverflow): string {
  const saysChat = CHAT_WORDING.test(message);
  const saysInput = INPUT_EXCEEDS_WORDING.test(message);
  if (saysChat && saysInput) return message;
  if (saysChat) return `${INPUT_EXCEEDS}: ${message}`;
  const told = tokenCounts(overflow);
  const head =
    told === undefined
      ? "This request exceeds the model's maximum context length"
      : `This model's maximum context length is ${told.limit} tokens. However, you requested ${told.requested} tokens`;
  return saysInput ? `${head}: ${message}` : `${head}. ${INPUT_EXCEEDS}: ${message}`;
}
