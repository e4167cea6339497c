/**
 * A rate limit's wait in OpenAI's words. OpenAI's own 429s say "Please try again in 1.898s." and
 * clients read the delay from that sentence rather than from a header: Codex CLI does so for a
 * failed response whose code is `rate_limit_exceeded`. Moonshot says "please try again after 1
 * seconds", which no such reader takes, so the wait the gateway knows (its Retry-After) is added
 * in OpenAI's wording after the provider's own words. Pure.
 */

/** Already in OpenAI's wording (an OpenAI-compatible upstream said it): not said twice. */
const OPENAI_WAIT = /try again in\s*\d/i;

export function withOpenAiRetryWait(message: string, waitSec: number): string {
  if (OPENAI_WAIT.test(message)) return message;
  const stop = /[.!?]$/.test(message) ? "" : ".";
  return `${message}${stop} Please try again in ${waitSec}s.`;
}
