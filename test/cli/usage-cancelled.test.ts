/**
 * `openclaw usage` and the requests their client cancelled (it went away before its answer was
 * complete: status 499). Nothing failed on the gateway's or the provider's side, so they are
 * counted in a Cancelled column and `cancelled` of --json, not in the Errors; `--errors` lists
 * the failures only. Over whole hours the totals come from the hourly table (which counts them
 * among its errors), by client from the rows: both are checked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LedgerRow, UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

vi.setConfig({ testTimeout: 240_000 });

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-cancelled-"));
const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "200" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;

function row(ts: number, fields: Partial<LedgerRow> = {}): LedgerRow {
  return ledgerRow({
    ts,
    modelRequested: "moonshot/kimi-k2.5",
    modelUsed: "moonshot/kimi-k2.5",
    promptTokens: 10,
    completionTokens: 5,
    ...fields,
  });
}

beforeAll(async () => {
  const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
  // Three hours back: read from the hourly totals, and one minute back: from the rows.
  for (const ts of [Date.now() - 3 * HOUR, Date.now() - 60_000]) {
    ledger.record(row(ts));
    // The client left mid-answer, as the gateway saw it go, and while the provider's call ran.
    ledger.record(
      row(ts, { status: 499, outcome: "client_disconnect", errorClass: "client_disconnect" }),
    );
    ledger.record(
      row(ts, { status: 499, outcome: "error", errorClass: "upstream.cancelled", estimated: true }),
    );
    // A real failure.
    ledger.record(row(ts, { status: 502, outcome: "error", errorClass: "upstream.server" }));
  }
  await ledger.close();
});

describe("openclaw usage and cancelled requests", () => {
  it("counts them in Cancelled, not in Errors, by model, provider, day and client", async () => {
    for (const [by, key] of [
      ["model", "moonshot/kimi-k2.5"],
      ["provider", "moonshot"],
      ["client", "127.0.0.1"],
    ] as const) {
      const table = await runCli(["usage", "--by", by], { env });
      expect(table.code, table.stderr).toBe(0);
      const lines = table.stdout.split("\n");
      expect(lines[0], by).toMatch(/\s+Requests\s+Errors\s+Cancelled\s+Fallbacks\s/);
      // 8 requests: 2 errors, 4 cancelled.
      expect(
        lines.find((line) => line.startsWith(`${key} `)),
        by,
      ).toMatch(/\s8\s+2\s+4\s+0\s/);
      expect(
        lines.find((line) => line.startsWith("total ")),
        by,
      ).toMatch(/^total\s+8\s+2\s+4\s/);
    }
    const byDay = await runCli(["usage", "--by", "day", "--since", "1d", "--json"], { env });
    const report = JSON.parse(byDay.stdout) as {
      groups: Array<{ requests: number; errors: number; cancelled: number }>;
      total: { requests: number; errors: number; cancelled: number };
    };
    expect(report.total).toMatchObject({ requests: 8, errors: 2, cancelled: 4 });
    const days = report.groups.reduce(
      (sum, day) => ({ errors: sum.errors + day.errors, cancelled: sum.cancelled + day.cancelled }),
      { errors: 0, cancelled: 0 },
    );
    expect(days).toEqual({ errors: 2, cancelled: 4 });
  });

  it("--json says cancelled apart from errors for each group and the total", async () => {
    const result = await runCli(["usage", "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      groups: Array<{ key: string; errors: number; cancelled: number }>;
      total: { errors: number; cancelled: number };
    };
    expect(report.groups).toEqual([
      expect.objectContaining({ key: "moonshot/kimi-k2.5", errors: 2, cancelled: 4 }),
    ]);
    expect(report.total).toMatchObject({ errors: 2, cancelled: 4 });
  });

  it("--errors lists the failures, not the cancelled requests", async () => {
    const result = await runCli(["usage", "--errors", "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    const listed = (JSON.parse(result.stdout) as { requests: Array<{ status: number }> }).requests;
    expect(listed.map((request) => request.status)).toEqual([502, 502]);
  });

  it("shows no Cancelled column when no request was cancelled", async () => {
    const quiet = mkdtempSync(join(tmpdir(), "openclaw-usage-not-cancelled-"));
    try {
      const ledger = new UsageLedger({ path: join(quiet, "usage.sqlite") });
      ledger.record(row(Date.now() - 60_000));
      await ledger.close();
      const table = await runCli(["usage"], {
        env: { OPENCLAW_STATE_DIR: quiet, OPENCLAW_HOME: quiet, COLUMNS: "200" },
      });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).not.toContain("Cancelled");
    } finally {
      rmSync(quiet, { recursive: true, force: true });
    }
  });
});
