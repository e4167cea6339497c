/**
 * What `openclaw usage` says when `gateway.ledger.keepDays` removed request rows within the range
 * it was asked for, and the view needed them: rather than quietly showing less.
 */
import type { RowsRemoved } from "../../gateway/ledger-prune.js";
import type { RowsRemovedNote } from "../../gateway/usage-report.js";
import { listCutByRemoval } from "../../gateway/usage-requests.js";
import { localMinute } from "../../util/local-time.js";

function removedWhen(before: number, keepDays: number): string {
  return `request rows before ${localMinute(before)} were removed (gateway.ledger.keepDays ${keepDays})`;
}

/** The totals' note, when they count from later than `--since`; undefined when they do not. */
export function totalsRemovedNote(removed: RowsRemovedNote | null): string | undefined {
  if (removed === null || removed.countedFrom === null) return undefined;
  const from = localMinute(Date.parse(removed.countedFrom));
  return `note: ${removedWhen(Date.parse(removed.before), removed.keepDays)}: these totals count requests from ${from} on, not from --since (by model, provider or day, the hourly totals count the removed hours)`;
}

/**
 * `--last`/`--errors`' note: the list may stop short of `--since` because its older rows are gone.
 * Undefined when none before `sinceMs` were removed, or the list is full anyway: when `--json`'s
 * `rowsRemoved` is null (the same test, listCutByRemoval).
 */
export function recentRemovedNote(
  removed: RowsRemoved | undefined,
  sinceMs: number,
  listed: number,
  limit: number,
): string | undefined {
  if (!listCutByRemoval(removed, sinceMs, listed, limit)) return undefined;
  return `note: ${removedWhen(removed.before, removed.keepDays)}: older requests are not listed; openclaw usage --since counts them by model, provider and day`;
}
