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
  });
});
