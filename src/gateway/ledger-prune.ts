/**
 * Keeping the ledger from growing without end (`gateway.ledger.keepDays`): request rows older than
 * that are removed, a few thousand per transaction, by the ledger's writer thread; the hourly
 * totals (`usage_hourly`) stay, so `openclaw usage` by model, provider and day still counts them.
 * `ledger_pruned` remembers from when rows are gone, so that the views that need the rows say so.
 */
import type Database from "better-sqlite3";
import { count } from "../util/count.js";
import type { LedgerPruned } from "./ledger.js";
import { HOUR_MS } from "./usage-rollup.js";

export const DAY_MS = 86_400_000;

/** How often the gateway removes old rows again while it runs (it also does at start). */
export const PRUNE_INTERVAL_MS = HOUR_MS;

/** Rows removed per transaction: short enough that writes of new rows never wait long. */
export const PRUNE_ROWS_PER_STEP = 5_000;

/**
 * One row: the time before which request rows were removed (the latest such time, in ms since
 * the epoch) and the `keepDays` that removed them last. Made by the first prune that removes a row.
 */
export const PRUNED_SCHEMA = `CREATE TABLE IF NOT EXISTS ledger_pruned (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  before INTEGER NOT NULL,
  keep_days INTEGER NOT NULL
);`;

/** Records a prune: `before` only moves forward (rows before an earlier time are gone too). */
export const PRUNED_UPSERT = `INSERT INTO ledger_pruned (id, before, keep_days) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET before = MAX(before, excluded.before), keep_days = excluded.keep_days`;

/**
 * Rows older than `keepDays` days before `now` go, in whole hours: each hour either keeps all its
 * rows or none, so the hourly totals of an hour that has rows agree with them.
 */
export function pruneBefore(keepDays: number, now: number): number {
  return Math.floor((now - keepDays * DAY_MS) / HOUR_MS) * HOUR_MS;
}

/** From when rows were removed, and by which `keepDays`; undefined for a ledger never pruned. */
export interface RowsRemoved {
  /** Request rows before this time (ms since the epoch) were removed. */
  before: number;
  keepDays: number;
}

/**
 * What `ledger_pruned` says of an open ledger. A prune while the system clock ran ahead recorded
 * a time still to come, kept (it only moves forward) after the clock came back: the report then
 * said rows until then were removed and counted from then on, beside the rows written since. No
 * row is missing after the oldest one there is, so the time said is that row's hour at the latest.
 * @internal (left out of the shipped declarations: they would name better-sqlite3's types)
 */
export function rowsRemoved(db: Database.Database, now = Date.now()): RowsRemoved | undefined {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_pruned'")
    .get();
  if (table === undefined) return undefined;
  const row = db
    .prepare("SELECT before, keep_days AS keepDays FROM ledger_pruned WHERE id = 1")
    .get() as RowsRemoved | undefined;
  if (row === undefined) return undefined;
  const oldest = db.prepare("SELECT MIN(ts) FROM request_rows").pluck().get() as number | null;
  // Only a cut-off past every row there is moves back: one a prune stopped part way recorded (the
  // time of the last row it removed, inside an hour) is true as it is, and its hour would claim
  // the rows removed in that hour are counted.
  if (row.before <= (oldest ?? now)) return row;
  return { ...row, before: Math.floor((oldest ?? now) / HOUR_MS) * HOUR_MS };
}

/** `2026-11-02T14:00Z`: the hour rows were removed before, as the log says it. */
export function hourText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/**
 * The gateway's log line for a prune, once per prune; undefined when it removed nothing and did
 * not fail (said every hour, it would only be noise).
 */
export function prunedLine(event: LedgerPruned): string | undefined {
  const setting = `gateway.ledger.keepDays ${event.keepDays}`;
  const removed = `${count(event.rows)} row${event.rows === 1 ? "" : "s"}`;
  if (event.failed !== undefined)
    return `gateway: warning: removing usage ledger rows from before ${hourText(event.before)} (${setting}) stopped after ${removed}: ${event.failed}; the gateway tries again in an hour`;
  if (event.rows === 0) return undefined;
  return `gateway: usage ledger: removed ${removed} from before ${hourText(event.before)} (${setting}); their hourly totals stay, so openclaw usage by model, provider and day still counts them`;
}
