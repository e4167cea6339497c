/**
 * A provider of one's own at another company's host (an OpenAI-compatible relay) whose apiKey is
 * `"${RELAY_API_KEY}"`, and that variable holds a key the relay refuses (401); no other provider
 * reads it. The gateway's start said only "could not read the models relay serves (…: answered
 * 401 …)" and sent the reader to `openclaw doctor --probe`. Now it says the relay refused the key
 * of RELAY_API_KEY, where its apiKey names that variable (file:line and dotted path), and what to
 * set; the key itself is never printed. Its models stay listed as configured. Real sockets: the
 * built CLI's gateway and a loopback relay that refuses every key.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type GatewayProcess,
  killGatewayProcesses,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { tempDir } from "../helpers/tmp.js";
import { eventually } from "../helpers/wait.js";

const TOKEN = "test-gateway-token-refused-relay-key-01";
const RELAY_KEY = "sk-relay-refused-by-the-relay-0001";
const relay = refusingRelay();
afterEach(() => killGatewayProcesses());

function configText(): string {
  return `{
  models: {
    mode: "replace",
    providers: {
      relay: {
        baseUrl: "${relay.baseUrl}",
        api: "openai-completions",
        apiKey: "\${RELAY_API_KEY}",
        models: [{ id: "relay-large", name: "Relay Large" }],
      },
    },
  },
  gateway: { auth: { mode: "token", token: "${TOKEN}" } },
}
`;
}

const output = (gateway: GatewayProcess) => gateway.stdout() + gateway.stderr();

describe('a relay refusing the key of its apiKey "${RELAY_API_KEY}"', () => {
  it("is said to refuse that variable's key, at the apiKey's file:line, with what to set", async () => {
    const dir = tempDir("apikey-refused-relay-");
    const configPath = join(dir, "openclaw.json");
    const text = configText();
    writeFileSync(configPath, text, { mode: 0o600 });
    const line = text.split("\n").findIndex((row) => row.includes("apiKey:")) + 1;
    const gateway = await startGatewayProcess({
      PATH: process.env.PATH,
      OPENCLAW_STATE_DIR: dir,
      OPENCLAW_HOME: dir,
      NO_COLOR: "1",
      TZ: "UTC",
      RELAY_API_KEY: RELAY_KEY,
    });
    await eventually(
      () => /relay \(|models relay serves/.test(output(gateway)),
      15_000,
      "relay's discovery",
    );
    const said = output(gateway);
    const host = new URL(relay.baseUrl).host;
    const at = `${configPath}:${line}`;
    // Before: "could not read the models relay serves (GET …/models: answered 401 …)" and a hint
    // naming no variable and no place.
    expect(said).not.toContain("could not read the models relay serves");
    expect(said).toContain(
      `gateway: relay (${host}) refused RELAY_API_KEY (401), read through its apiKey "\${RELAY_API_KEY}" at ${at}: the key RELAY_API_KEY holds is not one relay takes; /v1/models lists its configured models as they are\n  hint: put a key made for ${host} in RELAY_API_KEY, or set models.providers.relay.apiKey (${at}) to another variable holding one, in place of \${RELAY_API_KEY}; then check it with: openclaw models status --probe`,
    );
    expect(said).not.toContain(RELAY_KEY);

    const response = await fetch(`${gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    const ids = ((await response.json()) as { data: { id: string }[] }).data.map(
      (model) => model.id,
    );
    expect(ids).toEqual(["relay/relay-large"]);
  }, 60_000);
});
