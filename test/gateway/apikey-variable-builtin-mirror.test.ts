/**
 * The built-in `moonshot` at an address of its own (a mirror or a corporate proxy of Moonshot,
 * written as its baseUrl, not an OPENCLAW_*_BASE_URL override), its apiKey `"${MOONSHOT_API_KEY}"`,
 * refusing that key as `moonshot-cn` does. Its key is made at Moonshot's, not at the mirror: the
 * gateway said it as a relay of one's own ("moonshot needs a key of its own: … a key made for
 * <mirror>"), where doctor --probe kept the rejected key's advice. Now it is said as a refusal at
 * Moonshot's own hosts is: the variable refused by both, and to check the key where it came from.
 * Real sockets: the built CLI's gateway, the region simulators and loopback refusing relays.
 */
import { afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses } from "../helpers/gateway-process.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { startRelayGateway } from "../helpers/relay-gateway.js";
import { eventually } from "../helpers/wait.js";

const TOKEN = "test-gateway-token-builtin-mirror-key-01";
const SHARED_KEY = "sk-fake-mirror-0001";
const regions = regionSimulators();
const relay = refusingRelay();
const mirror = refusingRelay();
afterEach(() => killGatewayProcesses());

describe('the built-in moonshot at a mirror refusing "${MOONSHOT_API_KEY}"', () => {
  it("is told to check its Moonshot key, not to get one made for the mirror", async () => {
    const { said } = await startRelayGateway({
      token: TOKEN,
      relayBaseUrl: relay.baseUrl,
      apiKey: "${RELAY_API_KEY}",
      beside: {
        moonshot: { baseUrl: mirror.baseUrl, apiKey: "${MOONSHOT_API_KEY}" },
        "moonshot-cn": regions.cn.moonshotBaseUrl,
      },
      variables: {
        ...regions.endpointEnv(),
        MOONSHOT_API_KEY: SHARED_KEY,
        RELAY_API_KEY: "sk-relay-refused-by-the-relay-0002",
      },
    });
    await eventually(() => /MOONSHOT_API_KEY is|moonshot needs/.test(said()), 15_000, "moonshot");
    const mirrorHost = new URL(mirror.baseUrl).host;
    const cn = new URL(regions.cn.moonshotBaseUrl).host;
    // Before: 'MOONSHOT_API_KEY is read by moonshot-cn too, so moonshot needs a key of its own: set
    // models.providers.moonshot.apiKey (…) to a variable holding a key made for <mirror>, …'.
    expect(said()).not.toContain(`made for ${mirrorHost}`);
    expect(said()).not.toContain("moonshot needs a key of its own");
    expect(said()).toContain(
      `gateway: MOONSHOT_API_KEY is refused by both moonshot (${mirrorHost}), moonshot-cn (${cn}) (401): no request with it can be answered\n  hint: check the key in the console of the platform it came from and set it again`,
    );
    expect(said()).not.toContain(SHARED_KEY);
  }, 60_000);
});
