/**
 * The guide tells operators to query the ledger with the sqlite3 shell while the gateway runs
 * (`sqlite3 ~/.openclaw/usage.sqlite "SELECT …"`). A sqlite3 older than the gateway's SQLite
 * takes itself for the last connection when it closes: it checkpoints the gateway's journal
 * (-wal) into the file and deletes the journal. That is the same database, every row in it, but
 * the gateway took it for another database copied over the ledger and moved its writing to
 * usage.sqlite.kept-<time>, so `openclaw usage` missed every later request. Now the ledger is the
 * same file after such a read, and after a checkpoint another program runs (a backup tool's).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { chatStatus, simConfig } from "./harness.js";
import { runLedgerChange } from "./ledger-change-run.js";

const bin = join(resolve(import.meta.dirname, "../.."), "bin", "openclaw.js");
const suite = useBuiltGatewaySuite();
const hasSqliteShell = spawnSync("sqlite3", ["-version"]).status === 0;

function clientsIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT client FROM requests ORDER BY id").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Runs the gateway through four requests with `read` done to its ledger after the second. */
async function runWithRead(read: (ledger: string) => void) {
  const { dir, env } = suite.stateDir("openclaw-ledger-read-", simConfig(suite.sim));
  const ledger = join(dir, "usage.sqlite");
  const names = ["one", "two", "three", "four"];
  const run = await runLedgerChange({
    env,
    chat: (url, n) => chatStatus(url, names[n - 1] ?? "", names[n - 1]),
    rows: () => clientsIn(ledger).length,
    change: () => read(ledger),
    expectSaid: false,
  });
  const report = JSON.parse(
    execFileSync(process.execPath, [bin, "usage", "--json"], { env, encoding: "utf8" }),
  ) as { total: { requests: number } };
  return { ...run, dir, ledger, report };
}

describe("the ledger read by another program while the gateway runs", () => {
  it.skipIf(!hasSqliteShell)(
    "the guide's sqlite3 query leaves the ledger where it is: openclaw usage counts every request",
    async () => {
      let answer = "";
      const run = await runWithRead((ledger) => {
        answer = execFileSync("sqlite3", [ledger, "SELECT COUNT(*) FROM requests"], {
          encoding: "utf8",
        });
      });
      expect(answer.trim()).toBe("2");
      expect(run.said).toEqual([]);
      expect(readdirSync(run.dir).filter((name) => name.includes(".kept-"))).toEqual([]);
      expect(clientsIn(run.ledger)).toEqual(["one", "two", "three", "four"]);
      expect(run.report.total.requests).toBe(4);
    },
  );

  it("a checkpoint another program runs leaves the ledger where it is", async () => {
    const run = await runWithRead((ledger) => {
      const db = new Database(ledger);
      try {
        db.pragma("wal_checkpoint(TRUNCATE)");
      } finally {
        db.close();
      }
    });
    expect(run.said).toEqual([]);
    expect(readdirSync(run.dir).filter((name) => name.includes(".kept-"))).toEqual([]);
    expect(clientsIn(run.ledger)).toEqual(["one", "two", "three", "four"]);
    expect(run.report.total.requests).toBe(4);
  });
});
