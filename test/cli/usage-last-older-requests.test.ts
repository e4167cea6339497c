/**
 * `openclaw usage --last 10` lists the requests since `--since` (7 days unless given). With fewer
 * than 10 there and older ones in the ledger, it listed what it had and said nothing, so the list
 * read as every request the gateway served. It now says how many older ones there are, from
 * which day, and the command that lists them; `--errors` likewise for failed ones. A full list,
 * and `--json` (whose `since` says where it starts), are unchanged. The built CLI on a ledger the
 * gateway's own writer filled.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const DAY = 24 * 3600_000;
let env: Record<string, string>;
/** The UTC day of the oldest request, ten days back: what the note names and its command gives. */
let oldestDay: string;

// One state directory for the whole file (tempDir's would go after the first test).
const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-older-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  writeFileSync(join(dir, "openclaw.json"), "{}\n", { mode: 0o600 });
  const now = Date.now();
  const oldest = now - 10 * DAY;
  oldestDay = new Date(oldest).toISOString().slice(0, 10);
  const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
  const row = (ts: number, failed = false) =>
    ledgerRow({
      ts,
      modelRequested: "moonshot/kimi-k2.5",
      modelUsed: "moonshot/kimi-k2.5",
      promptTokens: 10,
      completionTokens: 5,
      ...(failed ? { status: 502, outcome: "error", errorClass: "upstream" } : {}),
    });
  // Three requests ten and nine days back (one failed), two in the last hour (one failed).
  ledger.record(row(oldest, true));
  ledger.record(row(oldest + 3600_000));
  ledger.record(row(now - 9 * DAY));
  ledger.record(row(now - 3600_000, true));
  ledger.record(row(now - 1800_000));
  await ledger.close();
  env = { OPENCLAW_STATE_DIR: dir, HOME: dir, TZ: "UTC" };
});

/** The request lines of a piped list (one per request, each starting with its date). */
const requestLines = (stdout: string) => stdout.split("\n").filter((line) => /^\d{4}-/.test(line));

describe("usage --last and --errors, when --since leaves older requests out", () => {
  it("says how many older requests the ledger has, and the command that lists them", async () => {
    const result = await runCli(["usage", "--last", "10"], { env });
    expect(result.code).toBe(0);
    expect(requestLines(result.stdout)).toHaveLength(2);
    const command = `openclaw usage --last 10 --since ${oldestDay}`;
    expect(result.stdout).toMatch(
      new RegExp(
        `^note: only requests since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d are listed \\(--since 7d\\); 3 older requests are in the ledger, from ${oldestDay} on: ${command}$`,
        "m",
      ),
    );
    // The command it gives lists them all, with nothing more to say.
    const further = await runCli(command.split(" ").slice(1), { env });
    expect(further.code).toBe(0);
    expect(requestLines(further.stdout)).toHaveLength(5);
    expect(further.stdout).not.toContain("note:");
  });

  it("--errors counts the older failed requests only", async () => {
    const result = await runCli(["usage", "--errors"], { env });
    expect(result.code).toBe(0);
    expect(requestLines(result.stdout)).toHaveLength(1);
    expect(result.stdout).toContain(
      `1 older failed request is in the ledger, from ${oldestDay} on: openclaw usage --errors --since ${oldestDay}\n`,
    );
  });

  it("says nothing when the list is full, or with --json", async () => {
    const full = await runCli(["usage", "--last", "2"], { env });
    expect(requestLines(full.stdout)).toHaveLength(2);
    expect(full.stdout).not.toContain("note:");
    const json = await runCli(["usage", "--last", "10", "--json"], { env });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { requests: unknown[] }).requests).toHaveLength(2);
    expect(json.stderr).toBe("");
  });
});
