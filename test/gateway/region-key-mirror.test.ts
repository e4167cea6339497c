/**
 * What the gateway's discovery says of a refused environment key, read against the config: a
 * built-in Moonshot provider at an address of its own (a mirror) refusing MOONSHOT_API_KEY alone
 * gets no relay verdict (the ordinary refused-key line says it), and a relay's shared-variable
 * hint names every provider of the config reading that variable, asked this round or not. Pure:
 * a catalog from a config object, outcomes made here, no socket.
 */
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../src/catalog/index.js";
import { loadConfigObject } from "../../src/config/index.js";
import type { DiscoveryOutcome, DiscoveryTarget } from "../../src/gateway/model-discovery.js";
import { type AskedWithEnvKey, regionKeyVerdicts } from "../../src/gateway/region-key.js";
import { customProvider } from "../helpers/custom-provider-entry.js";

const MIRROR = "http://127.0.0.1:9101/v1";
const RELAY = "http://127.0.0.1:9102/v1";
const catalog = buildCatalog(
  loadConfigObject({
    models: {
      mode: "merge",
      providers: {
        moonshot: { baseUrl: MIRROR, apiKey: "${MOONSHOT_API_KEY}" },
        relay: customProvider([{ id: "relay-large", name: "Relay Large" }], {
          baseUrl: RELAY,
          apiKey: "${MOONSHOT_API_KEY}",
        }),
      },
    },
  }),
);

function target(provider: string, baseUrl: string): AskedWithEnvKey["target"] {
  return {
    provider,
    endpoint: { label: provider, provider, baseUrl, headers: {} },
    key: "sk-refused",
    signature: provider,
    envKey: { variable: "MOONSHOT_API_KEY", fingerprint: "f1" },
  };
}

function refused(provider: string, status: number): DiscoveryOutcome {
  return { provider, kind: "failed", reason: `answered ${status}`, status, keyRefused: true };
}

const moonshot = target("moonshot", MIRROR);
const relay = target("relay", RELAY);
const targets: DiscoveryTarget[] = [moonshot, relay];

describe("the discovery's verdict on a refused MOONSHOT_API_KEY", () => {
  it("leaves a built-in moonshot at a mirror, refusing it alone, to the ordinary line", () => {
    for (const status of [401, 403]) {
      const asked = [{ target: moonshot, outcome: refused("moonshot", status) }];
      expect(regionKeyVerdicts(asked, {}, { catalog, targets, acceptedBefore: [] })).toEqual([]);
    }
  });

  it("names, for a relay asked alone, the providers of the config reading the variable", () => {
    const asked = [{ target: relay, outcome: refused("relay", 401) }];
    const verdicts = regionKeyVerdicts(asked, {}, { catalog, targets, acceptedBefore: [] });
    expect(verdicts).toEqual([
      expect.objectContaining({ kind: "own-key-refused", readAlsoBy: ["moonshot"] }),
    ]);
  });
});
