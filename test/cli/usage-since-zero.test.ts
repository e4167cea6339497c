/**
 * `openclaw usage --since 0d` (or 0h, 0m, 0w) counted back nothing: it reported "no requests since"
 * this very minute, exit 0, over a ledger full of today's requests. Someone typing 0d means today;
 * it is now refused (exit 2) with the ways to say today: the date, or 24h. The built CLI over a
 * ledger written with the gateway's own writer; no provider is called.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-since-zero-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
  // A request a minute ago: any "today" covers it.
  ledger.record(ledgerRow({ ts: Date.now() - 60_000, requestId: "r-recent" }));
  await ledger.close();
});

function usage(args: string[]) {
  return runCli(["usage", ...args], {
    env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC" },
  });
}

describe("usage --since with a zero duration", () => {
  it("refuses 0d, 0h, 0m and 0w with the ways to say today, instead of reporting nothing", async () => {
    for (const since of ["0d", "0h", "0m", "0w", "00d"]) {
      const result = await usage(["--since", since]);
      expect({ since, code: result.code }).toEqual({ since, code: 2 });
      expect(result.stdout, since).toBe("");
      expect(result.stderr, since).toMatch(
        new RegExp(
          `^error: --since "${since}" counts back no time at all: for today write today's date \\(\\d{4}-\\d{2}-\\d{2}\\), or 24h for the last day\\n`,
        ),
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("says it under --json too, as a usage error", async () => {
    const result = await usage(["--since", "0d", "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: {
        code: "usage",
        message: expect.stringContaining('--since "0d" counts back no time'),
      },
    });
  });

  it("still reads 1h over the same ledger", async () => {
    const hour = await usage(["--since", "1h", "--json"]);
    expect(hour.code).toBe(0);
    expect(JSON.parse(hour.stdout)).toMatchObject({ total: { requests: 1 } });
  });
});
