/**
 * `models status --plain` with no default model: its records were all a person saw (`default`
 * with an empty field), where the text status ends with a warning and the command to run, and
 * `--json` has `defaultProblem` and `defaultHint`. The records stay as they are for scripts (an
 * empty field is none, as for `fallbacks`); the warning and its hint go to stderr, exit 0 as
 * without `--plain`. `--check` still fails (exit 1) with the error alone, not also the warning.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function state(config?: string): Record<string, string> {
  const dir = tempDir();
  if (config !== undefined) writeFileSync(path.join(dir, "openclaw.json"), config);
  return { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
}

const NO_DEFAULT = "no default model is set (agents.defaults.model.primary)";
const ONBOARD = "run: openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key)";

describe("models status --plain without a default model", () => {
  it("keeps its records on stdout and says the warning and what to run on stderr", async () => {
    const env = state();
    const plain = await runCli(["models", "status", "--plain"], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe("default\t\nfallbacks\t\nchain\t\n");
    // Before: nothing on stderr, so a person saw only an empty `default` field.
    expect(plain.stderr).toBe(`warning: ${NO_DEFAULT}\n  hint: ${ONBOARD}\n`);

    const check = await runCli(["models", "status", "--plain", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe("default\t\nfallbacks\t\nchain\t\n");
    expect(check.stderr).toBe(`error: ${NO_DEFAULT}\nhint: ${ONBOARD}\n`);
  });

  it("says nothing on stderr when there is nothing to warn of", async () => {
    const env = state(
      '{ env: { MOONSHOT_API_KEY: "sk-fake-abc-01" }, agents: { defaults: { model: "moonshot/kimi-k2.5" } } }',
    );
    const plain = await runCli(["models", "status", "--plain"], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("default\tmoonshot/kimi-k2.5\n");
    expect(plain.stderr).toBe("");
  });
});
