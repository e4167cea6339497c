/**
 * A mistyped last key after a bracketed model ref (`…["moonshot/kimi-k2.5"].alais`) is a typo of
 * `alias`, not a ref with a dot in it: the hint offers the key meant, and nothing is written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `${JSON.stringify(
  { agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } } } } },
  null,
  2,
)}\n`;

function state(): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG);
  return { env: { OPENCLAW_STATE_DIR: dir }, configPath };
}

describe("config set|get with a mistyped last key", () => {
  it("set offers the key meant, not a ref holding the typo", async () => {
    const { env, configPath } = state();
    const result = await runCli(
      ["config", "set", 'agents.defaults.models["moonshot/kimi-k2.5"].alais', "K2"],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `hint: did you mean "alias"? openclaw config set 'agents.defaults.models["moonshot/kimi-k2.5"].alias' <value>`,
    );
    expect(result.stderr).not.toContain("kimi-k2.5.alais");
    expect(readFileSync(configPath, "utf8")).toBe(CONFIG);
  });

  it("get says the same", async () => {
    const { env } = state();
    const result = await runCli(
      ["config", "get", 'agents.defaults.models["moonshot/kimi-k2.5"].alais'],
      { env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `hint: did you mean "alias"? openclaw config get 'agents.defaults.models["moonshot/kimi-k2.5"].alias'`,
    );
  });

  it("a dot inside a key further up is still read as one: the bracketed path is offered", async () => {
    const { env } = state();
    const provider = await runCli(
      ["config", "set", "models.providers.openrouter.ai.baseUrl", "http://127.0.0.1:9/v1"],
      { env },
    );
    expect(provider.code).toBe(2);
    expect(provider.stderr).toContain(
      `openclaw config set 'models.providers["openrouter.ai"].baseUrl' <value>`,
    );
    const ref = await runCli(
      ["config", "set", "agents.defaults.models.moonshot/kimi-k2.6.alias", "K2.6"],
      { env },
    );
    expect(ref.stderr).toContain(
      `openclaw config set 'agents.defaults.models["moonshot/kimi-k2.6"].alias' <value>`,
    );
  });
});

describe("config get|unset of a word no top-level key is close to", () => {
  it("names the config's top-level keys, not a path called (root)", async () => {
    const { env } = state();
    for (const args of [
      ["config", "get", "nope.path"],
      ["config", "unset", "nope"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "the config's top-level keys are $schema, env, agents, models, gateway, auth",
      );
      expect(result.stderr).not.toContain("(root)");
    }
  });
});
