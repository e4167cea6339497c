/**
 * A regular file where the usage ledger needs a directory (`gateway.ledger.path` set to
 * `<file>/usage.sqlite`): the gateway, doctor and `openclaw usage` name that file and say to move
 * it or point the ledger elsewhere. A state dir that is a file is said before any command runs
 * (state-dir-is-a-file.test.ts). They once said a file was in
 * the way but sent people to "check the directory and its permissions" (the gateway), to "fix the
 * permissions, move it away" (doctor, where "it" is the ledger that is not there) or to "check the
 * file's permissions" with no reason at all (usage): no permission fixes a file in the way.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A state dir whose config puts the ledger under `ledgers`, a regular file. */
function stateWithFileInTheWay(): { state: string; blocking: string; ledger: string } {
  const state = tempDir("openclaw-ledger-in-the-way-");
  const blocking = join(state, "ledgers");
  writeFileSync(blocking, "a file, not a directory\n");
  const ledger = join(blocking, "usage.sqlite");
  writeFileSync(
    join(state, "openclaw.json"),
    JSON.stringify({ gateway: { auth: { mode: "none" }, ledger: { path: ledger } } }),
    { mode: 0o600 },
  );
  return { state, blocking, ledger };
}

function envFor(state: string): Record<string, string> {
  return { OPENCLAW_STATE_DIR: state, HOME: tempDir("openclaw-ledger-in-the-way-home-") };
}

const MOVE_IT = (file: string) =>
  `move or remove the file ${file} (the ledger needs a directory there), or set gateway.ledger.path to a file elsewhere, or gateway.ledger.enabled: false`;

describe("a file where the usage ledger's directory should be", () => {
  it("gateway: refuses to start, naming the file and saying to move it or set gateway.ledger.path", async () => {
    const { state, blocking, ledger } = stateWithFileInTheWay();

    const result = await runCli(["gateway", "--port", "0"], {
      env: envFor(state),
      timeoutMs: 30_000,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: cannot open the usage ledger ${ledger}: ${blocking} is a file, not a directory`,
    );
    expect(result.stderr).toContain(`hint: ${MOVE_IT(blocking)}`);
    expect(result.stderr).not.toContain("permissions");
    expect(result.stderr).not.toContain("EEXIST");
  });

  it("doctor: the same words as the gateway, the problem at gateway.ledger.path", async () => {
    const { state, blocking, ledger } = stateWithFileInTheWay();

    const result = await runCli(["doctor", "--json"], { env: envFor(state), timeoutMs: 30_000 });

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      findings: { check: string; level: string; message: string; where?: string; hint?: string }[];
    };
    const found = report.findings.find((item) => item.check === "ledger");
    expect(found).toMatchObject({
      level: "fail",
      message: `cannot open the usage ledger ${ledger}: ${blocking} is a file, not a directory (openclaw gateway would not start)`,
      where: "gateway.ledger.path",
      hint: MOVE_IT(blocking),
    });
  });

  it("doctor: a state dir that is a file is said before any check, the file left alone", async () => {
    const parent = tempDir("openclaw-ledger-in-the-way-parent-");
    const state = join(parent, "state");
    writeFileSync(state, "a file, not a directory\n");

    const result = await runCli(["doctor", "--json"], { env: envFor(state), timeoutMs: 30_000 });

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { error: { code: string; hint: string } };
    expect(report.error).toMatchObject({
      code: "config.state_dir_not_directory",
      hint: expect.stringContaining("point OPENCLAW_STATE_DIR at a directory"),
    });
    expect(report.error.hint).not.toContain("move or remove");
  });

  it("usage: names the file and says no gateway can have written a ledger there", async () => {
    const { state, blocking, ledger } = stateWithFileInTheWay();

    const result = await runCli(["usage"], { env: envFor(state), timeoutMs: 30_000 });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: cannot open the usage ledger ${ledger}: ${blocking} is a file, not a directory`,
    );
    expect(result.stderr).toContain(
      `hint: no gateway can have written a ledger there: set gateway.ledger.path to the ledger the gateway writes, or move or remove the file ${blocking}`,
    );
    expect(result.stderr).not.toContain("permissions");
  });
});
