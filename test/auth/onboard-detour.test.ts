/**
 * Which providers onboarding stores a key for under another id: advice for them must say so and
 * name the ref that works after it (test/cli/moonshot-cn-key-advice.test.ts follows it end to end).
 */
import { describe, expect, it } from "vitest";
import { ONBOARD_PROVIDERS, onboardDetour } from "../../src/auth/index.js";
import { choiceForEndpoint } from "../../src/onboard/choices.js";

describe("onboardDetour", () => {
  it("moonshot-cn: the China choice stores the key for moonshot", () => {
    expect(onboardDetour("moonshot-cn", "https://api.moonshot.cn/v1", {})).toEqual({
      command: "openclaw onboard --auth-choice moonshot-api-key-cn",
      provider: "moonshot",
      platform: "the China platform (api.moonshot.cn)",
      console: "platform.moonshot.cn",
    });
  });

  it("a provider of the user's own at the international endpoint: the same detour", () => {
    expect(onboardDetour("kimi", "https://api.moonshot.ai/v1/", {})).toMatchObject({
      command: "openclaw onboard --auth-choice moonshot-api-key",
      provider: "moonshot",
      platform: "the international platform (api.moonshot.ai)",
    });
  });

  it("the provider onboarding writes, at either region, takes no detour", () => {
    expect(onboardDetour("moonshot", "https://api.moonshot.cn/v1", {})).toBeUndefined();
    expect(onboardDetour("moonshot", "https://api.moonshot.ai/v1", {})).toBeUndefined();
    expect(onboardDetour("kimi-code", "https://api.kimi.com/coding/v1", {})).toBeUndefined();
  });

  it("an endpoint onboarding knows no choice for takes none", () => {
    expect(onboardDetour("corp", "https://llm.corp.example/v1", {})).toBeUndefined();
  });

  it("names onboarding's own address when an override variable redirects it", () => {
    const env = { OPENCLAW_MOONSHOT_CN_BASE_URL: "http://127.0.0.1:9/v1" };
    expect(onboardDetour("moonshot-cn", "https://api.moonshot.cn/v1", env)?.platform).toBe(
      "the China platform (127.0.0.1:9)",
    );
  });

  it("agrees with the provider each onboard choice writes", () => {
    for (const [endpoint, provider] of Object.entries(ONBOARD_PROVIDERS)) {
      expect(choiceForEndpoint(endpoint as keyof typeof ONBOARD_PROVIDERS).providerId).toBe(
        provider,
      );
    }
  });
});
