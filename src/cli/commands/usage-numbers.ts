/**
 * Numbers as `openclaw usage` and `--log-requests` print them for a person: thousands separated
 * (`123,456`), so a column of token counts reads at a glance. `--json` keeps the raw numbers.
 */

const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `7`, `1,204`, `123,456`. */
export function count(n: number): string {
  return wholeNumber.format(n);
}

/** Milliseconds as people read them: `0.4 ms`, `12 ms`, `1,204 ms`. */
export function millis(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : wholeNumber.format(ms)} ms`;
}
