/**
 * `openclaw doctor` in an install whose better-sqlite3 was never built: the gateway would exit 1
 * on its ledger, so doctor reports it as a problem with the gateway's hint, unless the config
 * runs the gateway without the ledger.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { installWithoutSqliteBuild, runInstalled } from "../helpers/unbuilt-sqlite-install.js";

describe("doctor with a better-sqlite3 that was never built", () => {
  it("reports the ledger as a problem with the gateway's hint (exit 1), and says nothing of it when the ledger is disabled", () => {
    const app = installWithoutSqliteBuild();
    const state = tempDir();
    const ledger = join(state, "usage.sqlite");
    // Before: 'no problems, 2 warnings', exit 0, while `openclaw gateway` exited 1.
    const run = runInstalled(app, ["doctor"], state);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `✗ ledger   cannot open the usage ledger ${ledger}: the SQLite module it needs`,
    );
    const text = run.stdout.replace(/\s+/g, " ");
    expect(text).toContain(`(better-sqlite3) is not built for this Node (${process.version})`);
    expect(text).toContain("(openclaw gateway would not start)");
    expect(text).toContain("hint: build it: npm rebuild better-sqlite3");
    expect(text).toContain("openclaw config set gateway.ledger.enabled false");
    expect(run.stdout).toContain("1 problem");
    expect(run.stderr).not.toContain("Could not locate the bindings file");

    const json = runInstalled(app, ["doctor", "--json"], state);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      findings: { check: string; level: string; message: string; hint?: string }[];
    };
    expect(report.ok).toBe(false);
    const found = report.findings.find((item) => item.check === "ledger");
    expect(found?.level).toBe("fail");
    expect(found?.hint).toContain("npm rebuild better-sqlite3");

    // The gateway runs without the ledger then: nothing to report.
    writeFileSync(
      join(state, "openclaw.json"),
      JSON.stringify({ gateway: { ledger: { enabled: false } } }),
    );
    const disabled = runInstalled(app, ["doctor"], state);
    expect(disabled.stdout).not.toContain("better-sqlite3");
    expect(disabled.stdout).not.toContain("ledger");
    expect(disabled.status).toBe(0);
  }, 60_000);
});
