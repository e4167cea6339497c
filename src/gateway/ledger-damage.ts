/**
 * A ledger file SQLite cannot read (damaged, or another file at the ledger's path), or a SQLite
 * database that is not a ledger: said the same way by the gateway that writes it and by
 * `openclaw usage` that reads it, naming the file and what to do with it.
 */
import type Database from "better-sqlite3";
import { OpenClawError } from "../errors.js";
import { type LedgerFileLost, LedgerRowsLost, type LedgerWritingAgain } from "./ledger.js";

/** Whether SQLite refused the file's contents (not its permissions or a full disk). */
export function isDamagedFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT"))
  );
}

function moveAwayHint(path: string): string {
  return `move it away (mv ${path} ${path}.broken): the gateway starts a new ledger there on its next start; or set gateway.ledger.path to another file`;
}

/** The file at the ledger's path is not a SQLite database SQLite can read. */
export function damagedLedgerError(path: string, cause: unknown): OpenClawError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new OpenClawError(
    "ledger.damaged",
    `the usage ledger ${path} is damaged or not a SQLite database (${why})`,
    { hint: moveAwayHint(path), cause },
  );
}

/** The tables only a usage ledger has: a database with none of them is no ledger at all. */
const LEDGER_TABLES: readonly string[] = ["request_rows", "usage_hourly", "requests"];

/** The tables of a SQLite database (not SQLite's own), by name. */
export function tablesOf(db: Database.Database): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

/**
 * Whether a database with these `tables` is another program's: tables of its own and none a
 * ledger has. Every ledger an openclaw wrote has one of them, the first version's (`requests` a
 * table) included; a database with no table at all is a ledger being set up (see readOpened).
 */
export function isAnotherProgramsDatabase(tables: readonly string[]): boolean {
  return tables.length > 0 && !tables.some((name) => LEDGER_TABLES.includes(name));
}

/**
 * A SQLite database at the ledger's path without the ledger's `requests`; `tables` are the
 * tables it has. One with tables of its own and none of a ledger's is another program's data:
 * moving it to `.broken` would be poor advice for someone else's file, so the hint says to point
 * the ledger elsewhere, and to move it only if it is one's own to move.
 */
export function notALedgerError(path: string, tables: readonly string[] = []): OpenClawError {
  if (isAnotherProgramsDatabase(tables)) {
    const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", …" : "");
    return new OpenClawError(
      "ledger.not_a_ledger",
      `the usage ledger ${path} is another program's SQLite database (tables: ${shown}), not a ledger the gateway wrote`,
      { hint: anotherProgramsDatabaseHint(path) },
    );
  }
  return new OpenClawError(
    "ledger.not_a_ledger",
    `the usage ledger ${path} is a SQLite database without the ledger's requests: not one the gateway wrote`,
    { hint: moveAwayHint(path) },
  );
}

/**
 * What to do about another program's database at the ledger's path, said alike by `openclaw
 * usage`, `openclaw doctor` and the gateway, which will not start on it: adding its tables beside
 * someone else's would change a file that is not its own.
 */
function anotherProgramsDatabaseHint(path: string): string {
  return `openclaw gateway does not write into another program's database: set gateway.ledger.path to a file of its own (openclaw config set gateway.ledger.path <file>), or move ${path} away if it is yours to move`;
}

/**
 * What `openclaw doctor` says of a SQLite database without the ledger's `requests` that is not
 * another program's (no tables, or some of a ledger's): the gateway adds its tables to it.
 */
export function otherDatabaseHint(path: string): string {
  return `openclaw gateway adds the ledger's tables to it when it starts; to leave it as it is, set gateway.ledger.path to a file of its own (openclaw config set gateway.ledger.path <file>), and move ${path} away only if it is yours to move`;
}

/** The version an error from opening the ledger says the file has, when it is a newer layout. */
export function newerLedgerVersion(error: unknown): number | undefined {
  const found = error as { code?: unknown; ledgerVersion?: unknown } | null;
  return found?.code === "OPENCLAW_LEDGER_NEWER" && typeof found.ledgerVersion === "number"
    ? found.ledgerVersion
    : undefined;
}

function newerWords(version: number, known: number): string {
  return `written by a newer openclaw (ledger version ${version}; this one knows up to ${known})`;
}

const NEWER_HINT =
  "use the newer openclaw that wrote it, or set gateway.ledger.path to another file to start a new ledger there";

/** A ledger whose `user_version` is above the one this openclaw writes: it is left alone. */
export function newerLedgerError(path: string, version: number, known: number): OpenClawError {
  return new OpenClawError(
    "ledger.newer",
    `the usage ledger ${path} was ${newerWords(version, known)}, so this one leaves it as it is`,
    { hint: NEWER_HINT },
  );
}

/**
 * A ledger whose `requests` lacks columns every ledger has: a newer openclaw's layout, or a view
 * someone made again by hand. The gateway of this version makes its view again when the version
 * is not newer.
 */
export function ledgerMissingColumnsError(
  path: string,
  missing: readonly string[],
  version: number,
  known: number,
): OpenClawError {
  const columns = `${missing.length === 1 ? "column" : "columns"} ${missing.join(", ")}`;
  if (version > known) {
    return new OpenClawError(
      "ledger.newer",
      `the usage ledger ${path} was ${newerWords(version, known)}: its requests have no ${columns}`,
      { hint: NEWER_HINT },
    );
  }
  return new OpenClawError(
    "ledger.incomplete",
    `the usage ledger ${path} has no ${columns} in its requests view (changed outside openclaw?)`,
    {
      hint: `openclaw gateway makes the view again when it starts (the rows are kept); or ${moveAwayHint(path)}`,
    },
  );
}

const LOST_WORDS: Record<LedgerFileLost["problem"], string> = {
  removed: "was removed",
  replaced: "was replaced by another file",
  overwritten: "was overwritten (it is no longer a SQLite database)",
  rewritten: "was overwritten in place by another SQLite database (a cp over it?)",
  truncated: "was cut short (truncated)",
};

/**
 * The gateway's log line when the ledger's file went while it ran: what happened, where the rows
 * are now and whether the earlier ones were saved, and what to do.
 */
export function ledgerFileLostLine(event: LedgerFileLost): string {
  const what = `gateway: the usage ledger ${event.path} ${LOST_WORDS[event.problem]} while the gateway ran`;
  const leftAlone = event.problem === "replaced" || event.problem === "rewritten";
  const where = leftAlone ? event.now : "its path";
  const saved = event.kept
    ? `the ledger was written again to ${where} with every row it had`
    : `a new ledger was started at ${where} (the rows it had could not be read back and are lost)`;
  if (event.setAside)
    return `${what}; the rows it had could not be read back: what was left of it was moved to ${event.setAside}, and a new ledger was started at its path for new rows\n  hint: sqlite3 ${event.setAside} .recover may get some of its rows back`;
  if (!leftAlone) return `${what}; ${saved}, and new rows go into it`;
  return `${what}; that file is left as it is: ${saved}, and new rows go there until the gateway stops\n  hint: openclaw usage reads ${event.path}: to read these rows, stop the gateway and move ${event.now} to ${event.path}, or set gateway.ledger.path to it`;
}

/**
 * The gateway's log line for a ledger error: a failed write's rows are kept and written later;
 * rows the ledger gave up on are said to be lost (they were said to be kept in memory too).
 */
export function ledgerErrorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof LedgerRowsLost))
    return `gateway: could not write the usage ledger (${message}); rows kept in memory and written when it can be again`;
  if (error.reason === "writer_stopped")
    return `gateway: ${message}\n  hint: later rows are not written either: restart the gateway to write the usage ledger again`;
  return `gateway: ${message}`;
}

/** The gateway's log line when the ledger is written again after failed writes. */
export function ledgerWritingAgainLine(event: LedgerWritingAgain): string {
  const failed = `${event.failedWrites} failed write${event.failedWrites === 1 ? "" : "s"}`;
  const lost =
    event.droppedRows === 0
      ? "no rows were lost"
      : `${event.droppedRows} row${event.droppedRows === 1 ? " was" : "s were"} dropped to bound what was kept in memory`;
  return `gateway: the usage ledger is written again after ${failed}; ${lost}`;
}
