/**
 * A rate limit's wait in OpenAI's words. OpenAI's own 429s say "Please try again in 1.898s." (or
 * "in 20ms") and clients read the delay from that sentence rather than from a header: Codex CLI
 * does so for a failed response whose code is `rate_limit_exceeded`, taking a number with an
 * optional fraction and `s` or `ms`. Moonshot says "please try again after 1 seconds", which no
 * such reader takes, so the wait the gateway knows is added in OpenAI's wording after the
 * provider's own words: to the millisecond when the provider named it so (`retry-after-ms`),
 * where the Retry-After header can only say whole seconds. Pure.
 */

/** Already in OpenAI's wording (an OpenAI-compatible upstream said it): not said twice. */
const OPENAI_WAIT = /try again in\s*\d/i;

/**
 * A wait as OpenAI writes it: milliseconds under a second ("20ms"), else seconds with up to three
 * decimals and no trailing zeros ("1.5s", "2s"). Never minutes ("6m0s"), which Codex does not read.
 */
export function openAiWaitWords(waitMs: number): string {
  const ms = Math.max(1, Math.round(waitMs));
  if (ms < 1000) return `${ms}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

export function withOpenAiRetryWait(message: string, waitMs: number): string {
  if (OPENAI_WAIT.test(message)) return message;
  const stop = /[.!?]$/.test(message) ? "" : ".";
  return `${message}${stop} Please try again in ${openAiWaitWords(waitMs)}.`;
}
