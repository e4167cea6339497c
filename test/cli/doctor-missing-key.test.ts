/**
 * `openclaw doctor` and `models status` for a provider with no usable key: the hint names the
 * variable its key is read from and the onboard command for its endpoint, not "the provider's
 * key variable".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

interface Report {
  findings: { check: string; level: string; message: string; hint?: string }[];
}

function state(config: unknown): Record<string, string> {
  const dir = tempDir();
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  return { OPENCLAW_STATE_DIR: dir };
}

describe("a provider without a usable key", () => {
  it("doctor names $MOONSHOT_API_KEY and the onboard command for Moonshot", async () => {
    const env = state({ agents: { defaults: { model: "moonshot/kimi-k2.5" } } });
    const result = await runCli(["doctor"], { env });
    expect(result.code).toBe(1);
    const hint =
      "hint: run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY)";
    expect(result.stdout).toContain(
      `✗ model    no usable key for moonshot (the default model's provider)\n           ${hint}\n`,
    );
    expect(result.stdout).toContain(`! key      moonshot: no usable key\n           ${hint}\n`);
    expect(result.stdout).not.toContain("the provider's key variable");
  });

  it("doctor --json and models status name the variable a ${VAR} apiKey reads", async () => {
    const env = state({
      agents: { defaults: { model: "lab/m1" } },
      models: {
        providers: {
          lab: {
            baseUrl: "http://127.0.0.1:9/v1",
            apiKey: "${LAB_KEY}",
            api: "openai-completions",
            models: [{ id: "m1", name: "M1" }],
          },
        },
      },
    });
    const doctor = await runCli(["doctor", "--json"], { env });
    expect(doctor.code).toBe(1);
    const findings = (JSON.parse(doctor.stdout) as Report).findings;
    expect(findings.filter((finding) => finding.check === "key")).toEqual([
      {
        check: "key",
        level: "warn",
        message: "lab: no usable key",
        hint: "run: openclaw onboard   (or set $LAB_KEY)",
      },
    ]);
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain(
      "missing: no usable key — run: openclaw onboard   (or set $LAB_KEY)",
    );
  });
});
