/**
 * Token log probabilities on /v1/completions. OpenAI's legacy `logprobs: N` (0 to 5) goes
 * upstream as the chat request's `logprobs: true` and `top_logprobs: N`, which OpenAI-compatible
 * endpoints answer per token in `logprobs.content` (Moonshot does not document them; the chat
 * routes pass on what comes). Each entry is given in the legacy shape: `tokens`,
 * `token_logprobs`, `top_logprobs` (each token's alternatives as token → log probability) and
 * `text_offset` (where the token begins in the choice's text). A token is given once the text it
 * begins in has reached the client (shown-tokens.ts). Pure.
 */
import type { ChoiceLogprobs } from "../providers/types.js";
import { badRequest } from "./http-error.js";
import { sentValue } from "./sampling-fields.js";
import { isTokenEntry, ShownTokens } from "./shown-tokens.js";

/** The most alternatives per token the legacy API's `logprobs` asks for, as OpenAI allows. */
export const LEGACY_LOGPROBS_MAX = 5;

/** The legacy `logprobs` object of a choice (or of one streamed chunk's piece of it). */
export interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Record<string, number>[];
  text_offset: number[];
}

/**
 * How many alternatives per token `logprobs` asks for (undefined: none asked; null and false
 * ask for none). `echo` beside it is refused: the upstream rates the answer's tokens only, and
 * OpenAI's answer would rate the prompt's too.
 */
export function askedLogprobs(logprobs: unknown, echo: unknown): number | undefined {
  if (logprobs === undefined || logprobs === null || logprobs === false) return undefined;
  if (
    typeof logprobs !== "number" ||
    !Number.isInteger(logprobs) ||
    logprobs < 0 ||
    logprobs > LEGACY_LOGPROBS_MAX
  )
    throw badRequest(
      `logprobs must be an integer from 0 to ${LEGACY_LOGPROBS_MAX} (how many alternatives to give per token), got ${sentValue(logprobs)}`,
      "logprobs",
      "invalid_value",
    );
  if (echo === true)
    throw badRequest(
      "echo with logprobs is not served: the upstream gives log probabilities of the answer's tokens only, not of the prompt's that echo would begin the text with; leave echo out, or logprobs",
      "echo",
      "unsupported_parameter",
    );
  return logprobs;
}

/** A token's alternatives as the legacy API gives them: token → log probability. */
function alternatives(top: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (Array.isArray(top))
    for (const entry of top) if (isTokenEntry(entry)) out[entry.token] = entry.logprob;
  return out;
}

/**
 * The tokens of a choice in the legacy shape, given as the text they are in reaches the client
 * (shown-tokens.ts): `take` is told each piece of text shown, with the chat log probabilities that
 * came with it.
 */
export class LegacyLogprobTokens {
  private readonly shown = new ShownTokens();

  take(text: string, logprobs: ChoiceLogprobs | undefined): LegacyLogprobs {
    const out: LegacyLogprobs = {
      tokens: [],
      token_logprobs: [],
      top_logprobs: [],
      text_offset: [],
    };
    for (const { entry, offset } of this.shown.take(text, logprobs)) {
      out.tokens.push(entry.token);
      out.token_logprobs.push(entry.logprob);
      out.top_logprobs.push(alternatives(entry.top_logprobs));
      out.text_offset.push(offset);
    }
    return out;
  }
}
