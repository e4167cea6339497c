/**
 * `models status --probe` and `doctor --probe` with a provider of one's own at another company's
 * host (an OpenAI-compatible relay answering 401) whose apiKey is `"${MOONSHOT_API_KEY}"`, beside
 * the built-in `moonshot` that accepts that key. Moonshot's platform verdict ("MOONSHOT_API_KEY is
 * a key of the international platform … relay refused it") only makes sense between Moonshot's own
 * hosts: the relay is now named as refusing the key, with its host and the file:line of its
 * apiKey, and told it needs a key of its own. Real sockets: the built CLI, one simulator per
 * region and a loopback relay that refuses every key; no real host.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { tempDir } from "../helpers/tmp.js";

const regions = regionSimulators();
const relay = refusingRelay();

/** `moonshot` at the international simulator (the default), `relay` of one's own at the relay. */
function configText(): string {
  return `{
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  models: {
    mode: "merge",
    providers: {
      moonshot: { baseUrl: "${regions.ai.moonshotBaseUrl}" },
      relay: {
        baseUrl: "${relay.baseUrl}",
        api: "openai-completions",
        apiKey: "\${MOONSHOT_API_KEY}",
        models: [{ id: "relay-large", name: "Relay Large" }],
      },
    },
  },
}
`;
}

function state() {
  const dir = tempDir("probe-apikey-other-host-");
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

describe('probes of a provider at another host with apiKey "${MOONSHOT_API_KEY}"', () => {
  it("name the provider refusing the key and what to set, not Moonshot's platform verdict", async () => {
    const { env, at } = state();
    const host = new URL(relay.baseUrl).host;
    const message = `relay (${host}) refused MOONSHOT_API_KEY (401), read through relay's apiKey "\${MOONSHOT_API_KEY}" at ${at}: the key moonshot accepts is not one relay takes`;
    const hint = `relay needs a key of its own: set models.providers.relay.apiKey (${at}) to a variable holding a key made for ${host}, such as "\${RELAY_API_KEY}", in place of \${MOONSHOT_API_KEY}; then check it with: openclaw models status --probe`;

    const status = await runCli(["models", "status", "--probe"], { env });
    expect(status.stdout).not.toContain("is a key of the international platform");
    expect(status.stdout).toContain(message);
    expect(status.stdout).toContain(`hint: ${hint}`);
    expect(status.stdout).not.toContain(regions.ai.keys.moonshot);

    const json = await runCli(["models", "status", "--probe", "--json"], { env });
    const probes = (
      JSON.parse(json.stdout) as { probes: { provider: string; keyBelongsTo: string | null }[] }
    ).probes;
    expect(probes.find((probe) => probe.provider === "relay")?.keyBelongsTo).toBeNull();

    const doctor = await runCli(["doctor", "--probe"], { env });
    expect(doctor.stdout).not.toContain("is a key of the international platform");
    expect(doctor.stdout).toContain(`probe    relay: ${message}`);
    expect(doctor.stdout).toContain(`hint: ${hint}`);
    // A failure, as any provider's refused key is: its requests fail until it has its own.
    expect(doctor.stdout).toContain(`✗ probe    relay: ${message}`);
    expect(doctor.code).toBe(1);
  }, 60_000);
});
