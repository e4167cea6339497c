/**
 * `openclaw usage --last` on a wide terminal where one request's client (the `user` an app sends)
 * is too long for the room: only that column is left out. Before, leaving it out also kept out
 * the API and First token columns left out before it, though they fit: a 200-column terminal
 * showed a table half its width and said "(not shown at 200 columns: API, First token, Client)".
 * The built CLI (`npm run build` first) on a ledger written as the gateway writes it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-columns-fit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);
const LONG_CLIENT = `nightly-evaluation-runner-${"x".repeat(120)}`;

beforeAll(async () => {
  const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
  for (const [index, client] of ["alice", LONG_CLIENT].entries())
    ledger.record(
      ledgerRow({
        ts: t0 + index * 1000,
        requestId: `chatcmpl-7f3a9c2e1b0${index}`,
        traceId: `trace-${index}`,
        client,
        modelRequested: "moonshot/kimi-k2.5",
        modelUsed: "moonshot/kimi-k2.5",
        promptTokens: 20,
        completionTokens: 7,
        ttftMs: 456,
      }),
    );
  await ledger.close();
});

describe("openclaw usage --last on a wide terminal with a client too long for it", () => {
  it("leaves out the client only, showing the API and First token columns that fit", async () => {
    const result = await runCli(["usage", "--last", "5", "--since", "2026-11-01"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC", COLUMNS: "200" },
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 200)).toEqual([]);
    expect(lines[0]).toMatch(/\bAPI\b/);
    expect(lines[0]).toMatch(/\bFirst token\b/);
    expect(lines[0]).not.toMatch(/\bClient\b/);
    expect(lines[1]).toMatch(/^10:00:00\s+200\s+moonshot\/kimi-k2\.5\s.*\bchat_completions\b/);
    expect(lines[1]).toContain("456 ms");
    expect(result.stdout).toContain("(not shown at 200 columns: Client; --json has them)");
  });
});
