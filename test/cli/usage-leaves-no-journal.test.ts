/**
 * `openclaw usage` (and `--last`, and `doctor`) read the ledger with the gateway stopped: SQLite's
 * write-ahead log and its index (`usage.sqlite-wal`, `usage.sqlite-shm`) were created beside the
 * ledger by the read-only reader, which may not remove them, and were left there after every
 * report. Now the reader is the last connection to close, as the sqlite3 shell is, and the
 * directory holds only the ledger again. Built CLI, real SQLite.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { tempDir } from "../helpers/tmp.js";

describe("openclaw usage on a ledger no gateway has open", () => {
  it("leaves no -wal or -shm file beside it", async () => {
    const dir = tempDir("openclaw-usage-journal-");
    const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
    ledger.record(ledgerRow({ ts: Date.now() - 60_000 }));
    await ledger.close();
    expect(readdirSync(dir)).toEqual(["usage.sqlite"]);

    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC" };
    for (const args of [["usage"], ["usage", "--by", "client"], ["usage", "--last", "5"]]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
      expect(result.stdout).not.toBe("");
      expect(readdirSync(dir).sort(), args.join(" ")).toEqual(["usage.sqlite"]);
    }
    // doctor looks at it too (is it another program's database?), and says nothing of it.
    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).not.toContain("ledger ");
    expect(readdirSync(dir).sort()).toEqual(["usage.sqlite"]);
  });
});
