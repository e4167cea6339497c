/**
 * `openclaw doctor` when no member of the default chain can be used (the primary's and the
 * fallback's providers both disabled by a bad value): each place on a line says what it is the
 * place of, and each provider is named once. Real CLI, no network (nothing is tried).
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
  it("puts a fallback's own place beside its path, not after the disabling problem's place", async () => {
    const { code, stdout, configPath } = await doctor();
    expect(code).toBe(1);
    const fallback = stdout.split("\n").find((line) => line.includes("fallbacks[0]"));
    expect(fallback).toBe(
      `✗ config   agents.defaults.model.fallbacks[0] (${configPath}:2): fallback 1 cannot be used: provider "kimi-code" is not usable: models.providers.kimi-code.baseUrl: expected an http(s) URL, found the string "not a url" (${configPath}:5)`,
    );
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
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("4 problems, 0 warnings");
  });

  it("--json holds the same findings: the fallback's message led by its place, one model finding", async () => {
    const { stdout, configPath } = await doctor(["--json"]);
    const report = JSON.parse(stdout) as {
      findings: { check: string; level: string; message: string; where?: string }[];
    };
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: "config",
        level: "fail",
        message: expect.stringMatching(
          new RegExp(
            `^agents\\.defaults\\.model\\.fallbacks\\[0\\] \\(${escapeRegExp(configPath)}:2\\): fallback 1`,
          ),
        ),
        where: `${configPath}:2`,
      }),
    );
    expect(report.findings.filter((item) => item.check === "model")).toHaveLength(1);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
