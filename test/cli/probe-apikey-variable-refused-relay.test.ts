/**
 * `models status --probe` and `doctor --probe` with a provider of one's own at another company's
 * host (an OpenAI-compatible relay) that refuses the key of its apiKey `"${VAR}"`, answering 401
 * or, as some relays do, 403. The probe said "(401)" of a 403 when `moonshot` accepted the key,
 * and `--json` could not tell one from the other; a relay refusing its own `${RELAY_API_KEY}` got
 * "rejected the key" with advice naming no variable. Now each says the status the relay answered
 * and is worded as the gateway's start words it: the variable, the apiKey's file:line and dotted
 * path, what to set (a variable of the relay's own only, when `moonshot` reads that variable
 * too). doctor --probe fails on it. Real sockets: the built CLI, one simulator per region and
 * loopback relays; no real host.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { type RelayConfigOptions, writeRelayConfig } from "../helpers/relay-gateway.js";

const regions = regionSimulators();
const relays = { 401: refusingRelay(401), 403: refusingRelay(403) };
const RELAY_KEY = "sk-relay-refused-by-the-relay-0002";
const SHARED_KEY = "sk-fake-shared-0002";

interface Probe {
  provider: string;
  result: { status: string; message: string; hint?: string; httpStatus?: number };
}

/** Both probes of a config: `models status --probe` (text and --json) and `doctor --probe`. */
async function probes(config: RelayConfigOptions, variables: Record<string, string>) {
  const { dir, at } = writeRelayConfig(config);
  const env = {
    OPENCLAW_STATE_DIR: dir,
    HOME: dir,
    COLUMNS: "1000",
    NO_COLOR: "1",
    ...regions.endpointEnv(),
    ...variables,
  };
  const status = await runCli(["models", "status", "--probe"], { env });
  const json = await runCli(["models", "status", "--probe", "--json"], { env });
  const doctor = await runCli(["doctor", "--probe"], { env });
  const relay = (JSON.parse(json.stdout) as { probes: Probe[] }).probes.find(
    (probe) => probe.provider === "relay",
  );
  return { at, status, relay, doctor, host: new URL(config.relayBaseUrl).host };
}

describe.each([401, 403] as const)('a relay answering %i to its own "${RELAY_API_KEY}"', (code) => {
  it("is said as the gateway says it, with the status it answered; doctor fails", async () => {
    const { at, status, relay, doctor, host } = await probes(
      { relayBaseUrl: relays[code].baseUrl, apiKey: "${RELAY_API_KEY}" },
      { RELAY_API_KEY: RELAY_KEY },
    );
    const message = `relay (${host}) refused RELAY_API_KEY (${code}), read through relay's apiKey "\${RELAY_API_KEY}" at ${at}: the key RELAY_API_KEY holds is not one relay takes`;
    const hint = `put a key made for ${host} in RELAY_API_KEY, or set models.providers.relay.apiKey (${at}) to another variable holding one, in place of \${RELAY_API_KEY}; then check it with: openclaw models status --probe`;
    expect(status.stdout).toContain(message);
    expect(status.stdout).toContain(`hint: ${hint}`);
    expect(relay?.result.status).toBe("invalid");
    expect(relay?.result.httpStatus).toBe(code);
    expect(doctor.stdout).toContain(`✗ probe    relay: ${message}`);
    expect(doctor.stdout).toContain(`hint: ${hint}`);
    expect(doctor.code).toBe(1);
    for (const said of [status.stdout, status.stderr, doctor.stdout, doctor.stderr])
      expect(said).not.toContain(RELAY_KEY);
  }, 60_000);
});

describe('a relay answering 403 to "${MOONSHOT_API_KEY}" that moonshot accepts', () => {
  it("says 403, not 401", async () => {
    const { at, status, relay, doctor, host } = await probes(
      {
        relayBaseUrl: relays[403].baseUrl,
        apiKey: "${MOONSHOT_API_KEY}",
        beside: { moonshot: regions.ai.moonshotBaseUrl },
      },
      { MOONSHOT_API_KEY: regions.ai.keys.moonshot },
    );
    const message = `relay (${host}) refused MOONSHOT_API_KEY (403), read through relay's apiKey "\${MOONSHOT_API_KEY}" at ${at}: the key moonshot accepts is not one relay takes`;
    expect(status.stdout).toContain(message);
    expect(relay?.result.httpStatus).toBe(403);
    expect(doctor.stdout).toContain(`✗ probe    relay: ${message}`);
    expect(doctor.code).toBe(1);
  }, 60_000);
});

describe('a relay refusing "${MOONSHOT_API_KEY}" that moonshot refuses too', () => {
  it("is offered a variable of its own only, not to put its key in MOONSHOT_API_KEY", async () => {
    const { at, status, doctor, host } = await probes(
      {
        relayBaseUrl: relays[401].baseUrl,
        apiKey: "${MOONSHOT_API_KEY}",
        beside: { moonshot: regions.ai.moonshotBaseUrl, "moonshot-cn": regions.cn.moonshotBaseUrl },
      },
      { MOONSHOT_API_KEY: SHARED_KEY },
    );
    const message = `relay (${host}) refused MOONSHOT_API_KEY (401), read through relay's apiKey "\${MOONSHOT_API_KEY}" at ${at}: the key MOONSHOT_API_KEY holds is not one relay takes`;
    const fix = `MOONSHOT_API_KEY is read by moonshot, moonshot-cn too, so relay needs a key of its own: set models.providers.relay.apiKey (${at}) to a variable holding a key made for ${host}, such as "\${RELAY_API_KEY}", in place of \${MOONSHOT_API_KEY}; then check it with: openclaw models status --probe`;
    for (const said of [status.stdout, doctor.stdout]) {
      expect(said).toContain(message);
      expect(said).toContain(`hint: ${fix}`);
      expect(said).not.toContain(`put a key made for ${host} in MOONSHOT_API_KEY`);
      expect(said).not.toContain(SHARED_KEY);
    }
    expect(doctor.code).toBe(1);
  }, 60_000);
});
