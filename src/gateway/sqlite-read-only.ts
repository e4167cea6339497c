/**
 * Opening a SQLite database only to read it (the ledger for `openclaw usage` and `doctor`, or a
 * file at the ledger's path that may be another program's), leaving beside it no file that was
 * not there and no byte of its own changed.
 */
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import { OpenClawError } from "../errors.js";
import { sqliteFile } from "./sqlite-file.js";
import { lockHolder } from "./sqlite-lock-holder.js";

/**
 * The database at `path`, its writes refused. A read-only connection creates the write-ahead
 * log's two files (`-wal`, `-shm`) beside a WAL database nobody has open and may not remove them;
 * a read-write one closing last removes them, as the sqlite3 shell does, but first copies into
 * the database what a log left behind by a program that stopped holds, and rolls back a hot
 * `-journal`. So: with a log or journal beside it (a program has it open, or stopped without
 * closing it), read-only, which uses those files as they are; without, read-write with writes
 * refused (`query_only`), so that what it creates it removes; one this user may not write, a copy
 * (see openSqliteCopy). A `-journal` of a write its program
 * did not finish (killed while writing) is an error: reading past it means rolling the write
 * back, which changes the file; so is a lock another program holds past the wait: whoever goes on
 * would write into a file nobody looked at.
 */
export function openSqliteToRead(path: string): Database.Database {
  // SQLite keeps the log beside the file a symlink names, not beside the link.
  const file = sqliteFile(path);
  const db =
    existsSync(`${file}-wal`) || existsSync(`${file}-journal`)
      ? new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
      : mayWrite(file)
        ? openWritesRefused(path)
        : openSqliteCopy(file);
  try {
    // SQLite finds an unfinished write, or a lock another program holds, at the first read.
    db.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_READONLY_ROLLBACK") {
      db.close();
      throw unfinishedWriteError(path, file);
    }
    // Read past, a writer would wait as long and then maybe write into a file never looked at.
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) {
      db.close();
      throw busyError(path, file);
    }
    // Anything else (a damaged file) is said where the database is read.
  }
  return db;
}

/** How long a look waits for another program's lock on the file: better-sqlite3's default. */
const BUSY_TIMEOUT_MS = 5000;

function openWritesRefused(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma("query_only = 1");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function mayWrite(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The database at `path` read from a copy, in a directory of its own that closing it removes: for
 * a file this user may not write, which SQLite opens read-only whatever it is asked and then
 * leaves its `-wal` and `-shm` beside, and for one in a directory this user may not write, where a
 * database in WAL mode cannot be read at all (SQLite must make its `-shm` beside it). The write-ahead
 * log goes with it: it holds rows not yet in the file, which SQLite folds in. The `-shm` is an
 * index SQLite makes again; a `-journal` is not copied: beside the file it means a write left
 * unfinished, an error before any copy is made (see openSqliteToRead). Nothing can be writing the
 * original meanwhile: a program may not write where this user may not.
 */
export function openSqliteCopy(path: string): Database.Database {
  // SQLite keeps the log beside the file a symlink names, not beside the link.
  const file = sqliteFile(path);
  const dir = mkdtempSync(join(tmpdir(), "openclaw-sqlite-"));
  let db: Database.Database;
  try {
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    const hasLog = existsSync(`${file}-wal`);
    if (hasLog) copyFileSync(`${file}-wal`, `${copy}-wal`);
    // Read-only with a log, as openSqliteToRead opens a file with one: the copy is never written.
    db = hasLog
      ? new Database(copy, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
      : openWritesRefused(copy);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const close = db.close.bind(db);
  db.close = () => {
    try {
      return close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return db;
}

function busyError(path: string, file: string): OpenClawError {
  const holder = lockHolder(file);
  const who =
    holder === undefined
      ? "another program"
      : `another program (${holder.name === undefined ? "" : `${holder.name}, `}pid ${holder.pid})`;
  return new OpenClawError(
    "ledger.busy",
    `the usage ledger ${path} is locked by ${who}: it could not be read within ${BUSY_TIMEOUT_MS / 1000} s`,
    {
      hint: `if it is another program's database, set gateway.ledger.path to a file of its own (openclaw config set gateway.ledger.path <file>); if not, run this again once that program has let go of it, or stop that program`,
    },
  );
}

function unfinishedWriteError(path: string, file: string): OpenClawError {
  return new OpenClawError(
    "ledger.unfinished_write",
    `the usage ledger ${path} has a write left unfinished in ${file}-journal by a program stopped while writing it: it cannot be read without rolling that write back, which changes the file`,
    {
      hint: `if it is another program's database, set gateway.ledger.path to a file of its own (openclaw config set gateway.ledger.path <file>); if it is yours, open it once with the program that wrote it (or: sqlite3 ${file} "PRAGMA quick_check"), which rolls the write back, and run this again`,
    },
  );
}
