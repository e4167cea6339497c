/**
 * Which ref reaches the other Moonshot region under a config, for a refused key's advice: the
 * other region's built-in provider only while the config keeps it there.
 */
import { describe, expect, it } from "vitest";
import { otherRegionReach } from "../../src/runtime/other-region-reach.js";

const model = { id: "kimi-k2.5", baseUrl: "https://api.moonshot.cn/v1" };
const at = (urls: Record<string, string>) => (provider: string) => urls[provider];

describe("otherRegionReach", () => {
  it("names moonshot/<id> while moonshot is at the international platform", () => {
    const reach = otherRegionReach(model, at({ moonshot: "https://api.moonshot.ai/v1" }), {});
    expect(reach).toEqual({ ref: "moonshot/kimi-k2.5" });
  });

  it("names none once onboarding China's choice moved moonshot to api.moonshot.cn", () => {
    const reach = otherRegionReach(model, at({ moonshot: "https://api.moonshot.cn/v1" }), {});
    expect(reach).toEqual({
      ref: undefined,
      provider: "moonshot",
      at: "https://api.moonshot.cn/v1",
    });
  });

  it("takes an address an OPENCLAW_MOONSHOT_AI_BASE_URL override names as the international platform", () => {
    const relay = "http://127.0.0.1:18799/v1";
    const reach = otherRegionReach(model, at({ moonshot: relay }), {
      OPENCLAW_MOONSHOT_AI_BASE_URL: relay,
    });
    expect(reach).toEqual({ ref: "moonshot/kimi-k2.5" });
  });

  it("says nothing of a base URL that is no Moonshot region", () => {
    const own = { id: "kimi-k2.5", baseUrl: "https://llm.corp.example/v1" };
    expect(otherRegionReach(own, at({}), {})).toBeUndefined();
  });
});
