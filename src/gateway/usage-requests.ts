/**
 * The ledger's latest requests one by one, as `openclaw usage --last --json` (and `--errors`)
 * prints them and the library's `readUsageRequests` returns them: one reading for both, so a
 * program gets the rows the command prints. The words for people (the table, its notes) stay in
 * the CLI.
 */
import type { OpenClawErrorJson } from "../errors.js";
import { jsonError } from "../util/error-json.js";
import { isoTime } from "../util/local-time.js";
import { keptLedgers, readingBesideKeptLedgers } from "./ledger-kept.js";
import type { RowsRemoved } from "./ledger-prune.js";
import { type RecentRequest, readRecentRequests } from "./recent-requests.js";
import { type RequestJson, requestJson } from "./request-json.js";
import { readRowsRemoved } from "./usage-report.js";
import type { LedgerSetting } from "./usage-totals.js";

/**
 * One request as the ledger has it: the fields of the gateway's `--json` request events, each
 * always present (null when the ledger does not know it, as on rows written before it recorded
 * that field), `ts` in epoch milliseconds as the ledger has it.
 */
export interface UsageRequest extends RequestJson {
  /** The same moment as `ts`, ISO 8601 in UTC. */
  time: string;
}

/** Request rows `gateway.ledger.keepDays` removed, which the list would otherwise have reached. */
export interface UsageRequestsRemoved {
  /** Rows older than this (ISO 8601 in UTC) are gone. */
  before: string;
  /** The `gateway.ledger.keepDays` that removed them. */
  keepDays: number;
}

/** The latest requests as `openclaw usage --last <n> --json` prints them. */
export interface UsageRequests {
  /** Where the list may start, ISO 8601 in UTC: no request before it is listed. */
  since: string;
  /** The ledger file read. */
  ledger: string;
  /**
   * Set when the list stops short of `since` because `gateway.ledger.keepDays` removed the older
   * rows (fewer requests than asked for, and rows before `since`'s reach gone); null otherwise.
   */
  rowsRemoved: UsageRequestsRemoved | null;
  /** False when the config turns the ledger off (`gateway.ledger.enabled: false`). */
  ledgerEnabled: boolean;
  /** Why the config could not be read (the default ledger was read then); null when it was. */
  configError: OpenClawErrorJson | null;
  /** Ledgers the gateway wrote beside this one while another file had its path (not listed). */
  keptLedgers: string[];
  /** The requests, oldest first: the latest ones since `since`, at most as many as asked. */
  requests: UsageRequest[];
}

/** The list, and what the CLI's table and notes are made from. */
export interface UsageRequestsRead {
  list: UsageRequests;
  /** The requests as read, for the table. */
  rows: RecentRequest[];
  /** What `ledger_pruned` says, when rows were ever removed. */
  removed: RowsRemoved | undefined;
}

/**
 * Whether a list of `listed` requests out of `limit` stops short of `sinceMs` because `removed`
 * took the rows before it: false when none before `sinceMs` were removed, or the list is full.
 */
export function listCutByRemoval(
  removed: RowsRemoved | undefined,
  sinceMs: number,
  listed: number,
  limit: number,
): removed is RowsRemoved {
  return removed !== undefined && sinceMs < removed.before && listed < limit;
}

/**
 * Up to `limit` of the latest requests of `setting`'s ledger since `sinceMs`, oldest first; with
 * `errorsOnly`, only those that failed (not those the client cancelled). No ledger yet is an
 * empty list; a ledger that cannot be read throws OpenClawError (`ledger.*`,
 * `usage.ledger_unreadable`). The file is closed before it returns.
 */
export function readUsageRequestList(input: {
  setting: LedgerSetting;
  sinceMs: number;
  limit: number;
  errorsOnly: boolean;
}): UsageRequestsRead {
  const { setting, sinceMs, limit, errorsOnly } = input;
  const ledger = setting.path;
  const rows = readingBesideKeptLedgers(ledger, () =>
    readRecentRequests({ ledgerPath: ledger, sinceMs, limit, errorsOnly }),
  );
  const removed = readRowsRemoved(ledger);
  const cut = listCutByRemoval(removed, sinceMs, rows.length, limit);
  return {
    list: {
      since: isoTime(sinceMs),
      ledger,
      rowsRemoved: cut ? { before: isoTime(removed.before), keepDays: removed.keepDays } : null,
      ledgerEnabled: setting.offAt === undefined,
      configError: setting.configError === undefined ? null : jsonError(setting.configError),
      keptLedgers: keptLedgers(ledger),
      requests: rows.map(usageRequest),
    },
    rows,
    removed,
  };
}

/** One request of the list: `time` first, then the request's JSON (see UsageRequest). */
function usageRequest(row: RecentRequest): UsageRequest {
  return { time: isoTime(row.ts), ...requestJson(row) };
}
