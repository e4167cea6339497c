/**
 * A sqlite3 shell older than the gateway's SQLite deletes the ledger's journal (-wal) when it
 * closes, having checkpointed it into the file. The writer checks for that before each write,
 * but a shell that held the ledger locked (`BEGIN EXCLUSIVE`, or a long query in a transaction)
 * closes while the writer waits for the lock: that write, and every one after it, went into the
 * deleted journal. The log said "written again … no rows were lost", yet neither `openclaw
 * usage` nor sqlite3 saw a request until the gateway stopped, and a gateway killed meanwhile lost
 * them all.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const hasSqliteShell = spawnSync("sqlite3", ["-version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "openclaw-ledger-journal-deleted-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The clients of the ledger's rows, as an operator's sqlite3 reads them. */
function clientsBySqlite3(file: string): string[] {
  const out = execFileSync("sqlite3", [file, "SELECT client FROM requests ORDER BY id"], {
    encoding: "utf8",
  });
  return out.split("\n").filter((line) => line !== "");
}

describe("the ledger's journal deleted by a sqlite3 shell while a write waits for its lock", () => {
  it.skipIf(!hasSqliteShell)(
    "the rows written then and after are in the file readers read, while the ledger is open",
    async () => {
      const path = join(dir, "usage.sqlite");
      const ledger = new UsageLedger({ path, flushIntervalMs: 60_000 });
      try {
        await ledger.ready();
        ledger.record(ledgerRow({ client: "before" }));
        await ledger.flush();

        // The shell takes the lock and says so (its count) before the next write is handed over.
        const shell = spawn("sqlite3", [path], { stdio: ["pipe", "pipe", "inherit"] });
        const locked = new Promise<void>((resolveLocked) =>
          shell.stdout.once("data", () => resolveLocked()),
        );
        const exited = new Promise<void>((resolveExit) => shell.once("exit", () => resolveExit()));
        shell.stdin.write("BEGIN EXCLUSIVE; SELECT count(*) FROM request_rows;\n");
        await locked;

        ledger.record(ledgerRow({ client: "during" }));
        const written = ledger.flush();
        // Let the writer begin waiting for the lock (its busy timeout is 5 s) before letting go.
        await new Promise((resolveWait) => setTimeout(resolveWait, 500));
        shell.stdin.end("COMMIT;\n");
        await exited;
        await written;

        ledger.record(ledgerRow({ client: "after" }));
        await ledger.flush();
        expect(clientsBySqlite3(path)).toEqual(["before", "during", "after"]);
      } finally {
        await ledger.close();
      }
      expect(clientsBySqlite3(path)).toEqual(["before", "during", "after"]);
    },
  );
});
