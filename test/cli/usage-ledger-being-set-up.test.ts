/**
 * `openclaw usage` while a gateway starts on a new state dir: the gateway's writer makes the
 * ledger's file (WAL mode, written at once) a moment before it creates the tables in one
 * transaction. `usage` run in that moment failed with exit 1, "a SQLite database without the
 * ledger's requests: not one the gateway wrote", and advice to move the file away; it is no ledger
 * yet, as an empty file is. Built CLI, real SQLite, the file as the writer's first step leaves it.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { tempDir } from "../helpers/tmp.js";

describe("openclaw usage on a ledger the gateway is still setting up", () => {
  it("says no requests yet (exit 0), and the ledger then set up reads as usual", async () => {
    const dir = tempDir("openclaw-usage-new-ledger-");
    const path = join(dir, "usage.sqlite");
    const starting = new Database(path);
    starting.pragma("journal_mode = WAL");
    starting.close();

    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC" };
    for (const args of [["usage"], ["usage", "--by", "client"], ["usage", "--last", "5"]]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
      expect(result.stdout).toMatch(/^no gateway requests since .* · .*usage\.sqlite\n$/);
    }

    // The file was the gateway's to set up, not one to move away: its writer takes it as it is.
    const ledger = new UsageLedger({ path });
    ledger.record(ledgerRow({ modelUsed: "moonshot/kimi-k2.5", ts: Date.now() - 60_000 }));
    await ledger.close();
    const after = await runCli(["usage"], { env });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^moonshot\/kimi-k2\.5\s+1\s/m);
  });
});
