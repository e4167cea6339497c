/**
 * A default or fallback written for a provider without a key is said at once, on stderr, with the
 * onboard command that gives it one: `models fallbacks add moonshot/kimi-k2.5` on a config with
 * no moonshot key printed "added fallback #1" alone, and only doctor said it later. The edit is
 * still made (exit 0). The built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const MOONSHOT_WARNING =
  "warning: no usable key for moonshot, so moonshot/kimi-k2.5 (fallback #1) cannot answer until it has one; run: openclaw onboard --auth-choice moonshot-api-key";

function stateEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dir = tempDir();
  return { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, COLUMNS: "400", ...extra };
}

describe("an edit of the default chain naming a provider without a key", () => {
  it("models fallbacks add warns with the onboard command, and adds it", async () => {
    const env = stateEnv();
    const result = await runCli(["models", "fallbacks", "add", "moonshot/kimi-k2.5"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("added fallback #1: moonshot/kimi-k2.5\n");
    expect(result.stderr).toContain(MOONSHOT_WARNING);
    const list = await runCli(["models", "fallbacks", "list", "--json"], { env });
    expect(JSON.parse(list.stdout).fallbacks).toEqual(["moonshot/kimi-k2.5"]);
  });

  it("config set agents.defaults.model.fallbacks warns the same way", async () => {
    const result = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["moonshot/kimi-k2.5"]'],
      { env: stateEnv() },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(MOONSHOT_WARNING);
  });

  it("config set warns only of the members it wrote, not of those the chain already had", async () => {
    const env = stateEnv();
    const first = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["moonshot/kimi-k2.5"]'],
      { env },
    );
    expect(first.stderr).toContain(MOONSHOT_WARNING);
    const grown = await runCli(
      [
        "config",
        "set",
        "agents.defaults.model.fallbacks",
        '["moonshot/kimi-k2.5","moonshot/kimi-k2-turbo-preview"]',
      ],
      { env },
    );
    expect(grown.code).toBe(0);
    expect(grown.stderr.trim().split("\n")).toEqual([
      // A retired id besides (retired-model-edit-warning.test.ts): also of the new member only.
      expect.stringContaining(
        "warning: moonshot/kimi-k2-turbo-preview (now fallback #2) is a model id moonshot retired in 2026 per openclaw's list",
      ),
      expect.stringContaining(
        "warning: no usable key for moonshot, so moonshot/kimi-k2-turbo-preview (fallback #2) cannot answer until it has one",
      ),
    ]);
    // Set again as it is: nothing written, nothing to warn of.
    const again = await runCli(
      [
        "config",
        "set",
        "agents.defaults.model.fallbacks",
        '["moonshot/kimi-k2.5","moonshot/kimi-k2-turbo-preview"]',
      ],
      { env },
    );
    expect(again.stderr).toBe("");
    // A fallback made the default is written anew, in its new place; one moved up is not.
    const promoted = await runCli(
      [
        "config",
        "set",
        "agents.defaults.model",
        '{"primary":"moonshot/kimi-k2.5","fallbacks":["moonshot/kimi-k2-turbo-preview"]}',
      ],
      { env },
    );
    expect(promoted.code).toBe(0);
    expect(promoted.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(
        "warning: no usable key for moonshot, so moonshot/kimi-k2.5 (the default model) cannot answer",
      ),
    ]);
  });

  it("models set --json puts it in warnings; the default model is named as such", async () => {
    const result = await runCli(["models", "set", "moonshot/kimi-k2.5", "--json"], {
      env: stateEnv(),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout).warnings).toEqual([
      expect.stringContaining(
        "no usable key for moonshot, so moonshot/kimi-k2.5 (the default model) cannot answer until it has one; run: openclaw onboard --auth-choice moonshot-api-key",
      ),
    ]);
  });

  it("says nothing when the provider has a key", async () => {
    const env = stateEnv({ MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" });
    const added = await runCli(["models", "fallbacks", "add", "moonshot/kimi-k2.5"], { env });
    expect(added.code).toBe(0);
    expect(added.stderr).toBe("");
    const other = await runCli(["config", "set", "gateway.port", "42010"], { env: stateEnv() });
    expect(other.stderr).toBe("");
  });
});
