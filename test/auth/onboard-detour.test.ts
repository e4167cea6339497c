/**
 * Which providers onboarding stores a key for under another id: advice for them must say so and
 * name the ref that works after it (test/cli/moonshot-cn-key-advice.test.ts follows it end to end).
 */
import { describe, expect, it } from "vitest";
import {
  detourExport,
  detourOtherRef,
  NO_DETOUR_STANDING,
  ONBOARD_PROVIDERS,
  type OnboardDetour,
  onboardDetour,
} from "../../src/auth/index.js";
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

describe("the advice's two ways, as the other providers stand", () => {
  const detour = onboardDetour("moonshot-cn", "https://api.moonshot.cn/v1", {}) as OnboardDetour;
  const ai = "the international platform (api.moonshot.ai)";

  it("the export says which other providers it hands the key to, and where it does not work", () => {
    const export_ =
      "export MOONSHOT_API_KEY=<key from platform.moonshot.cn> to use moonshot-cn/kimi-k2.5 as it is";
    expect(detourExport(detour, "MOONSHOT_API_KEY", "moonshot-cn", "kimi-k2.5")).toBe(export_);
    expect(
      detourExport(detour, "MOONSHOT_API_KEY", "moonshot-cn", "kimi-k2.5", [
        { provider: "moonshot", platform: ai, refuses: true },
        { provider: "corp", platform: "corp (llm.corp.example)", refuses: false },
      ]),
    ).toBe(
      `${export_}, but moonshot and corp read that variable too and would send that key to ${ai} and corp (llm.corp.example)`,
    );
  });

  it("onboarded already: the ref that works, not the command; a moonshot relied on elsewhere: the move", () => {
    expect(detourOtherRef(detour, { onboarded: true, sharers: [] }, "kimi-k2.5")).toBe(
      "use moonshot/kimi-k2.5 instead: provider moonshot already has a key for the China platform (api.moonshot.cn)",
    );
    expect(
      detourOtherRef(detour, { onboarded: false, sharers: [], movesFrom: ai }, undefined),
    ).toBe(
      `run: openclaw onboard --auth-choice moonshot-api-key-cn, which moves provider moonshot from ${ai} to the China platform (api.moonshot.cn) and stores the key for it: then use moonshot/<model>`,
    );
    expect(detourOtherRef(detour, NO_DETOUR_STANDING, "kimi-k2.5")).toBe(
      "run: openclaw onboard --auth-choice moonshot-api-key-cn, which stores the key for provider moonshot on the China platform (api.moonshot.cn): then use moonshot/kimi-k2.5",
    );
  });
});
