/**
 * The usage ledger's file removed, overwritten or replaced while the built gateway runs (an `rm`,
 * a `> usage.sqlite`, a `mv` over it). The writer kept writing to the file it had open and every
 * row of the run was lost without a word (a removed file vanished at exit; a stale journal was
 * left that SQLite then read into whatever took the path). Now the gateway's log says it once,
 * and the rows are all still there: at the ledger's path, or beside a file that took the path.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { chatStatus, simConfig } from "./harness.js";
import { runLedgerChange } from "./ledger-change-run.js";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "openclaw.js");

const suite = useBuiltGatewaySuite();

/** The requests a ledger file holds, read as anyone with SQLite would. */
function rowsIn(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM requests").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const GARBAGE = "this is not a ledger\n".repeat(500);

/**
 * A gateway with two requests written to its ledger; `damage` is then done to the file. `under`:
 * the ledger's folder inside the state directory (gateway.ledger.path), else the default.
 */
async function runWithDamage(damage: (ledger: string) => void, under?: string) {
  const ledgerIn = (stateDir: string) => join(stateDir, under ?? "", "usage.sqlite");
  const { dir, env } = suite.stateDir("openclaw-ledger-lost-", (stateDir) =>
    simConfig(suite.sim, {
      gateway: under === undefined ? {} : { ledger: { path: ledgerIn(stateDir) } },
    }),
  );
  const ledger = ledgerIn(dir);
  const run = await runLedgerChange({
    env,
    chat: (url) => chatStatus(url),
    rows: () => rowsIn(ledger),
    change: () => damage(ledger),
  });
  return { dir, env, ledger, ...run };
}

function usageRows(env: NodeJS.ProcessEnv): number {
  const listed = JSON.parse(
    execFileSync(process.execPath, [bin, "usage", "--last", "10", "--json"], {
      env,
      encoding: "utf8",
    }),
  ) as { requests: unknown[] };
  return listed.requests.length;
}

describe("the usage ledger's file damaged while the gateway runs", () => {
  it("removed: said once, and the ledger is written again at its path with every row", async () => {
    const run = await runWithDamage((ledger) => rmSync(ledger));
    expect(run.said).toEqual([
      `gateway: the usage ledger ${run.ledger} was removed while the gateway ran; the ledger was written again to its path with every row it had, and new rows go into it`,
    ]);
    expect(usageRows(run.env)).toBe(4);
  });

  it("removed with its folder (rm -rf): the folder is made again and the ledger written there with every row", async () => {
    const run = await runWithDamage(
      (ledger) => rmSync(dirname(ledger), { recursive: true }),
      "ledger",
    );
    expect(run.said).toEqual([
      `gateway: the usage ledger ${run.ledger} was removed while the gateway ran; the ledger was written again to its path with every row it had, and new rows go into it`,
    ]);
    expect(run.stderr).not.toContain("could not write the usage ledger");
    expect(rowsIn(run.ledger)).toBe(4);
  });

  it("overwritten in place: said once, and the ledger is written again at its path with every row", async () => {
    const run = await runWithDamage((ledger) => writeFileSync(ledger, GARBAGE));
    expect(run.said).toEqual([
      `gateway: the usage ledger ${run.ledger} was overwritten (it is no longer a SQLite database) while the gateway ran; the ledger was written again to its path with every row it had, and new rows go into it`,
    ]);
    expect(usageRows(run.env)).toBe(4);
  });

  it("replaced by another file: that file is left alone, the rows go beside it, and the log says where", async () => {
    const run = await runWithDamage((ledger) => {
      writeFileSync(`${ledger}.new`, GARBAGE);
      renameSync(`${ledger}.new`, ledger);
    });
    const kept = readdirSync(run.dir).filter((name) => name.startsWith("usage.sqlite.kept-"));
    expect(kept).toHaveLength(1);
    const keptPath = join(run.dir, kept[0] as string);
    expect(run.said).toEqual([
      `gateway: the usage ledger ${run.ledger} was replaced by another file while the gateway ran; that file is left as it is: the ledger was written again to ${keptPath} with every row it had, and new rows go there until the gateway stops`,
    ]);
    expect(run.stderr).toContain(
      `  hint: openclaw usage reads ${run.ledger}: to read these rows, stop the gateway and move ${keptPath} to ${run.ledger}, or set gateway.ledger.path to it`,
    );
    expect(readFileSync(run.ledger, "utf8")).toBe(GARBAGE);
    // No journal of the old ledger is left for SQLite to read into the file that took its path.
    expect(existsSync(`${run.ledger}-wal`)).toBe(false);
    expect(rowsIn(keptPath)).toBe(4);
  });
});
