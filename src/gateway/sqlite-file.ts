/**
 * The file SQLite opens for a path: a symlink's target. SQLite keeps a database's journal files
 * (`-wal`, `-shm`, `-journal`) beside that file, not beside the link, so whoever looks for them,
 * copies them or asks whether they can be made there looks beside it too.
 */
import { realpathSync } from "node:fs";

/** `path` with its symlinks followed; `path` itself when it is not there (yet) to follow. */
export function sqliteFile(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
