/**
 * A provider of one's own at another company's host (an OpenAI-compatible relay) whose apiKey is
 * `"${MOONSHOT_API_KEY}"`, beside the built-in `moonshot` that accepts that key. The relay answers
 * 401: it wants a key of its own. The gateway's start said "MOONSHOT_API_KEY is a key of the
 * international platform: relay refused it" and left the relay's models out of /v1/models, a
 * verdict that only makes sense between Moonshot's own hosts. Now the relay is named as refusing
 * the key, with its host and the file:line of its apiKey, and told it needs a key of its own; its
 * models stay listed as configured. Real sockets: the built CLI's gateway, one simulator per
 * region for the built-ins, and a loopback relay that refuses every key.
 */
import { afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses } from "../helpers/gateway-process.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { startRelayGateway } from "../helpers/relay-gateway.js";

const TOKEN = "test-gateway-token-apikey-other-host-01";
const regions = regionSimulators();
const relay = refusingRelay();
afterEach(() => killGatewayProcesses());

describe('a provider at another host with apiKey "${MOONSHOT_API_KEY}"', () => {
  it("is said to refuse the key and to need its own, not given Moonshot's platform verdict", async () => {
    const key = regions.ai.keys.moonshot;
    const { said, host, at, listedIds, commandPrefix } = await startRelayGateway({
      token: TOKEN,
      relayBaseUrl: relay.baseUrl,
      apiKey: "${MOONSHOT_API_KEY}",
      beside: { moonshot: regions.ai.moonshotBaseUrl },
      variables: { ...regions.endpointEnv(), MOONSHOT_API_KEY: key },
    });
    // Before: "MOONSHOT_API_KEY is a key of the international platform (…): relay refused it".
    expect(said()).not.toContain("relay refused it");
    expect(said()).toContain(
      `gateway: relay (${host}) refused MOONSHOT_API_KEY (401), read through its apiKey "\${MOONSHOT_API_KEY}" at ${at}: the key moonshot accepts is not one relay takes; /v1/models lists its configured models as they are\n  hint: relay needs a key of its own: set models.providers.relay.apiKey (${at}) to a variable holding a key made for ${host}, such as "\${RELAY_API_KEY}", in place of \${MOONSHOT_API_KEY}; then check it with: ${commandPrefix}openclaw models status --probe`,
    );
    expect(said()).not.toContain(key);

    const ids = await listedIds();
    expect(ids).toContain("relay/relay-large");
    expect(ids).toContain("moonshot/kimi-k2.5");
  }, 60_000);
});
