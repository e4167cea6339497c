/**
 * Whether the gateway may write its ledger, looked at before SQLite opens it. SQLite opens a file
 * it may not write read-only without a word and fails only on its first write; by then it has made
 * the ledger's `-wal` and `-shm` beside it, read-only like the file. A gateway started after the
 * file itself was made writable again then failed every write on that `-shm`, while its start said
 * all was well.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { basename, dirname } from "node:path";
import { sqliteFile } from "./sqlite-file.js";

/** The part of a ledger that cannot be written: a file, or the directory its journal goes in. */
export interface UnwritableLedgerPart {
  /** The file or directory, as a path. */
  path: string;
  /** The errno code the file system gave (EACCES, EPERM, EROFS). */
  code: string;
  /** The ledger's file, one of its journal files (`-wal`, `-shm`) or the directory they go in. */
  role: "file" | "journal" | "directory";
}

/** The write-ahead log and shared-memory files SQLite keeps beside a ledger in WAL mode. */
function journalFiles(path: string): string[] {
  return [`${path}-wal`, `${path}-shm`];
}

function refusedWrite(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // Gone since it was seen (ENOENT) is no refusal: SQLite makes it again.
    return code === "EACCES" || code === "EPERM" || code === "EROFS" ? code : undefined;
  }
}

/**
 * The first part of the ledger at `path` this process may not write, if any: the file, its
 * journal files, or (when a journal file is still to be made) its directory. A missing directory
 * is not looked at: the gateway makes it.
 */
export function unwritableLedgerPart(path: string): UnwritableLedgerPart | undefined {
  // A symlink's journal files go beside the file it names, in that file's directory.
  const target = sqliteFile(path);
  for (const [file, role] of [
    [target, "file"],
    ...journalFiles(target).map((journal) => [journal, "journal"] as const),
  ] as const) {
    if (!existsSync(file)) continue;
    const code = refusedWrite(file);
    if (code !== undefined) return { path: file, code, role };
  }
  const directory = dirname(target);
  if (!existsSync(directory) || journalFiles(target).every((file) => existsSync(file)))
    return undefined;
  const code = refusedWrite(directory);
  return code === undefined ? undefined : { path: directory, code, role: "directory" };
}

/**
 * Why, in words, for the gateway's refusal to start (`words` are the errno code's), and what to
 * do: make that part writable (not always the ledger itself), or put the ledger elsewhere.
 */
export function unwritableLedgerText(
  ledgerPath: string,
  part: UnwritableLedgerPart,
  words: string,
): { why: string; hint: string } {
  const elsewhere = "set gateway.ledger.path elsewhere, or gateway.ledger.enabled: false";
  const writable = `make ${part.path} writable for the user the gateway runs as (chmod u+w; chown when another user, such as sudo, made it)`;
  if (part.role === "file") return { why: words, hint: `${writable}, move it away, ${elsewhere}` };
  // A -wal holds rows not yet copied into the ledger: removed, they are lost. A -shm is an index
  // SQLite makes again.
  if (part.role === "journal")
    return {
      why: `its journal ${part.path} cannot be written (${words})`,
      hint: part.path.endsWith("-wal")
        ? `${writable} (do not remove it: it holds rows not yet in the ledger), or ${elsewhere}`
        : `${writable}, or remove it while no gateway runs, or ${elsewhere}`,
    };
  const name = basename(sqliteFile(ledgerPath));
  return {
    why: `its directory ${part.path} cannot be written (${words}); SQLite makes ${name}-wal and ${name}-shm beside the ledger`,
    hint: `${writable}, or ${elsewhere}`,
  };
}
