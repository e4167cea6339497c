/**
 * Opening the usage ledger at start, and the words for why it cannot be opened (a damaged or
 * newer file, SQLite missing, the file system refusing): each an error a person can act on.
 */
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type Database from "better-sqlite3";
import { isOpenClawError, OpenClawError } from "../errors.js";
import { LEDGER_VERSION, UsageLedger } from "./ledger.js";
import { blockedLedgerHint, blockedLedgerWhy, ledgerBlockedBy } from "./ledger-blocked.js";
import {
  damagedLedgerError,
  isAnotherProgramsDatabase,
  isDamagedFileError,
  ledgerErrorLine,
  ledgerFileLostLine,
  ledgerWritingAgainLine,
  newerLedgerError,
  newerLedgerVersion,
  notALedgerError,
  tablesOf,
} from "./ledger-damage.js";
import { unwritableLedgerPart, unwritableLedgerText } from "./ledger-writable.js";
import { isSqliteBindingMissing, sqliteBindingError } from "./sqlite-binding.js";
import { openSqliteToRead } from "./sqlite-read-only.js";

/** Why a ledger file cannot be opened, in words, for the errno codes a person can act on. */
const LEDGER_FS_WORDS: Record<string, string> = {
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of its path is a file, not a directory",
  ENOSPC: "the disk is full",
};

/** The gateway's words for an errno code at the ledger's path (`it is a directory`), if it has some. */
export function ledgerFileWords(code: unknown): string | undefined {
  return typeof code === "string" ? LEDGER_FS_WORDS[code] : undefined;
}

/**
 * The refusal of another program's SQLite database at the ledger's path (tables of its own, none
 * of a ledger's), as `openclaw usage` refuses it: the writer would add its tables beside the
 * other program's. Looked at with writes refused, before the writer opens it (its first act,
 * turning on the write-ahead log, already writes the file's header), leaving no file beside it
 * (see openSqliteToRead), and so is a write a program left unfinished in it, which the writer
 * would roll back. Anything else is left to the writer's open: no file, an empty one, a damaged
 * one or one this user may not read is said as it says it.
 */
export function anotherProgramsDatabase(path: string): OpenClawError | undefined {
  let db: Database.Database | undefined;
  try {
    db = openSqliteToRead(path);
    const tables = tablesOf(db);
    return isAnotherProgramsDatabase(tables) ? notALedgerError(path, tables) : undefined;
  } catch (error) {
    // An unfinished write beside it: what it holds cannot be seen without changing it.
    return isOpenClawError(error) ? error : undefined;
  } finally {
    db?.close();
  }
}

/**
 * The directory to look at when the ledger cannot be opened, in words: its own, named as the
 * state dir, or as in it, only when it is. A `gateway.ledger.path` elsewhere (another disk, a
 * directory of its own) was once sent to the state dir's permissions, which had nothing to do
 * with it.
 */
function ledgerDirectoryWords(path: string, stateDir: string | undefined): string {
  const directory = dirname(resolve(path));
  if (stateDir === undefined) return `the ledger's directory ${directory}`;
  const state = resolve(stateDir);
  if (directory === state) return `the state dir ${state}`;
  const inside = relative(state, directory);
  // Outside is `..` or `../…`; a directory of its own named `..ledgers` is inside.
  const outside = inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  return outside
    ? `the ledger's directory ${directory}`
    : `the ledger's directory ${directory} in the state dir ${state}`;
}

/**
 * Opens the ledger (creating the file when there is none) and waits for its writer. `turnOff`
 * says how to run without it when SQLite's module is not built (see sqliteBindingError);
 * `stateDir`, whether the ledger's directory is said to be the state dir's.
 */
export async function openLedger(
  path: string,
  turnOff?: string,
  stateDir?: string,
): Promise<UsageLedger> {
  // A file where its directory should be: no permission helps, moving that file does.
  const blocking = ledgerBlockedBy(path);
  if (blocking !== undefined)
    throw new OpenClawError(
      "gateway.ledger_unavailable",
      `cannot open the usage ledger ${path}: ${blockedLedgerWhy(blocking)}`,
      { hint: blockedLedgerHint(blocking), where: "gateway.ledger" },
    );
  const unwritable = unwritableLedgerPart(path);
  // Another program's database is said as such before "make it writable", advice for the
  // ledger only; a journal file left read-only beside the ledger is not looked past.
  if (unwritable?.role !== "journal") {
    const foreign = anotherProgramsDatabase(path);
    if (foreign !== undefined) throw foreign;
  }
  if (unwritable !== undefined) {
    const { why, hint } = unwritableLedgerText(
      path,
      unwritable,
      ledgerFileWords(unwritable.code) ?? unwritable.code,
    );
    throw new OpenClawError(
      "gateway.ledger_unavailable",
      `cannot open the usage ledger ${path}: ${why}`,
      {
        hint,
        where: "gateway.ledger",
      },
    );
  }
  let ledger: UsageLedger | undefined;
  try {
    ledger = new UsageLedger({ path });
    await ledger.ready();
    return ledger;
  } catch (error) {
    await ledger?.close();
    if (isDamagedFileError(error)) throw damagedLedgerError(path, error);
    if (isSqliteBindingMissing(error))
      throw sqliteBindingError(
        "gateway.ledger_unavailable",
        path,
        error,
        "gateway.ledger",
        turnOff,
      );
    const newer = newerLedgerVersion(error);
    if (newer !== undefined) throw newerLedgerError(path, newer, LEDGER_VERSION);
    const code = (error as { code?: unknown }).code;
    const why = ledgerFileWords(code) ?? (error instanceof Error ? error.message : String(error));
    throw new OpenClawError(
      "gateway.ledger_unavailable",
      `cannot open the usage ledger ${path}: ${why}`,
      {
        hint: `check ${ledgerDirectoryWords(path, stateDir)} and its permissions, move the file away, set gateway.ledger.path elsewhere, or gateway.ledger.enabled: false`,
        where: "gateway.ledger",
        cause: error,
      },
    );
  }
}

/** Says in the log when the open ledger cannot write, writes again, or finds its file gone. */
export function logLedgerTrouble(ledger: UsageLedger, log: (line: string) => void): void {
  ledger.onError = (error) => log(ledgerErrorLine(error));
  ledger.onWritingAgain = (event) => log(ledgerWritingAgainLine(event));
  ledger.onFileLost = (event) => log(ledgerFileLostLine(event));
}
