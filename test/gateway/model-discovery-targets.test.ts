/**
 * Which providers the gateway asks for their model list, and when a reload makes it ask again:
 * a changed endpoint, header or key does; nothing else does. Pure: a catalog from a config
 * object, no socket.
 */
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../src/catalog/index.js";
import { loadConfigObject } from "../../src/config/index.js";
import { createModelDirectory, type GatewayModel } from "../../src/gateway/model-directory.js";
import { discoveryTargets } from "../../src/gateway/model-discovery.js";

/** A keyless custom provider whose token goes in a header, as some proxies want it. */
function targetsWith(token: string, baseUrl = "http://127.0.0.1:9/v1") {
  const catalog = buildCatalog(
    loadConfigObject({
      models: {
        mode: "replace",
        providers: {
          proxy: {
            baseUrl,
            authHeader: false,
            headers: { Authorization: `Bearer ${token}` },
            models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
          },
        },
      },
    }),
  );
  const model: GatewayModel = {
    id: "proxy/kimi-k2.5",
    name: "Kimi K2.5",
    ownedBy: "proxy",
    aliases: [],
    usable: true,
    reasoning: false,
    created: 0,
    contextWindow: 200000,
    maxTokens: 8192,
    input: ["text"],
  };
  return discoveryTargets(catalog, createModelDirectory([model], []), () => undefined);
}

describe("the gateway's model-list requests", () => {
  it("are asked again when a header token changes, even to one that prints the same", () => {
    // Both print as the same masked token (its last characters kept): the signature must not
    // be taken from the printed form.
    const before = targetsWith("tok-aaaaaaaaaaaaaaaaaaaa-1234");
    const after = targetsWith("tok-bbbbbbbbbbbbbbbbbbbb-1234");
    expect(before).toHaveLength(1);
    expect(JSON.stringify(before[0]?.endpoint.headers)).toBe(
      JSON.stringify(after[0]?.endpoint.headers),
    );
    expect(after[0]?.signature).not.toBe(before[0]?.signature);
  });

  it("are not asked again when nothing changed, and the signature holds no token", () => {
    const first = targetsWith("tok-aaaaaaaaaaaaaaaaaaaa-1234");
    const again = targetsWith("tok-aaaaaaaaaaaaaaaaaaaa-1234");
    expect(again[0]?.signature).toBe(first[0]?.signature);
    expect(first[0]?.signature).not.toContain("aaaaaaaa");
    expect(
      targetsWith("tok-aaaaaaaaaaaaaaaaaaaa-1234", "http://127.0.0.1:10/v1")[0]?.signature,
    ).not.toBe(first[0]?.signature);
  });
});
