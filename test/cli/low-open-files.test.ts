/**
 * Every command under a low open-files limit (`ulimit -n`), built CLI against the simulator:
 * Node's loader reads a module graph's files concurrently, and agent, chat, usage and doctor
 * failed with EMFILE naming a random module file under 64 (usage and doctor under 80 too)
 * until bin/openclaw.js had every command's modules read one file at a time.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI, type CliResult } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** `openclaw <args>` with its open-files limit (soft and hard) lowered to `openFiles`. */
function runUnderLimit(
  openFiles: number,
  args: string[],
  env: Record<string, string>,
  input = "",
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "/bin/sh",
      ["-c", `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, CLI, ...args],
      { env: { PATH: process.env.PATH ?? "", HOME: env.OPENCLAW_STATE_DIR ?? "/tmp", ...env } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    // A safety net against a hang, not a measure.
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe.runIf(process.platform === "linux")("commands under a low open-files limit", () => {
  it("agent answers under ulimit -n 64", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { text: "Loaded one file at a time." } } }]);
    const run = await runUnderLimit(64, ["agent", "-m", "hi"], cliEnv);
    expect(run.stderr).not.toContain("EMFILE");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Loaded one file at a time.\n");
  });

  it("chat answers a piped line under ulimit -n 64", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { text: "Still here." } } }]);
    const run = await runUnderLimit(64, ["chat"], cliEnv, "are you there?\n");
    expect(run.stderr).not.toContain("EMFILE");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Still here.");
  });

  it.each([64, 80])("usage reports under ulimit -n %i", async (openFiles) => {
    const { stateDir, cliEnv } = await setup();
    const run = await runUnderLimit(openFiles, ["usage"], cliEnv);
    expect(run.stderr).not.toContain("EMFILE");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`no ledger yet (openclaw gateway creates it when it starts`);
    expect(run.stdout).toContain(`${stateDir}/usage.sqlite`);
  });

  it.each([64, 80])("doctor checks the setup under ulimit -n %i", async (openFiles) => {
    const { cliEnv } = await setup();
    const run = await runUnderLimit(openFiles, ["doctor"], cliEnv);
    expect(run.stderr).not.toContain("EMFILE");
    // Under 64 the better-sqlite3 import failed as 'Cannot find package', called a bug.
    expect(run.stderr).not.toContain("bug in openclaw");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ config");
    // The limit is a finding of its own: the gateway would serve fewer streams under it.
    expect(run.stdout).toContain(`the open-files limit here is ${openFiles}`);
  });
});
