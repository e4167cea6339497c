/**
 * `models status` on the provider page's config: its `apiKey: "${MOONSHOT_API_KEY}"` reads the
 * variable its `env` block sets, the source that wins. That line is the same key read a second
 * way: it is said so, not "not used: an earlier source wins", which read as if the line pasted
 * from the page were ignored. A config key that is another key, behind a winner, stays "not used".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { onboardChoice } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  env: { MOONSHOT_API_KEY: "sk-test-moonshot-ai-0001" },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  models: {
    mode: "merge",
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        apiKey: "\${MOONSHOT_API_KEY}",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
}
`;

async function status(config: string, profileKey?: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, "openclaw.json"), config, { mode: 0o600 });
  if (profileKey) {
    const agent = path.join(dir, "agents", "main", "agent");
    mkdirSync(agent, { recursive: true });
    writeFileSync(
      path.join(agent, "auth-profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: {
          "moonshot:default": { type: "api_key", provider: "moonshot", key: profileKey },
        },
      }),
      { mode: 0o600 },
    );
  }
  return runCli(["models", "status"], { env: { OPENCLAW_STATE_DIR: dir, COLUMNS: "200" } });
}

describe("models status: a config apiKey that reads the variable that wins", () => {
  it("is said to be the same key, not an unused one", async () => {
    const result = await status(CONFIG);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "  ✓ env MOONSHOT_API_KEY (from the config's env block): sk-…0001  ← used\n",
    );
    expect(result.stdout).toContain(
      "  · config models.providers.moonshot.apiKey: sk-…0001 (the same key: it reads MOONSHOT_API_KEY)\n",
    );
    expect(result.stdout).not.toContain("an earlier source wins");
  });

  it("stays 'not used' when a stored profile wins", async () => {
    const result = await status(CONFIG, "sk-test-moonshot-ai-0002");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "  · config models.providers.moonshot.apiKey: sk-…0001 (not used: an earlier source wins)\n",
    );
  });

  it("after onboarding over it, names the variable the stored profile refers to", async () => {
    // Onboarding reads the key from the env block and stores only a reference to the variable,
    // saying the key stays in the config: the variable and the apiKey reading it are that key.
    const dir = tempDir();
    writeFileSync(path.join(dir, "openclaw.json"), CONFIG, { mode: 0o600 });
    const env = { OPENCLAW_STATE_DIR: dir, COLUMNS: "200" };
    const onboard = await runCli(onboardChoice("moonshot-api-key", "--skip-health"), { env });
    expect(onboard.code).toBe(0);
    expect(onboard.stdout).toContain("the key itself stays in the config only");
    const result = await runCli(["models", "status"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  ✓ profile moonshot:default: sk-…0001  ← used\n");
    expect(result.stdout).toContain(
      "  · env MOONSHOT_API_KEY (from the config's env block): sk-…0001 (the same key: profile moonshot:default refers to MOONSHOT_API_KEY)\n",
    );
    expect(result.stdout).toContain(
      "  · config models.providers.moonshot.apiKey: sk-…0001 (the same key: it reads MOONSHOT_API_KEY)\n",
    );
    expect(result.stdout).not.toContain("an earlier source wins");
    const json = JSON.parse((await runCli(["models", "status", "--json"], { env })).stdout);
    const sources = json.providers[0].sources as { label: string; refersTo: string | null }[];
    expect(sources.map(({ label, refersTo }) => [label, refersTo])).toEqual([
      ["profile moonshot:default", "MOONSHOT_API_KEY"],
      ["env MOONSHOT_API_KEY (from the config's env block)", null],
      ["config models.providers.moonshot.apiKey", null],
    ]);
  });

  it("stays 'not used' beside a profile that refers to another variable", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "openclaw.json"), CONFIG, { mode: 0o600 });
    const agent = path.join(dir, "agents", "main", "agent");
    mkdirSync(agent, { recursive: true });
    writeFileSync(
      path.join(agent, "auth-profiles.json"),
      JSON.stringify({
        version: 1,
        profiles: {
          "moonshot:default": {
            type: "api_key",
            provider: "moonshot",
            keyRef: { source: "env", id: "WORK_MOONSHOT_KEY" },
          },
        },
      }),
      { mode: 0o600 },
    );
    const result = await runCli(["models", "status"], {
      env: {
        OPENCLAW_STATE_DIR: dir,
        COLUMNS: "200",
        WORK_MOONSHOT_KEY: "sk-test-moonshot-ai-0001",
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "  · env MOONSHOT_API_KEY (from the config's env block): sk-…0001 (not used: an earlier source wins)\n",
    );
    expect(result.stdout).toContain(
      "  · config models.providers.moonshot.apiKey: sk-…0001 (not used: an earlier source wins)\n",
    );
  });

  it("stays 'not used' when the config key is another key than the variable's", async () => {
    const other = CONFIG.replace('"${MOONSHOT_API_KEY}"', '"sk-test-moonshot-ai-0003"');
    const result = await status(other);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "  · config models.providers.moonshot.apiKey: sk-…0003 (not used: an earlier source wins)\n",
    );
  });
});
