/**
 * How many requests `openclaw usage --last` and the library's `readUsageRequests({ last })` list:
 * kept apart from the reading, which loads SQLite, so the CLI checks `--last` before it loads it.
 */

/** The most requests one list holds. */
export const MAX_LISTED_REQUESTS = 10_000;

/** How many are listed when no count is given (`--errors` alone, `readUsageRequests()`). */
export const LISTED_BY_DEFAULT = 20;
