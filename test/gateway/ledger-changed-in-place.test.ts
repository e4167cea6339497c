/**
 * The usage ledger's file changed in place while the built gateway runs, the same file (inode)
 * kept: another SQLite database copied over it (`cp other.sqlite usage.sqlite`), or the file cut
 * short with its 16-byte SQLite header kept. Neither was noticed: the writer went on writing its
 * journal over the other database's pages, or failed every write. Now the gateway's log says it
 * once and every request has exactly one row: beside the copied file, which is left as it was,
 * or at the ledger's path again.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, truncateSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ledgerFileLostLine } from "../../src/gateway/ledger-damage.js";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { chatStatus, simConfig } from "./harness.js";
import { runLedgerChange } from "./ledger-change-run.js";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "openclaw.js");

const suite = useBuiltGatewaySuite();

/** One chat request through the gateway; its content (and client) names it, to find its row. */
const chat = (url: string, name: string): Promise<number> => chatStatus(url, name, name);

/** The clients (one per request) of a ledger file's rows, read as anyone with SQLite would. */
function clientsIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT client FROM requests ORDER BY id").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** Another SQLite database, not a ledger: what a `cp` put over the ledger. */
function otherDatabase(file: string): Buffer {
  const db = new Database(file);
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
  const insert = db.prepare("INSERT INTO notes (text) VALUES (?)");
  for (let i = 0; i < 200; i++) insert.run(`note ${i} ${"x".repeat(50)}`);
  db.close();
  return readFileSync(file);
}

/** A gateway with requests one and two written; `change` is then done; three and four follow. */
async function runWithChange(change: (ledger: string, dir: string) => void) {
  const { dir, env } = suite.stateDir("openclaw-ledger-in-place-", simConfig(suite.sim));
  const ledger = join(dir, "usage.sqlite");
  const run = await runLedgerChange({
    env,
    chat: (url, n) => chat(url, ["one", "two", "three", "four"][n - 1] ?? ""),
    rows: () => clientsIn(ledger).length,
    change: () => change(ledger, dir),
  });
  return { dir, env, ledger, ...run };
}

describe("the usage ledger's file changed in place while the gateway runs", () => {
  it("another SQLite database copied over it: that file is left as it was, every row goes beside it, said once", async () => {
    let other: Buffer = Buffer.alloc(0);
    const run = await runWithChange((ledger, dir) => {
      other = otherDatabase(join(dir, "other.sqlite"));
      copyFileSync(join(dir, "other.sqlite"), ledger);
    });
    const kept = readdirSync(run.dir).filter((name) => name.startsWith("usage.sqlite.kept-"));
    expect(kept).toHaveLength(1);
    const keptPath = join(run.dir, kept[0] as string);
    expect(run.said).toEqual([
      `gateway: the usage ledger ${run.ledger} was overwritten in place by another SQLite database (a cp over it?) while the gateway ran; that file is left as it is: the ledger was written again to ${keptPath} with every row it had, and new rows go there until the gateway stops`,
    ]);
    expect(run.stderr).toContain(
      `  hint: openclaw usage reads ${run.ledger}: to read these rows, stop the gateway and move ${keptPath} to ${run.ledger}, or set gateway.ledger.path to it`,
    );
    expect(run.stderr).not.toContain("could not write the usage ledger");
    // Every request exactly once, and the copied database byte for byte as it was copied.
    expect(clientsIn(keptPath)).toEqual(["one", "two", "three", "four"]);
    expect(readFileSync(run.ledger).equals(other)).toBe(true);
    expect(existsSync(`${run.ledger}-wal`)).toBe(false);
  });

  it("cut short with its SQLite header kept: said once, and written again at its path with every row", async () => {
    const run = await runWithChange((ledger) => truncateSync(ledger, 16));
    expect(run.said).toEqual([
      `gateway: the usage ledger ${run.ledger} was cut short (truncated) while the gateway ran; the ledger was written again to its path with every row it had, and new rows go into it`,
    ]);
    expect(run.stderr).not.toContain("could not write the usage ledger");
    expect(clientsIn(run.ledger)).toEqual(["one", "two", "three", "four"]);
    const listed = JSON.parse(
      execFileSync(process.execPath, [bin, "usage", "--last", "10", "--json"], {
        env: run.env,
        encoding: "utf8",
      }),
    ) as { requests: unknown[] };
    expect(listed.requests).toHaveLength(4);
  });
});

describe("the log line when the rows of a ledger changed in place could not be read back", () => {
  // The open database reads back every row while its journal still holds them (as in the runs
  // above); these are the words for when it does not.
  it("cut short: says where what was left went and how to get rows back from it", () => {
    expect(
      ledgerFileLostLine({
        problem: "truncated",
        path: "/s/usage.sqlite",
        now: "/s/usage.sqlite",
        kept: false,
        setAside: "/s/usage.sqlite.truncated-2026-12-01T20-00-00",
      }),
    ).toBe(
      "gateway: the usage ledger /s/usage.sqlite was cut short (truncated) while the gateway ran; the rows it had could not be read back: what was left of it was moved to /s/usage.sqlite.truncated-2026-12-01T20-00-00, and a new ledger was started at its path for new rows\n  hint: sqlite3 /s/usage.sqlite.truncated-2026-12-01T20-00-00 .recover may get some of its rows back",
    );
  });

  it("another database copied over it: the rows are said to be lost, the copied file left as it is", () => {
    const line = ledgerFileLostLine({
      problem: "rewritten",
      path: "/s/usage.sqlite",
      now: "/s/usage.sqlite.kept-x",
      kept: false,
    });
    expect(line).toContain(
      "was overwritten in place by another SQLite database (a cp over it?) while the gateway ran; that file is left as it is: a new ledger was started at /s/usage.sqlite.kept-x (the rows it had could not be read back and are lost), and new rows go there until the gateway stops",
    );
  });
});
