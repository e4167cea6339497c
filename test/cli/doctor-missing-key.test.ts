/**
 * `openclaw doctor` and `models status` for a provider with no usable key: the hint names the
 * variable its key is read from and the onboard command for its endpoint, not "the provider's
 * key variable".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
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
    // The same command under key is not printed again (--json keeps it on each finding).
    expect(result.stdout).toContain(
      "! key      moonshot: no usable key\n           hint: the same as for model, above\n",
    );
    expect(result.stdout.split(hint)).toHaveLength(2);
    expect(result.stdout).not.toContain("the provider's key variable");
  });

  it("doctor and models status --check name every member of a default chain none of which has a key", async () => {
    const env = state({
      agents: {
        defaults: {
          model: { primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"] },
        },
      },
    });
    const problem =
      "no model of the default chain has a usable key: moonshot/kimi-k2.5 (agents.defaults.model.primary): no usable key for moonshot; kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0]): no usable key for kimi-code";
    const hint =
      "a key for any one of them is enough: for moonshot, run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY); for kimi-code, run: openclaw onboard --auth-choice kimi-code-api-key   (or set $KIMICODE_API_KEY or $KIMI_API_KEY)";

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`✗ model    ${problem}\n           hint: ${hint}\n`);

    const json = await runCli(["doctor", "--json"], { env });
    expect(json.code).toBe(1);
    const findings = (JSON.parse(json.stdout) as Report).findings;
    expect(findings.filter((finding) => finding.check === "model")).toEqual([
      jsonFinding({ check: "model", level: "fail", message: problem, hint }),
    ]);

    const check = await runCli(["models", "status", "--check"], { env });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`error: ${problem}\nhint: ${hint}\n`);
    const status = await runCli(["models", "status", "--json"], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({
      ok: false,
      defaultProblem: problem,
      defaultHint: hint,
    });
  });

  it("doctor and models status --check warn of a keyless primary while a fallback with a key answers, at the primary's file:line", async () => {
    const dir = tempDir();
    const configPath = join(dir, "openclaw.json");
    // One key a line: the primary is on line 5, where a person goes to change it.
    const config = {
      agents: {
        defaults: {
          model: { primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"] },
        },
      },
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const env = {
      OPENCLAW_STATE_DIR: dir,
      KIMI_API_KEY: "sk-kimi-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL",
    };
    const message = `the default chain's moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:5) has no usable key for moonshot: each request falls back past it and kimi-code/kimi-for-coding answers instead`;
    const hint =
      "run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY)";

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain(`! model    ${message}\n           hint: ${hint}\n`);
    expect(doctor.stdout).not.toContain("✗ model");

    const json = await runCli(["doctor", "--json"], { env });
    expect(json.code).toBe(0);
    const findings = (JSON.parse(json.stdout) as Report).findings;
    expect(findings.filter((finding) => finding.check === "model")).toEqual([
      jsonFinding({ check: "model", level: "warn", message, hint }),
    ]);

    const check = await runCli(["models", "status", "--check"], { env });
    expect(check.code).toBe(0);
    // The warning is wrapped to the terminal's width: compare it with its line breaks as spaces.
    expect(check.stdout.replace(/\s+/g, " ")).toContain(
      `warning: ${message}; to use it, ${hint}`.replace(/\s+/g, " "),
    );
    expect(check.stderr).not.toContain("error:");
    const status = await runCli(["models", "status", "--json"], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({
      ok: true,
      keyless: [
        {
          ref: "moonshot/kimi-k2.5",
          path: "agents.defaults.model.primary",
          origin: `${configPath}:5`,
          provider: "moonshot",
          answeredBy: "kimi-code/kimi-for-coding",
          hint,
          message,
        },
      ],
    });
    expect(JSON.parse(status.stdout).defaultProblem).toBeNull();
  });

  it("a keyless fallback behind a primary with a key is no warning", async () => {
    const env = {
      ...state({
        agents: {
          defaults: {
            model: { primary: "kimi-code/kimi-for-coding", fallbacks: ["moonshot/kimi-k2.5"] },
          },
        },
      }),
      KIMI_API_KEY: "sk-kimi-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL",
    };
    const status = await runCli(["models", "status", "--json", "--check"], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, keyless: [] });
  });

  it("doctor --json and models status name the variable a ${VAR} apiKey reads", async () => {
    const env = state({
      agents: { defaults: { model: "lab/m1" } },
      models: {
        providers: {
          lab: customProvider([{ id: "m1", name: "M1" }], { apiKey: "${LAB_KEY}" }),
        },
      },
    });
    const doctor = await runCli(["doctor", "--json"], { env });
    expect(doctor.code).toBe(1);
    const findings = (JSON.parse(doctor.stdout) as Report).findings;
    expect(findings.filter((finding) => finding.check === "key")).toEqual([
      jsonFinding({
        check: "key",
        level: "warn",
        message: "lab: no usable key",
        hint: "run: openclaw onboard   (or set $LAB_KEY)",
      }),
    ]);
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain(
      "missing: no usable key — run: openclaw onboard   (or set $LAB_KEY)",
    );
  });
});
