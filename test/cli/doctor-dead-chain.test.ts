/**
 * `openclaw doctor` when no member of the default chain can be used (the primary's and the
 * fallback's providers both disabled by a bad value): each place on a line says what it is the
 * place of, and each provider's problem is said once among the config findings. Real CLI, no network (nothing is tried).
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** Moonshot's bad baseUrl on line 4, kimi-code's on line 5, the chain on line 2. */
const CONFIG = [
  "{",
  '  "agents": { "defaults": { "model": { "primary": "moonshot/kimi-k2.5", "fallbacks": ["kimi-code/kimi-for-coding"] } } },',
  '  "models": { "providers": {',
  '    "moonshot": { "baseUrl": 42 },',
  '    "kimi-code": { "baseUrl": "not a url" }',
  "  } }",
  "}",
  "",
].join("\n");

async function doctor(args: string[] = []) {
  const dir = tempDir("openclaw-doctor-dead-chain-");
  chmodSync(dir, 0o700);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG, { mode: 0o600 });
  const result = await runCli(["doctor", ...args], {
    env: {
      OPENCLAW_STATE_DIR: dir,
      HOME: dir,
      COLUMNS: "1000",
      MOONSHOT_API_KEY: "sk-test-moonshot-dead-0001",
      KIMICODE_API_KEY: "sk-kimi-test-dead-0001",
    },
  });
  return { ...result, configPath };
}

describe("openclaw doctor with no usable member of the default chain", () => {
  it("says the fallback once, at the problem that disables its provider, with its own place", async () => {
    const { code, stdout, configPath } = await doctor();
    expect(code).toBe(1);
    // kimi-code's problem is the fallback's: said at kimi-code's place, with what it affects, not
    // again as a finding of the fallback's that repeats it.
    expect(stdout.split("\n")).toContain(
      `✗ config   models.providers.kimi-code.baseUrl: expected an http(s) URL, found the string "not a url" (${configPath}:5); this affects fallback 1`,
    );
    expect(stdout.split("\n").filter((line) => line.startsWith("✗ config"))).toHaveLength(2);
    expect(stdout).not.toContain("fallback 1 cannot be used");
    // Two places in a row, the reader left to guess which is whose, on no line.
    expect(stdout).not.toMatch(/:\d+\) \(\S+:\d+\)/);
  });

  it("names kimi-code once among the model findings: the failure names both members already", async () => {
    const { stdout } = await doctor();
    const model = stdout
      .split("\n")
      .filter((line) => line.startsWith("✗ model") || line.startsWith("! model"));
    expect(model).toHaveLength(1);
    expect(model[0]).toMatch(
      /^✗ model {4}no model of the default chain can be used: moonshot\/kimi-k2\.5 /,
    );
    expect(model[0]).toContain("kimi-code/kimi-for-coding (agents.defaults.model.fallbacks[0], ");
    expect(stdout).not.toContain("provider kimi-code is disabled");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("3 problems, 0 warnings");
  });

  it("--json holds the same findings: kimi-code's problem with the fallback it affects, one model finding", async () => {
    const { stdout, configPath } = await doctor(["--json"]);
    const report = JSON.parse(stdout) as {
      findings: { check: string; level: string; message: string; where?: string }[];
    };
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: "config",
        level: "fail",
        message: `models.providers.kimi-code.baseUrl: expected an http(s) URL, found the string "not a url" (${configPath}:5); this affects fallback 1`,
        where: `${configPath}:5`,
      }),
    );
    expect(report.findings.filter((item) => item.message.includes("fallbacks[0]"))).toHaveLength(1);
    expect(report.findings.filter((item) => item.check === "model")).toHaveLength(1);
  });
});
