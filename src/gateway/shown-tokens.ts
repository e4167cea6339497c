/**
 * An answer's rated tokens (a chat choice's `logprobs.content`) kept in step with the text the
 * client is given of it: a token goes out once the text it begins in has, so the text held back
 * as the possible start of a stop sequence keeps its tokens back too, and a text cut at a held
 * stop sequence has the tokens that begin in what is left of it, not those of the rest. Pure.
 */
import type { ChoiceLogprobs } from "../providers/types.js";
import { isRecord } from "../util/is-record.js";

/** One token's entry as chat completions give it. */
export interface ChatTokenLogprob {
  token: string;
  logprob: number;
  top_logprobs?: unknown;
}

export function isTokenEntry(entry: unknown): entry is ChatTokenLogprob {
  return isRecord(entry) && typeof entry.token === "string" && typeof entry.logprob === "number";
}

/** A token given out, and where it begins in the answer's text. */
export interface ShownToken {
  entry: ChatTokenLogprob;
  offset: number;
}

export class ShownTokens {
  private readonly pending: ChatTokenLogprob[] = [];
  /** Where the next token begins in the answer's text. */
  private offset = 0;
  /** How much of the answer's text the client has. */
  private shown = 0;

  /** The client is given `text`, which `logprobs` came with: the tokens that now go out. */
  take(text: string, logprobs: ChoiceLogprobs | undefined): ShownToken[] {
    const content = logprobs?.content;
    if (Array.isArray(content))
      for (const entry of content) if (isTokenEntry(entry)) this.pending.push(entry);
    this.shown += text.length;
    const out: ShownToken[] = [];
    while (out.length < this.pending.length && this.offset < this.shown) {
      const entry = this.pending[out.length] as ChatTokenLogprob;
      out.push({ entry, offset: this.offset });
      this.offset += entry.token.length;
    }
    this.pending.splice(0, out.length);
    return out;
  }
}

/** Chat `logprobs` with the tokens `shown` for its `content` (undefined for none). */
export function shownLogprobs(shown: readonly ShownToken[]): ChoiceLogprobs | undefined {
  return shown.length === 0 ? undefined : { content: shown.map((token) => token.entry) };
}

/** A whole answer's `logprobs` with the tokens that begin in its first `text` only. */
export function logprobsOfText(logprobs: ChoiceLogprobs, text: string): ChoiceLogprobs {
  const shown = new ShownTokens().take(text, logprobs);
  return { ...logprobs, content: shown.map((token) => token.entry) };
}
