/**
 * A ledger the gateway cannot open for a reason it has no special words for (here a symlink that
 * names itself, ELOOP) is refused with a hint naming the directory to look at. (A file where the
 * ledger's directory should be has words of its own: ledger-file-in-the-way.test.ts.) It once said "check the state dir's permissions" wherever the
 * ledger was: for a ledger set outside the state dir, a directory that had nothing to do with it.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A ledger path in `directory` that SQLite cannot open: a symlink naming itself. */
function loopingLedger(directory: string): string {
  mkdirSync(directory, { recursive: true });
  const ledger = join(directory, "usage.sqlite");
  symlinkSync(ledger, ledger);
  return ledger;
}

/** The gateway started on a state dir whose config sets `gateway.ledger.path` to `ledgerPath`. */
async function startRefused(state: string, ledgerPath: string) {
  writeFileSync(
    join(state, "openclaw.json"),
    JSON.stringify({ gateway: { auth: { mode: "none" }, ledger: { path: ledgerPath } } }),
    { mode: 0o600 },
  );
  return runCli(["gateway", "--port", "0"], {
    env: { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: tempDir("openclaw-ledger-hint-home-") },
    timeoutMs: 30_000,
  });
}

describe("gateway: a ledger it cannot open", () => {
  it("outside the state dir: the hint names the ledger's directory, not the state dir", async () => {
    const state = tempDir("openclaw-ledger-hint-state-");
    const elsewhere = tempDir("openclaw-ledger-hint-elsewhere-");
    const ledger = loopingLedger(join(elsewhere, "ledgers", "gateway"));

    const result = await startRefused(state, ledger);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`cannot open the usage ledger ${ledger}: `);
    expect(result.stderr).toContain(
      `hint: check the ledger's directory ${join(elsewhere, "ledgers", "gateway")} and its permissions`,
    );
    expect(result.stderr).not.toContain("state dir");
  });

  it("in a directory of the state dir whose name starts with '..': still in the state dir", async () => {
    const state = tempDir("openclaw-ledger-hint-state-");
    const ledger = loopingLedger(join(state, "..ledgers"));

    const result = await startRefused(state, ledger);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `hint: check the ledger's directory ${join(state, "..ledgers")} in the state dir ${state} and its permissions`,
    );
  });

  it("inside the state dir: the hint names both", async () => {
    const state = tempDir("openclaw-ledger-hint-state-");
    const ledger = loopingLedger(join(state, "ledgers"));

    const result = await startRefused(state, ledger);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `hint: check the ledger's directory ${join(state, "ledgers")} in the state dir ${state} and its permissions`,
    );
  });
});
