/**
 * A conversation too long for the model, told in OpenAI's words on the OpenAI routes (chat
 * completions, the Responses API): `This model's maximum context length is 262144 tokens.
 * However, you requested 270336 tokens`, then the gateway's own explanation. Frameworks tell a
 * context overflow from any other 400 by those words, not by the `context_length_exceeded` code:
 * LangChain JS's ChatOpenAI raises its ContextOverflowError (which an app or agent answers by
 * trimming or summarising the conversation) only for a message saying "maximum context length"
 * (or two other phrasings of OpenAI's); told "says the request is too long …" it raised a plain
 * BadRequestError. The counts come from the error's fields, not its wording. Pure.
 * (The Anthropic route has its own words: prompt-too-long.ts.)
 */
import type { ContextOverflow } from "../errors.js";

const OPENAI_WORDING = /maximum context length/i;

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
 * `overflow` has them, its counts.
 */
export function maximumContextLengthMessage(message: string, overflow?: ContextOverflow): string {
  if (OPENAI_WORDING.test(message)) return message;
  const told = tokenCounts(overflow);
  const head =
    told === undefined
      ? "This request exceeds the model's maximum context length"
      : `This model's maximum context length is ${told.limit} tokens. However, you requested ${told.requested} tokens`;
  return `${head}: ${message}`;
}
