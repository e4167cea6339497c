/**
 * `doctor` on a fresh state dir: the config line (no file yet) and the model line (no default
 * model) are both fixed by the same onboard command. Each is still reported, but the command is
 * printed once: the second hint points back to the first. `--json` keeps the hint on each
 * finding, for a script reading one of them. The built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const ONBOARD = "run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)";

function freshEnv() {
  const dir = tempDir();
  return { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
}

describe("doctor on a fresh state dir", () => {
  it("prints the onboard command once, under config, and points the model line back to it", async () => {
    const result = await runCli(["doctor"], { env: freshEnv() });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(result.stdout.split(ONBOARD)).toHaveLength(2);
    const config = lines.findIndex((line) => /^! config +no config file yet/.test(line));
    const model = lines.findIndex((line) => /^! model +no default model is set/.test(line));
    expect(lines[config + 1]?.trim()).toBe(`hint: ${ONBOARD}`);
    expect(lines[model + 1]?.trim()).toBe("hint: the same as for config, above");
  });

  it("--json keeps the hint on each finding", async () => {
    const result = await runCli(["doctor", "--json"], { env: freshEnv() });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      findings: { check: string; level: string; hint?: string }[];
    };
    // Not the gateway's port check: another program may hold 18789 on this machine.
    const warned = report.findings.filter((finding) => ["config", "model"].includes(finding.check));
    expect(warned.map((finding) => [finding.check, finding.level, finding.hint])).toEqual([
      ["config", "warn", ONBOARD],
      ["model", "warn", ONBOARD],
    ]);
  });
});
