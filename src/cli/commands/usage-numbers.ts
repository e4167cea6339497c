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
