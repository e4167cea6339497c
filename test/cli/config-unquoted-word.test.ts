/**
 * A word left without quotes in a hand-written config, a value (`bind: lan`, a model ref) or a
 * key with a "-" (`kimi-code: {…}`), is named as such at the word's start, with how to write it;
 * before, JSON5's "invalid character '-'" came with the generic advice about commas and braces.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function state(text: string): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  writeFileSync(configPath, text);
  return { env: { OPENCLAW_STATE_DIR: dir }, configPath };
}

describe("a word without quotes in the config file", () => {
  it("a provider id with a dash as a key: its file:line:column and the quotes it needs", async () => {
    const { env, configPath } = state(
      '{\n  models: { providers: { kimi-code: { baseUrl: "http://127.0.0.1:9/v1" } } },\n}\n',
    );
    const result = await runCli(["config", "validate"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${configPath}:2:26: the key "kimi-code" needs quotes: an unquoted key is letters, digits, _ and $ only`,
    );
    expect(result.stderr).toContain('hint: write it as "kimi-code"');
  });

  it("a model ref as a value, also in a list; --json has it as config.syntax at its line", async () => {
    const { env, configPath } = state(
      "{\n  agents: { defaults: { model: { fallbacks: [moonshot/kimi-k2.5] } } },\n}\n",
    );
    const result = await runCli(["config", "validate"], { env });
    expect(result.stderr).toContain(
      `error: ${configPath}:2:46: this text is not in quotes: a string value in JSON5 is written in quotes`,
    );
    expect(result.stderr).toContain('hint: write it as "moonshot/kimi-k2.5"');
    const json = await runCli(["config", "validate", "--json"], { env });
    expect(json.code).toBe(1);
    const problem = JSON.parse(json.stdout).problems[0];
    expect(problem.code).toBe("config.syntax");
    expect(problem.line).toBe(2);
    expect(problem.hint).toContain('"moonshot/kimi-k2.5"');
  });

  it("a value that looks like a key is not repeated", async () => {
    const secret = "sk-fake-test-key-01";
    const { env } = state(`{\n  env: { MOONSHOT_API_KEY: ${secret} },\n}\n`);
    const result = await runCli(["config", "get", "env"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("this text is not in quotes");
    expect(result.stderr).not.toContain(secret);
  });
});
