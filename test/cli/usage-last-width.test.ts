/**
 * `openclaw usage --last` on an 80-column terminal: a request answered by a fallback through an
 * alias (`openclaw → moonshot/kimi-k2.5 (fallback)`) beside a failure reads as a table whose
 * route is on one line, the error class beside its status; a wide terminal has each request on a
 * line; --json keeps every field.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-last-width-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const ROUTE = "openclaw → moonshot/kimi-k2.5";

beforeAll(async () => {
  const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
  ledger.record(
    ledgerRow({
      ts: t0,
      requestId: "chatcmpl-7f3a9c2e1b0d",
      traceId: "3f9a1c7e5b2d4a60b8e1f0c9d7a6b5e4",
      modelRequested: "openclaw",
      modelUsed: "moonshot/kimi-k2.5",
      fallbackFrom: "moonshot-cn/kimi-k2.5",
      stream: true,
      promptTokens: 1204,
      completionTokens: 312,
      costUsd: 0.0021,
      latencyMs: 2345,
      ttftMs: 456,
    }),
  );
  ledger.record(
    ledgerRow({
      ts: t0 + 1000,
      requestId: "chatcmpl-7f3a9c2e1b0e",
      traceId: "8c2e4f6a0b1d3e5f7a9c0b2d4e6f8a1c",
      modelRequested: "openclaw",
      modelUsed: "moonshot/kimi-k2.5",
      status: 502,
      outcome: "error",
      errorClass: "wrong_region",
      latencyMs: 120,
    }),
  );
  ledger.record(
    ledgerRow({
      ts: t0 + 2000,
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: "moonshot/kimi-k2.5",
      promptTokens: 10,
      completionTokens: 5,
      latencyMs: 800,
    }),
  );
  await ledger.close();
});

function usage(args: string[], columns: number) {
  return runCli(["usage", ...args, "--since", "2026-11-01"], {
    env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC", COLUMNS: String(columns) },
  });
}

/** The lines of the table's rows, grouped by request: a row starts with its time. */
function requestsOf(stdout: string): string[][] {
  const lines = stdout.trimEnd().split("\n");
  const rows: string[][] = [];
  for (const line of lines.slice(1)) {
    if (/^\d\d:\d\d:\d\d /.test(line)) rows.push([line]);
    else if (line.startsWith(" ")) rows.at(-1)?.push(line);
  }
  return rows;
}

describe("openclaw usage --last at 80 columns and wide", () => {
  it("keeps the route on one line and the error class beside its status at 80 columns", async () => {
    const result = await usage(["--last", "5"], 80);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(lines[0]).toMatch(/^Time\s+Status\s+Model\s+Tokens\s+Cost$/);
    const [fallback, failed, plain] = requestsOf(result.stdout);
    // The route whole on the request's first line, the fallback mark under it: two lines, not
    // three (`openclaw →`, `moonshot/kimi-k2.5`, `(fallback)`).
    expect(fallback).toEqual([
      expect.stringMatching(
        /^10:00:00\s+200\s+openclaw → moonshot\/kimi-k2\.5\s+1,204 \+ 312\s+\$0\.0021$/,
      ),
      expect.stringMatching(/^\s+\(fallback\)$/),
    ]);
    expect(failed).toEqual([
      expect.stringMatching(/^10:00:01\s+502 wrong_region\s+openclaw → moonshot\/kimi-k2\.5$/),
    ]);
    expect(plain).toEqual([
      expect.stringMatching(/^10:00:02\s+200\s+moonshot\/kimi-k2\.5\s+10 \+ 5$/),
    ]);
    expect(result.stdout).toContain("--json has them");
  });

  it("lists failures at 80 columns with the full model ref and the error class whole", async () => {
    const result = await usage(["--errors"], 80);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    const [failed] = requestsOf(result.stdout);
    expect(failed?.[0]).toMatch(/^10:00:01\s+502 wrong_region\s/);
    expect(failed?.join("\n")).toMatch(/(^|\s)moonshot\/kimi-k2\.5(\s|$)/m);
  });

  it("gives each failure's trace id whole under its row at 80 columns", async () => {
    const result = await usage(["--errors"], 80);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    const [failed] = requestsOf(result.stdout);
    expect(failed?.at(-1)).toMatch(/^\s+trace 8c2e4f6a0b1d3e5f7a9c0b2d4e6f8a1c$/);
    // Said under the row, it is not among the columns the note says are left out.
    expect(result.stdout).not.toMatch(/not shown at 80 columns:[^)]*Trace/);
  });

  it("puts each request on one line on a wide terminal", async () => {
    const result = await usage(["--last", "5"], 240);
    const rows = requestsOf(result.stdout);
    expect(rows.map((row) => row.length)).toEqual([1, 1, 1]);
    expect(rows[0]?.[0]).toContain(`${ROUTE} (fallback)`);
    expect(rows[0]?.[0]).toContain("3f9a1c7e5b2d4a60b8e1f0c9d7a6b5e4");
    expect(rows[1]?.[0]).toMatch(
      /^10:00:01\s+502 wrong_region\s+openclaw → moonshot\/kimi-k2\.5\s/,
    );
    expect(result.stdout.split("\n")[0]).not.toMatch(/\bError\b/);
  });

  it("keeps every field in --json", async () => {
    const result = await usage(["--last", "5", "--json"], 80);
    const report = JSON.parse(result.stdout) as { requests: Array<Record<string, unknown>> };
    expect(report.requests[0]).toMatchObject({
      status: 200,
      modelRequested: "openclaw",
      modelUsed: "moonshot/kimi-k2.5",
      fallbackFrom: "moonshot-cn/kimi-k2.5",
      errorClass: null,
    });
    expect(report.requests[1]).toMatchObject({
      status: 502,
      errorClass: "wrong_region",
      traceId: "8c2e4f6a0b1d3e5f7a9c0b2d4e6f8a1c",
      requestId: "chatcmpl-7f3a9c2e1b0e",
    });
  });
});
