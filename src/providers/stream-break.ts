/**
 * How a stream that broke after the provider had begun to answer is told, to every reader alike:
 * the terminal, `--json`, a library caller's ProviderError and the gateway's clients. The
 * provider was reached; what failed is the connection, after so many events of the answer. The
 * events are the stream's chunks as the provider sent them, counted where they are parsed, so the
 * CLI and the gateway give the same number for the same cut. Pure.
 */

/** "the connection broke after 4 events of the answer" (`events` undefined: not streamed). */
export function answerBreak(events: number | undefined): string {
  if (events === undefined) return "the connection broke while the answer was being read";
  if (events === 0) return "the connection broke before the first event of the answer";
  return `the connection broke after ${events} ${events === 1 ? "event" : "events"} of the answer`;
}

/** `moonshot (host) was reached for model x, but the connection broke after N events of the answer`. */
export function answerBreakSummary(
  provider: string,
  endpoint: string,
  model: string,
  events: number | undefined,
): string {
  return `${provider} (${endpoint}) was reached for model ${model}, but ${answerBreak(events)}`;
}
