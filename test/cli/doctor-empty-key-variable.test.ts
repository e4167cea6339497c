/**
 * `openclaw doctor` for a provider whose key variable is set but empty (`export
 * MOONSHOT_API_KEY=`, an `.env` line with no value): the key line says so and to fill it, where
 * it said "no usable key" with "(or set $MOONSHOT_API_KEY)", as if it were not set, which `env`
 * shows it is. `models status` says "set but empty" too, where it said "not set".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { tempDir } from "../helpers/tmp.js";

interface Report {
  findings: { check: string; level: string; message: string; hint?: string }[];
}

const CONFIG = { agents: { defaults: { model: "moonshot/kimi-k2.5" } } };

function state(withReferringProfile: boolean): Record<string, string> {
  const dir = tempDir();
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(CONFIG));
  if (withReferringProfile) {
    // What `onboard --secret-input-mode ref` writes: the variable's name, not the key.
    const agentDir = join(dir, "agents", "main", "agent");
    mkdirSync(agentDir, { recursive: true });
    writeFileSync(
      join(agentDir, "auth-profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: {
          "moonshot:default": {
            type: "api_key",
            provider: "moonshot",
            keyRef: { source: "env", id: "MOONSHOT_API_KEY" },
          },
        },
      }),
      { mode: 0o600 },
    );
  }
  return { OPENCLAW_STATE_DIR: dir, MOONSHOT_API_KEY: "" };
}

describe("doctor with MOONSHOT_API_KEY set but empty", () => {
  it("says the variable is empty and to put the key in it", async () => {
    const result = await runCli(["doctor"], { env: state(false) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "! key      moonshot: no usable key: env MOONSHOT_API_KEY is set but empty\n           hint: put your key in it: export MOONSHOT_API_KEY=<your key>; or run: openclaw onboard --auth-choice moonshot-api-key\n",
    );
    expect(result.stderr).not.toContain("    at ");
  });

  it("names the stored profile that refers to it, in text and --json", async () => {
    const env = state(true);
    const json = await runCli(["doctor", "--json"], { env });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.findings.find((finding) => finding.check === "key")).toEqual(
      jsonFinding({
        check: "key",
        level: "warn",
        message:
          "moonshot: no usable key: profile moonshot:default refers to MOONSHOT_API_KEY, which is set but empty",
        hint: "put your key in it: export MOONSHOT_API_KEY=<your key>; or run: openclaw onboard --auth-choice moonshot-api-key",
      }),
    );
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain(
      "profile moonshot:default: refers to MOONSHOT_API_KEY, which is set but empty",
    );
    expect(status.stdout).toContain("env MOONSHOT_API_KEY: set but empty");
  });

  it("says to put the key in the empty variable, not to set it, in models status and doctor's model line", async () => {
    const env = state(true);
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain(
      "missing: no usable key — run: openclaw onboard --auth-choice moonshot-api-key   (or put your key in $MOONSHOT_API_KEY, which is set but empty)",
    );
    expect(status.stdout).not.toContain("(or set $MOONSHOT_API_KEY)");
    const doctor = await runCli(["doctor", "--json"], { env });
    const report = JSON.parse(doctor.stdout) as Report;
    expect(report.findings.find((finding) => finding.check === "model")?.hint).toBe(
      "run: openclaw onboard --auth-choice moonshot-api-key   (or put your key in $MOONSHOT_API_KEY, which is set but empty)",
    );
  });
});
