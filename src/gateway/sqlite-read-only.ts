/**
 * Opening a SQLite database only to read it (the ledger for `openclaw usage` and `doctor`, or a
 * file at the ledger's path that may be another program's), leaving beside it no file that was
 * not there and no byte of its own changed.
 */
import { existsSync, realpathSync } from "node:fs";
import Database from "better-sqlite3";
import { OpenClawError } from "../errors.js";

/**
 * The database at `path`, its writes refused. A read-only connection creates the write-ahead
 * log's two files (`-wal`, `-shm`) beside a WAL database nobody has open and may not remove them;
 * a read-write one closing last removes them, as the sqlite3 shell does, but first copies into
 * the database what a log left behind by a program that stopped holds, and rolls back a hot
 * `-journal`. So: with a log or journal beside it (a program has it open, or stopped without
 * closing it), read-only, which uses those files as they are; without, read-write with writes
 * refused (`query_only`), so that what it creates it removes. A `-journal` of a write its program
 * did not finish (killed while writing) is an error: reading past it means rolling the write
 * back, which changes the file.
 */
export function openSqliteToRead(path: string): Database.Database {
  // SQLite keeps the log beside the file a symlink names, not beside the link.
  const file = realPath(path);
  if (existsSync(`${file}-wal`) || existsSync(`${file}-journal`)) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      // SQLite finds the unfinished write at the first read, not at the open.
      db.prepare("SELECT count(*) FROM sqlite_master").get();
    } catch (error) {
      if ((error as { code?: unknown }).code === "SQLITE_READONLY_ROLLBACK") {
        db.close();
        throw unfinishedWriteError(path, file);
      }
      // Anything else (a damaged file) is said where the database is read, as without a journal.
    }
    return db;
  }
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma("query_only = 1");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
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

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
