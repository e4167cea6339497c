/**
 * A provider of one's own at another company's host (an OpenAI-compatible relay) whose apiKey is
 * `"${RELAY_API_KEY}"`, and that variable holds a key the relay refuses (401); no other provider
 * reads it. The gateway's start said only "could not read the models relay serves (…: answered
 * 401 …)" and sent the reader to `openclaw doctor --probe`. Now it says the relay refused the key
 * of RELAY_API_KEY, where its apiKey names that variable (file:line and dotted path), and what to
 * set; the key itself is never printed. Its models stay listed as configured. A relay answering
 * 403 to the key, as some do, is said alike, with its 403 (it got the "could not read" line).
 *
 * When the variable is one other providers read too (`"${MOONSHOT_API_KEY}"` beside `moonshot`
 * and `moonshot-cn`, all three refusing it), putting a key made for the relay there would take it from
 * them: the relay's hint offers a variable of its own only (it said "put a key made for <relay> in
 * MOONSHOT_API_KEY"), and Moonshot's "refused by both" line is said as before. Real sockets: the
 * A reload that changes the relay alone asks the relay alone: who else reads the variable is
 * taken from the config (it was taken from the providers asked, or listed, so the relay was again
 * told to put its key in MOONSHOT_API_KEY). Real sockets: the built CLI's gateway, one simulator
 * per region and loopback relays that refuse every key.
 */
import { afterEach, describe, expect, it } from "vitest";
import { killGatewayProcesses } from "../helpers/gateway-process.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { startRelayGateway } from "../helpers/relay-gateway.js";
import { eventually } from "../helpers/wait.js";

const TOKEN = "test-gateway-token-refused-relay-key-01";
const RELAY_KEY = "sk-relay-refused-by-the-relay-0001";
const SHARED_KEY = "sk-fake-shared-0001";
const regions = regionSimulators();
const relay = refusingRelay();
const relay403 = refusingRelay(403);
const movedRelay = refusingRelay();
afterEach(() => killGatewayProcesses());

describe('a relay refusing the key of its apiKey "${RELAY_API_KEY}"', () => {
  it("is said to refuse that variable's key, at the apiKey's file:line, with what to set", async () => {
    const { said, host, at, listedIds, commandPrefix } = await startRelayGateway({
      token: TOKEN,
      relayBaseUrl: relay.baseUrl,
      apiKey: "${RELAY_API_KEY}",
      variables: { RELAY_API_KEY: RELAY_KEY },
    });
    // Before: "could not read the models relay serves (GET …/models: answered 401 …)" and a hint
    // naming no variable and no place.
    expect(said()).not.toContain("could not read the models relay serves");
    expect(said()).toContain(
      `gateway: relay (${host}) refused RELAY_API_KEY (401), read through its apiKey "\${RELAY_API_KEY}" at ${at}: the key RELAY_API_KEY holds is not one relay takes; /v1/models lists its configured models as they are\n  hint: put a key made for ${host} in RELAY_API_KEY, or set models.providers.relay.apiKey (${at}) to another variable holding one, in place of \${RELAY_API_KEY}; then check it with: ${commandPrefix}openclaw models status --probe`,
    );
    expect(said()).not.toContain(RELAY_KEY);
    expect(await listedIds()).toEqual(["relay/relay-large"]);
  }, 60_000);
});

describe('a relay answering 403 to the key of its apiKey "${RELAY_API_KEY}"', () => {
  it("is said as a 401's refusal is, with the 403 it answered", async () => {
    const { said, host, at, commandPrefix } = await startRelayGateway({
      token: TOKEN,
      relayBaseUrl: relay403.baseUrl,
      apiKey: "${RELAY_API_KEY}",
      variables: { RELAY_API_KEY: RELAY_KEY },
    });
    // Before: "could not read the models relay serves (GET …/models: answered 403 …)".
    expect(said()).not.toContain("could not read the models relay serves");
    expect(said()).toContain(
      `gateway: relay (${host}) refused RELAY_API_KEY (403), read through its apiKey "\${RELAY_API_KEY}" at ${at}: the key RELAY_API_KEY holds is not one relay takes; /v1/models lists its configured models as they are\n  hint: put a key made for ${host} in RELAY_API_KEY, or set models.providers.relay.apiKey (${at}) to another variable holding one, in place of \${RELAY_API_KEY}; then check it with: ${commandPrefix}openclaw models status --probe`,
    );
  }, 60_000);
});

describe('a relay refusing the key of "${MOONSHOT_API_KEY}" that moonshot refuses too', () => {
  it("is offered a variable of its own only; Moonshot's refused-by-both line stays", async () => {
    const { said, host, at, commandPrefix } = await startRelayGateway({
      token: TOKEN,
      relayBaseUrl: relay.baseUrl,
      apiKey: "${MOONSHOT_API_KEY}",
      beside: { moonshot: regions.ai.moonshotBaseUrl, "moonshot-cn": regions.cn.moonshotBaseUrl },
      variables: { ...regions.endpointEnv(), MOONSHOT_API_KEY: SHARED_KEY },
    });
    await eventually(() => said().includes("is refused by both"), 15_000, "moonshot's verdict");
    // Before: "put a key made for <relay> in MOONSHOT_API_KEY", which moonshot reads too.
    expect(said()).not.toContain(`put a key made for ${host} in MOONSHOT_API_KEY`);
    expect(said()).toContain(
      `gateway: relay (${host}) refused MOONSHOT_API_KEY (401), read through its apiKey "\${MOONSHOT_API_KEY}" at ${at}: the key MOONSHOT_API_KEY holds is not one relay takes; /v1/models lists its configured models as they are\n  hint: MOONSHOT_API_KEY is read by moonshot, moonshot-cn too, so relay needs a key of its own: set models.providers.relay.apiKey (${at}) to a variable holding a key made for ${host}, such as "\${RELAY_API_KEY}", in place of \${MOONSHOT_API_KEY}; then check it with: ${commandPrefix}openclaw models status --probe`,
    );
    const ai = new URL(regions.ai.moonshotBaseUrl).host;
    const cn = new URL(regions.cn.moonshotBaseUrl).host;
    expect(said()).toContain(
      `gateway: MOONSHOT_API_KEY is refused by both moonshot (${ai}), moonshot-cn (${cn}) (401): no request with it can be answered\n  hint: check the key in the console of the platform it came from`,
    );
    expect(said()).not.toContain(SHARED_KEY);
  }, 60_000);
});

describe('a relay moved by a reload, refusing "${MOONSHOT_API_KEY}" that moonshot refused before', () => {
  it("is still offered a variable of its own only", async () => {
    const { said, at, rewrite, commandPrefix } = await startRelayGateway({
      token: TOKEN,
      relayBaseUrl: relay.baseUrl,
      apiKey: "${MOONSHOT_API_KEY}",
      beside: { moonshot: regions.ai.moonshotBaseUrl, "moonshot-cn": regions.cn.moonshotBaseUrl },
      variables: { ...regions.endpointEnv(), MOONSHOT_API_KEY: SHARED_KEY },
    });
    await eventually(() => said().includes("is refused by both"), 15_000, "moonshot's verdict");
    rewrite({ relayBaseUrl: movedRelay.baseUrl });
    const host = new URL(movedRelay.baseUrl).host;
    await eventually(() => said().includes(`relay (${host})`), 15_000, "the moved relay's line");
    // Before: the reload asked the relay alone, and it was told "put a key made for <relay> in
    // MOONSHOT_API_KEY", which moonshot and moonshot-cn read too.
    expect(said()).not.toContain(`put a key made for ${host} in MOONSHOT_API_KEY`);
    expect(said()).toContain(
      `gateway: relay (${host}) refused MOONSHOT_API_KEY (401), read through its apiKey "\${MOONSHOT_API_KEY}" at ${at}: the key MOONSHOT_API_KEY holds is not one relay takes; /v1/models lists its configured models as they are\n  hint: MOONSHOT_API_KEY is read by moonshot, moonshot-cn too, so relay needs a key of its own: set models.providers.relay.apiKey (${at}) to a variable holding a key made for ${host}, such as "\${RELAY_API_KEY}", in place of \${MOONSHOT_API_KEY}; then check it with: ${commandPrefix}openclaw models status --probe`,
    );
  }, 60_000);
});
