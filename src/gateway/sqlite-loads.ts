/**
 * Whether SQLite's native module loads here, asked without a file: `openclaw doctor` before the
 * ledger's first start has no ledger to open, yet the gateway would exit 1 opening one.
 */
import Database from "better-sqlite3";
import { isSqliteBindingMissing } from "./sqlite-binding.js";

/** What loading SQLite's native module fails with, when it cannot be loaded; else undefined. */
export function sqliteBindingFailure(): unknown {
  try {
    new Database(":memory:").close();
    return undefined;
  } catch (error) {
    // Any other failure of an in-memory database is not the module's: the ledger's own checks
    // say what is wrong with the file.
    return isSqliteBindingMissing(error) ? error : undefined;
  }
}
