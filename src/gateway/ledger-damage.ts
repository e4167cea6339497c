/**
 * A ledger file SQLite cannot read (damaged, or another file at the ledger's path), or a SQLite
 * database that is not a ledger: said the same way by the gateway that writes it and by
 * `openclaw usage` that reads it, naming the file and what to do with it.
 */
import { OpenClawError } from "../errors.js";

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

/** A SQLite database at the ledger's path without the ledger's `requests`. */
export function notALedgerError(path: string): OpenClawError {
  return new OpenClawError(
    "ledger.not_a_ledger",
    `the usage ledger ${path} is a SQLite database without the ledger's requests: not one the gateway wrote`,
    { hint: moveAwayHint(path) },
  );
}
