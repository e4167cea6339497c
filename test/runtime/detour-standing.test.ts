/**
 * detourStanding: what the other providers make of moonshot-cn's onboard detour. Who would take
 * a China key exported in MOONSHOT_API_KEY (a provider the user relies on whose key that variable
 * is, unless a source ahead of it holds one), and whether `moonshot` already reaches the China
 * platform with a key. Pure: catalogs from config text, keys told by a lookup.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { KeyTarget } from "../../src/auth/index.js";
import { buildCatalog, type Catalog, type KeySource } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { detourStanding, type KeySourceOf } from "../../src/runtime/detour-standing.js";
import { tempFiles } from "../helpers/tmp.js";

const CN = { provider: "moonshot-cn", baseUrl: "https://api.moonshot.cn/v1" };
const AI_PLATFORM = "the international platform (api.moonshot.ai)";

function catalogFrom(config: unknown): Catalog {
  const dir = tempFiles({ "openclaw.json": JSON.stringify(config) });
  return buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
}

/** No provider has a key. */
const noKeys: KeySourceOf = () => undefined;

/** `provider` has a key from `source`; no other has one. */
function keyOf(provider: string, source: KeySource): KeySourceOf {
  return (target: KeyTarget) => (target.provider === provider ? source : undefined);
}

function standing(config: unknown, keySourceOf: KeySourceOf = noKeys) {
  return detourStanding(catalogFrom(config), CN, "MOONSHOT_API_KEY", {}, keySourceOf);
}

describe("detourStanding", () => {
  it("nothing else set up: no one shares the variable, nothing was onboarded", () => {
    expect(standing({})).toEqual({ onboarded: false, sharers: [] });
  });

  it("moonshot configured with apiKey ${MOONSHOT_API_KEY}: it would take the China key", () => {
    const config = { models: { providers: { moonshot: { apiKey: "${MOONSHOT_API_KEY}" } } } };
    expect(standing(config)).toEqual({
      onboarded: false,
      sharers: [{ provider: "moonshot", platform: AI_PLATFORM, refuses: true }],
      movesFrom: AI_PLATFORM,
    });
  });

  it("the built-in moonshot of the default model reads it too; left alone, it does not count", () => {
    const chosen = { agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } };
    expect(standing(chosen).sharers.map((sharer) => sharer.provider)).toEqual(["moonshot"]);
    const alone = { agents: { defaults: { model: { primary: "moonshot-cn/kimi-k2.5" } } } };
    expect(standing(alone).sharers).toEqual([]);
  });

  it("a stored profile comes before the variable; a key written in the config comes after it", () => {
    const config = { models: { providers: { moonshot: { apiKey: "sk-written-in-the-config" } } } };
    const profile: KeySource = { kind: "profile", profileId: "moonshot:default" };
    expect(standing(config, keyOf("moonshot", profile)).sharers).toEqual([]);
    const written: KeySource = {
      kind: "config",
      path: "models.providers.moonshot.apiKey",
      template: "sk-written-in-the-config",
      variables: [],
    };
    expect(standing(config, keyOf("moonshot", written)).sharers).toHaveLength(1);
  });

  it("a provider at the China endpoint too would take a key that works there: not a sharer", () => {
    const config = {
      models: {
        providers: {
          kimi: {
            baseUrl: "https://api.moonshot.cn/v1",
            apiKey: "${MOONSHOT_API_KEY}",
            models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
          },
        },
      },
    };
    expect(standing(config).sharers).toEqual([]);
  });

  it("moonshot at the China endpoint with a key: onboarded, and nothing moves", () => {
    const config = {
      models: { providers: { moonshot: { baseUrl: "https://api.moonshot.cn/v1" } } },
    };
    const profile: KeySource = { kind: "profile", profileId: "moonshot:default" };
    expect(standing(config, keyOf("moonshot", profile))).toEqual({ onboarded: true, sharers: [] });
    expect(standing(config).onboarded).toBe(false);
  });
});
