/**
 * A typo in the config's default model (agents.defaults.model.primary): agent and chat say where
 * it is written, the dotted path and file:line, not only the ref; and both exit 1, the config's
 * problem, as config validate does, not 2 as for a --model typed wrong.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  env: { MOONSHOT_API_KEY: "sk-fake-abc-01" },
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.55" },
    },
  },
  models: {
    providers: {
      moonshot: {
        baseUrl: "http://127.0.0.1:9/v1",
        apiKey: "\${MOONSHOT_API_KEY}",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
}
`;

function stateDir(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, "openclaw.json"), CONFIG, { mode: 0o600 });
  return dir;
}

describe("a typo in the default model", () => {
  it("agent names agents.defaults.model.primary and its file:line, exit 1", async () => {
    const dir = stateDir();
    const file = path.join(dir, "openclaw.json");
    const result = await runCli(["agent", "-m", "hi"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: unknown model "kimi-k2.55" for provider "moonshot"');
    expect(result.stderr.replace(/\n\s+/g, " ")).toContain(
      `at agents.defaults.model.primary (${file}:5)`,
    );

    const json = await runCli(["agent", "-m", "hi", "--json"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    expect(json.code).toBe(1);
    const output = JSON.parse(json.stdout) as { error: { where: string } };
    expect(output.error.where).toBe(`agents.defaults.model.primary (${file}:5)`);
  });

  it("agent --model openclaw (the default chain) is the config's problem too: exit 1", async () => {
    const dir = stateDir();
    const result = await runCli(["agent", "-m", "hi", "--model", "openclaw"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("at agents.defaults.model.primary");
  });

  it("chat says the same and exits 1, as agent does", async () => {
    const dir = stateDir();
    const result = await runCli(["chat"], { env: { OPENCLAW_STATE_DIR: dir }, input: "hi\n" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: unknown model "kimi-k2.55" for provider "moonshot"');
    expect(result.stderr).toContain("at agents.defaults.model.primary");
  });

  it("a --model typed wrong is still a usage mistake (exit 2), at the ref typed", async () => {
    const dir = stateDir();
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.6x"], {
      env: { OPENCLAW_STATE_DIR: dir },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("agents.defaults.model.primary");
  });
});
