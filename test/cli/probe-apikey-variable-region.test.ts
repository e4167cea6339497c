/**
 * `models status --probe` and `doctor --probe` with a provider of one's own whose apiKey is
 * `"${MOONSHOT_API_KEY}"` (the spec's JSON5 form) at the China platform, beside the built-in
 * `moonshot` reading the same international key from the environment. The probes said which
 * platform the key is of only for providers reading it straight from the environment: this one
 * got "rejected the key" and the advice to re-copy it. Now it gets the verdict the gateway's start
 * gives, naming the file:line where its apiKey names the variable. Real sockets: the built CLI and
 * one simulator per region; no Kimi Code key, no real host.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { tempDir } from "../helpers/tmp.js";

const regions = regionSimulators();

/** `moonshot` at the international simulator, `kimi-cn` of one's own at China's, default moonshot. */
function configText(): string {
  return `{
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  models: {
    mode: "merge",
    providers: {
      moonshot: { baseUrl: "${regions.ai.moonshotBaseUrl}" },
      "kimi-cn": {
        baseUrl: "${regions.cn.moonshotBaseUrl}",
        api: "openai-completions",
        apiKey: "\${MOONSHOT_API_KEY}",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
}
`;
}

function state() {
  const dir = tempDir("probe-apikey-variable-");
  const configPath = join(dir, "openclaw.json");
  const text = configText();
  writeFileSync(configPath, text, { mode: 0o600 });
  const line = text.split("\n").findIndex((row) => row.includes("apiKey:")) + 1;
  const env = {
    OPENCLAW_STATE_DIR: dir,
    HOME: dir,
    COLUMNS: "1000",
    ...regions.endpointEnv(),
    MOONSHOT_API_KEY: regions.ai.keys.moonshot,
  };
  return { env, at: `${configPath}:${line}` };
}

describe('probes of a provider of one\'s own with apiKey "${MOONSHOT_API_KEY}"', () => {
  it("names the key's platform and the apiKey's file:line, as the gateway's start does", async () => {
    const { env, at } = state();
    const aiHost = new URL(regions.ai.moonshotBaseUrl).host;
    const cnHost = new URL(regions.cn.moonshotBaseUrl).host;
    const message = `MOONSHOT_API_KEY is a key of the international platform (${aiHost}), which moonshot uses: the China platform (${cnHost}) refused it (401), read through kimi-cn's apiKey "\${MOONSHOT_API_KEY}" at ${at}; your config chooses none of kimi-cn's models`;
    const hint = `to use the China platform (${cnHost}), set models.providers.kimi-cn.apiKey (${at}) to another variable, one holding a key made there, in place of \${MOONSHOT_API_KEY}`;

    const status = await runCli(["models", "status", "--probe"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`! probe: ${message}`);
    expect(status.stdout).toContain(`hint: ${hint}`);
    expect(status.stdout).not.toContain("rejected the key");
    expect(status.stdout).not.toContain(regions.ai.keys.moonshot);

    const json = await runCli(["models", "status", "--probe", "--json"], { env });
    const probes = (
      JSON.parse(json.stdout) as { probes: { provider: string; keyBelongsTo?: string }[] }
    ).probes;
    expect(probes.find((probe) => probe.provider === "kimi-cn")?.keyBelongsTo).toBe("moonshot");

    const doctor = await runCli(["doctor", "--probe"], { env });
    expect(doctor.stdout).toContain(`! probe    kimi-cn: ${message}`);
    expect(doctor.stdout).toContain(`hint: ${hint}`);
    expect(doctor.code).toBe(0);
  }, 60_000);
});
