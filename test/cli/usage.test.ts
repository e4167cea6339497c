/** `openclaw usage` as a user runs it, on a ledger the gateway wrote. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type LedgerRow, UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function row(fields: Partial<LedgerRow>): LedgerRow {
  return ledgerRow({
    modelRequested: "moonshot/kimi-k2.5",
    modelUsed: "moonshot/kimi-k2.5",
    promptTokens: 10,
    completionTokens: 5,
    latencyMs: 4,
    ...fields,
  });
}

describe("openclaw usage", () => {
  it("shows a model name a client sent with escapes, never as terminal control", async () => {
    const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
    ledger.record(row({}));
    // An unknown model is recorded as asked: whatever bytes the client put in `model`.
    ledger.record(
      row({
        modelRequested: "evil\u001b[31mRED\nforged line",
        modelUsed: undefined,
        status: 404,
        outcome: "error",
        errorClass: "not_found",
      }),
    );
    await ledger.close();
    const result = await runCli(["usage", "--by", "model"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("moonshot/kimi-k2.5");
    expect(result.stdout).toContain("evil\\u001b[31mRED\\nforged line");
    expect(result.stdout).not.toContain("\u001b");
    // One line per group plus header, rule, total and the footer: no forged extra line.
    expect(result.stdout.split("\n").filter((line) => line.startsWith("forged"))).toEqual([]);

    const byClient = await runCli(["usage", "--by", "client"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
    });
    expect(byClient.code).toBe(0);
    expect(byClient.stdout).toMatch(/^Client\s+Requests/);
    expect(byClient.stdout).toMatch(/\n127\.0\.0\.1\s+2\s+1\s/);
  });

  it("writes --json that a parser reads back exactly, with C1 controls escaped as well", async () => {
    const jsonDir = mkdtempSync(join(tmpdir(), "openclaw-usage-json-"));
    try {
      const ledger = new UsageLedger({ path: join(jsonDir, "usage.sqlite") });
      const sent = "csi\u009b2Jgone\u007f";
      ledger.record(row({ modelRequested: sent, modelUsed: undefined, status: 404 }));
      await ledger.close();
      const result = await runCli(["usage", "--last", "1", "--json"], {
        env: { OPENCLAW_STATE_DIR: jsonDir, OPENCLAW_HOME: jsonDir },
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("csi\\u009b2Jgone\\u007f");
      expect(result.stdout).not.toMatch(/[\u007f-\u009f]/);
      const parsed = JSON.parse(result.stdout) as { requests: { modelRequested: string }[] };
      expect(parsed.requests.map((request) => request.modelRequested)).toEqual([sent]);
    } finally {
      rmSync(jsonDir, { recursive: true, force: true });
    }
  });
});

describe("openclaw usage --last and --errors", () => {
  const listDir = mkdtempSync(join(tmpdir(), "openclaw-usage-list-"));
  afterAll(() => rmSync(listDir, { recursive: true, force: true }));
  const env = { OPENCLAW_STATE_DIR: listDir, OPENCLAW_HOME: listDir };
  const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);

  it("lists the latest requests one by one, oldest first, with the provider's trace id", async () => {
    const ledger = new UsageLedger({ path: join(listDir, "usage.sqlite") });
    ledger.record(row({ ts: t0, requestId: "chatcmpl-first", traceId: "trace-a" }));
    ledger.record(
      row({
        ts: t0 + 1000,
        requestId: "chatcmpl-failed",
        modelRequested: "openclaw",
        modelUsed: "kimi-code/kimi-for-coding",
        fallbackFrom: "moonshot/kimi-k2.5",
        status: 502,
        outcome: "error",
        errorClass: "upstream.rate_limit",
        traceId: "trace-b",
        promptTokens: 0,
        completionTokens: 0,
      }),
    );
    ledger.record(row({ ts: t0 + 2000, requestId: "chatcmpl-last", stream: true, ttftMs: 120 }));
    await ledger.close();

    const last2 = await runCli(["usage", "--last", "2", "--since", "2026-11-01"], { env });
    expect(last2.code).toBe(0);
    const lines = last2.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      "2026-11-29 10:00:01  502  openclaw → kimi-code/kimi-for-coding (fallback)",
    );
    expect(lines[0]).toContain("trace trace-b");
    expect(lines[0]).toContain("upstream.rate_limit");
    expect(lines[1]).toContain("chatcmpl-last");
    expect(lines[1]).toContain("(first token 120 ms)");

    const failed = await runCli(["usage", "--errors", "--since", "2026-11-01"], { env });
    expect(failed.stdout.trim().split("\n")).toEqual([expect.stringContaining("chatcmpl-failed")]);

    const json = await runCli(["usage", "--last", "5", "--since", "2026-11-01", "--json"], {
      env,
    });
    const report = JSON.parse(json.stdout) as { requests: Array<Record<string, unknown>> };
    expect(report.requests.map((request) => request.requestId)).toEqual([
      "chatcmpl-first",
      "chatcmpl-failed",
      "chatcmpl-last",
    ]);
    expect(report.requests[1]).toMatchObject({ status: 502, fallbackFrom: "moonshot/kimi-k2.5" });
    expect(report.requests[2]).toMatchObject({ stream: true, ttftMs: 120 });
  });

  it("refuses a --last that is not a count, as a usage error", async () => {
    const result = await runCli(["usage", "--last", "many"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--last must be a whole number from 1 to 10000 (got "many")');
  });
});
