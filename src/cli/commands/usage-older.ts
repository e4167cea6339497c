/**
 * What `openclaw usage --last` and `--errors` say when their list stops at `--since` (7 days
 * unless given) with fewer requests than asked for, though the ledger holds older ones: else
 * `--last 100` showing 28 reads as all there is.
 */
import type { OlderRequests } from "../../gateway/recent-requests.js";
import { localDay, localMinute } from "../../util/local-time.js";
import { count } from "./usage-numbers.js";

/** The list's command as it was asked for, reaching back to the local day of `oldestTs`. */
function furtherBack(limit: number, errorsOnly: boolean, oldestTs: number): string {
  const list = errorsOnly
    ? `openclaw usage --errors${limit === 20 ? "" : ` --last ${limit}`}`
    : `openclaw usage --last ${limit}`;
  return `${list} --since ${localDay(oldestTs)}`;
}

/**
 * The note, or undefined when the list is full (`listed` is `limit`) or nothing older is kept.
 * `since` is the --since as given (`7d`), `sinceMs` where it starts.
 */
export function olderRequestsNote(input: {
  older: OlderRequests;
  since: string;
  sinceMs: number;
  listed: number;
  limit: number;
  errorsOnly: boolean;
}): string | undefined {
  const { older, listed, limit, errorsOnly } = input;
  if (listed >= limit || older.count === 0 || older.oldestTs === undefined) return undefined;
  const what = errorsOnly ? "failed requests" : "requests";
  const ones =
    older.count === 1
      ? `1 older ${errorsOnly ? "failed request" : "request"} is`
      : `${count(older.count)} older ${what} are`;
  return `note: only ${what} since ${localMinute(input.sinceMs)} are listed (--since ${input.since}); ${ones} in the ledger, from ${localDay(older.oldestTs)} on: ${furtherBack(limit, errorsOnly, older.oldestTs)}`;
}
