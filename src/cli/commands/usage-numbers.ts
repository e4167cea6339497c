/**
 * Numbers as `openclaw usage` and `--log-requests` print them for a person: thousands separated
 * (`123,456`), so a column of token counts reads at a glance. `--json` keeps the raw numbers.
 */
import { count } from "../../util/count.js";

export { count };

/** Milliseconds as people read them: `0.4 ms`, `12 ms`, `1,204 ms`. */
export function millis(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : count(ms)} ms`;
}

const upToMillis = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

/** Milliseconds as seconds, no trailing zeros: `10 s`, `10.5 s`, `0.25 s`, `3,600 s`. */
export function seconds(ms: number): string {
  return `${upToMillis.format(ms / 1000)} s`;
}
