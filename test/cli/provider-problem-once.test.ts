/**
 * One mistake under a provider (`baseURL` for `baseUrl`) disables it, and every setting naming
 * one of its models with it. Each command that lists the config's problems says that mistake
 * once, at its file:line and dotted path, with what it affects; before, the default model, each
 * fallback and each aliased entry repeated it (six warnings for one typo). The built CLI, no
 * network (nothing is tried).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** The typo on line 5; the default, a fallback and two aliases name moonshot's models. */
const TYPO_CONFIG = [
  "{",
  '  "agents": { "defaults": { "model": { "primary": "moonshot/kimi-k2.5", "fallbacks": ["moonshot/kimi-k2-turbo-preview"] },',
  '    "models": { "moonshot/kimi-k2.5": { "alias": "k25" }, "moonshot/kimi-k2-thinking": { "alias": "think" } } } },',
  '  "models": { "providers": { "moonshot": {',
  '    "baseURL": "https://api.moonshot.ai/v1"',
  "  } } }",
  "}",
  "",
].join("\n");

/** A provider without a baseUrl (line 3), which the schema takes: the catalog disables it. */
const NO_BASE_URL_CONFIG = [
  "{",
  '  "agents": { "defaults": { "model": { "primary": "acme/big", "fallbacks": ["acme/small"] }, "models": { "acme/big": { "alias": "big" } } } },',
  '  "models": { "providers": { "acme": { "models": [{ "id": "big", "name": "Big" }, { "id": "small", "name": "Small" }] } } }',
  "}",
  "",
].join("\n");

function stateWith(config: string) {
  const dir = tempDir("openclaw-provider-once-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, config, { mode: 0o600 });
  const env = {
    OPENCLAW_STATE_DIR: dir,
    HOME: dir,
    COLUMNS: "1000",
    MOONSHOT_API_KEY: "sk-test-provider-once-0001",
  };
  return { configPath, env };
}

const countOf = (text: string, part: string) => text.split(part).length - 1;

describe("a problem that disables a provider, said once", () => {
  it("models list: one warning at the typo's place, with what it affects", async () => {
    const { configPath, env } = stateWith(TYPO_CONFIG);
    const result = await runCli(["models", "list"], { env });
    expect(result.code).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.startsWith("warning:"));
    expect(warnings).toEqual([
      `warning: models.providers.moonshot.baseURL: is not a known key (${configPath}:5): provider moonshot is disabled; this affects the default model, fallback 1, and agents.defaults.models (2 entries)`,
    ]);
    expect(countOf(result.stderr, "is not a known key")).toBe(1);
    expect(result.stderr).toContain("\nhint: see it and what to do with: openclaw config validate");
  });

  it("models list --json: the same array, the problem once, with the paths it affects", async () => {
    const { env } = stateWith(TYPO_CONFIG);
    const result = await runCli(["models", "list", "--json"], { env });
    expect(result.code).toBe(0);
    const { problems } = JSON.parse(result.stdout) as {
      problems: { path: string; message: string; affects?: string[] }[];
    };
    expect(Array.isArray(problems)).toBe(true);
    expect(problems.filter((problem) => problem.message.includes("is not a known key"))).toEqual([
      expect.objectContaining({
        path: "models.providers.moonshot.baseURL",
        message: "is not a known key",
        affects: [
          "agents.defaults.model.primary",
          "agents.defaults.model.fallbacks[0]",
          'agents.defaults.models["moonshot/kimi-k2.5"]',
          'agents.defaults.models["moonshot/kimi-k2-thinking"]',
        ],
      }),
    ]);
    expect(problems).toHaveLength(1);
  });

  it("doctor: one config finding for the typo; the model check names the chain once", async () => {
    const { configPath, env } = stateWith(TYPO_CONFIG);
    const result = await runCli(["doctor"], { env });
    expect(result.code).toBe(1);
    const config = result.stdout.split("\n").filter((line) => /^[✗!] config/.test(line));
    expect(config).toEqual([
      `✗ config   models.providers.moonshot.baseURL: is not a known key (${configPath}:5); this affects the default model, fallback 1, and agents.defaults.models (2 entries)`,
    ]);
    // The chain's two members share the reason: said once after both.
    const model = result.stdout.split("\n").find((line) => line.startsWith("✗ model"));
    expect(model).toContain(
      `moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:2) and moonshot/kimi-k2-turbo-preview (agents.defaults.model.fallbacks[0], ${configPath}:2): provider "moonshot" is not usable`,
    );
    expect(countOf(model ?? "", "is not a known key")).toBe(1);
  });

  it("agent: the chain's error says the shared reason once", async () => {
    const { env } = stateWith(TYPO_CONFIG);
    const result = await runCli(["agent", "-m", "hi"], { env });
    expect(result.code).toBe(1);
    expect(countOf(result.stderr, "is not a known key")).toBe(1);
    expect(result.stderr).toContain('hint: did you mean "baseUrl"?');
  });

  it("config validate: a provider without baseUrl once, with what it affects, in text and --json", async () => {
    const { configPath, env } = stateWith(NO_BASE_URL_CONFIG);
    const text = await runCli(["config", "validate"], { env });
    expect(text.code).toBe(1);
    const problems = text.stdout.split("\n").filter((line) => /^[✗!] /.test(line));
    expect(problems).toEqual([
      `✗ models.providers.acme.baseUrl: provider "acme" has no baseUrl (${configPath}:3); this affects the default model, fallback 1, and agents.defaults.models (1 entry)`,
    ]);

    const json = await runCli(["config", "validate", "--json"], { env });
    const report = JSON.parse(json.stdout) as {
      problems: { path: string; affects?: string[] }[];
      warnings: unknown[];
    };
    expect(report.problems).toEqual([
      expect.objectContaining({
        path: "models.providers.acme.baseUrl",
        affects: [
          "agents.defaults.model.primary",
          "agents.defaults.model.fallbacks[0]",
          'agents.defaults.models["acme/big"]',
        ],
      }),
    ]);
    expect(report.warnings).toEqual([]);
  });
});
