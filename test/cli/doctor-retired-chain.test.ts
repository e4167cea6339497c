/**
 * `openclaw doctor` on a default chain that names ids Moonshot has retired (the spec page's
 * aliases point at them): a warning per member at its config line, with the model to use
 * instead, in place of calling the default fine. Real CLI, no network (nothing is tried).
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** The primary on line 4, the two fallbacks on lines 6 and 7. */
function config(primary: string, fallbacks: string[]): string {
  return [
    "{",
    '  "agents": { "defaults": { "model": {',
    "    // the default",
    `    "primary": ${JSON.stringify(primary)},`,
    '    "fallbacks": [',
    ...fallbacks.map(
      (ref, index) => `      ${JSON.stringify(ref)}${index < fallbacks.length - 1 ? "," : ""}`,
    ),
    "    ]",
    "  } } }",
    "}",
    "",
  ].join("\n");
}

async function doctor(text: string, args: string[] = []) {
  const dir = tempDir("openclaw-doctor-retired-");
  chmodSync(dir, 0o700);
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, text, { mode: 0o600 });
  const result = await runCli(["doctor", ...args], {
    env: {
      OPENCLAW_STATE_DIR: dir,
      HOME: dir,
      COLUMNS: "1000",
      NO_COLOR: "1",
      MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001",
      KIMICODE_API_KEY: "sk-kimi-test-retired-0001",
    },
  });
  return { ...result, configPath };
}

describe("openclaw doctor with a retired id in the default chain", () => {
  it("warns at the default's line with the model to use instead, and does not call it fine", async () => {
    const { code, stdout, configPath } = await doctor(
      config("moonshot/kimi-k2-thinking", ["kimi-code/kimi-for-coding"]),
    );
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines).toContain(
      `! model    moonshot/kimi-k2-thinking (the default model) is a model id moonshot retired in 2026 per openclaw's list: requests to it fail with 404 (${configPath}:4)`,
    );
    expect(lines).toContain(
      "           hint: use moonshot/kimi-k2.5 instead: openclaw models set moonshot/kimi-k2.5",
    );
    expect(stdout).not.toContain("✓ model");
    expect(stdout).toContain("1 warning");
  });

  it("names each retired fallback at its own line in --json, with the commands that replace it", async () => {
    const { code, stdout, configPath } = await doctor(
      config("moonshot/kimi-k2.5", [
        "moonshot/kimi-k2-turbo-preview",
        "moonshot/kimi-k2-thinking-turbo",
      ]),
      ["--json"],
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      findings: Array<{
        check: string;
        level: string;
        message: string;
        hint?: string;
        path?: string;
        line?: number;
        file?: string;
      }>;
    };
    const retired = report.findings.filter(
      (item) => item.check === "model" && item.level === "warn",
    );
    expect(retired.map(({ path, line, file }) => ({ path, line, file }))).toEqual([
      { path: "agents.defaults.model.fallbacks[0]", line: 6, file: configPath },
      { path: "agents.defaults.model.fallbacks[1]", line: 7, file: configPath },
    ]);
    expect(retired[0]?.message).toContain(
      "moonshot/kimi-k2-turbo-preview (fallback #1) is a model id moonshot retired in 2026 per openclaw's list",
    );
    // kimi-k2.5 is the default already: the fallback is only to be taken out.
    expect(retired[0]?.hint).toBe(
      "use moonshot/kimi-k2.5 instead: openclaw models fallbacks remove moonshot/kimi-k2-turbo-preview (moonshot/kimi-k2.5 is in the chain already)",
    );
  });

  it("says nothing of the kind for a chain of served ids", async () => {
    const { stdout } = await doctor(config("moonshot/kimi-k2.5", ["kimi-code/kimi-for-coding"]));
    expect(stdout).not.toContain("retired in 2026");
    expect(stdout).toMatch(
      /^✓ model {4}default moonshot\/kimi-k2\.5, fallbacks kimi-code\/kimi-for-coding$/m,
    );
  });
});
