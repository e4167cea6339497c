/**
 * How every sentence names where a built-in endpoint's key goes (onboarding's menu, prompt and key
 * check; a probe's or a refused request's other endpoint; a platform's name): the public host, an
 * override's host when its path is the public one's, else the override whole, with no login or
 * credential of it shown.
 */
import { describe, expect, it } from "vitest";
import {
  type EndpointId,
  endpointAddress,
  endpointTarget,
  platformName,
} from "../../src/auth/index.js";

const AI = "OPENCLAW_MOONSHOT_AI_BASE_URL";
const KIMI = "OPENCLAW_KIMI_CODE_BASE_URL";

describe("endpointAddress", () => {
  it("is the public host when no override is set, or it is blank", () => {
    expect(endpointAddress("moonshot-ai", {})).toEqual({ address: "api.moonshot.ai" });
    expect(endpointAddress("moonshot-cn", { [AI]: "http://127.0.0.1:1/v1" })).toEqual({
      address: "api.moonshot.cn",
    });
    expect(endpointAddress("kimi-code", { [KIMI]: "  " })).toEqual({
      address: "api.kimi.com/coding",
    });
  });

  it("is the override's host when its path is the public one's, a trailing slash or not", () => {
    for (const url of ["http://127.0.0.1:4010/v1", "http://127.0.0.1:4010/v1/"])
      expect(endpointAddress("moonshot-ai", { [AI]: url })).toEqual({
        address: "127.0.0.1:4010",
        overrideVar: AI,
      });
    expect(endpointAddress("kimi-code", { [KIMI]: "https://proxy.example/coding/v1" })).toEqual({
      address: "proxy.example",
      overrideVar: KIMI,
    });
  });

  it("is the override whole when its path or query is its own, a login or key in it masked", () => {
    const cases: [EndpointId, Record<string, string>, string][] = [
      ["moonshot-ai", { [AI]: "https://gw.example/moonshot/v1" }, "https://gw.example/moonshot/v1"],
      ["moonshot-ai", { [AI]: "http://127.0.0.1:4010" }, "http://127.0.0.1:4010"],
      ["kimi-code", { [KIMI]: "https://gw.example/v1" }, "https://gw.example/v1"],
      [
        "moonshot-ai",
        { [AI]: "https://me:s3cret@gw.example/m/v1" },
        "https://me:***@gw.example/m/v1",
      ],
      [
        "moonshot-ai",
        { [AI]: "https://gw.example/v1?key=s3cret" },
        "https://gw.example/v1?key=***",
      ],
      ["moonshot-ai", { [AI]: "not a url" }, "not a url"],
    ];
    for (const [endpoint, env, address] of cases)
      expect(endpointAddress(endpoint, env).address).toBe(address);
  });

  it("never shows the login of an override at the public path", () => {
    expect(endpointAddress("moonshot-ai", { [AI]: "https://me:s3cret@gw.example/v1" })).toEqual({
      address: "gw.example",
      overrideVar: AI,
    });
  });

  it("is the address a key check names an endpoint by, and calls the whole base URL", () => {
    expect(
      endpointTarget("moonshot-cn", { OPENCLAW_MOONSHOT_CN_BASE_URL: "http://127.0.0.1:4011/v1/" }),
    ).toEqual({
      label: "Moonshot China",
      address: "127.0.0.1:4011",
      baseUrl: "http://127.0.0.1:4011/v1",
    });
    expect(endpointTarget("moonshot-ai", { [AI]: "http://127.0.0.1:4010/ai/v1" }).address).toBe(
      "http://127.0.0.1:4010/ai/v1",
    );
    expect(endpointTarget("kimi-code", {}).address).toBe("api.kimi.com/coding");
  });

  it("is the address a platform is named by at an override; its host elsewhere, as before", () => {
    const env = {
      [AI]: "http://127.0.0.1:4010/v1",
      OPENCLAW_MOONSHOT_CN_BASE_URL: "http://127.0.0.1:4010/cn/v1",
    };
    expect(platformName("moonshot", "http://127.0.0.1:4010/v1", env)).toBe(
      "the international platform (127.0.0.1:4010)",
    );
    expect(platformName("moonshot-cn", "http://127.0.0.1:4010/cn/v1", env)).toBe(
      "the China platform (http://127.0.0.1:4010/cn/v1)",
    );
    expect(platformName("moonshot-cn", "https://api.moonshot.cn/v1", {})).toBe(
      "the China platform (api.moonshot.cn)",
    );
    expect(platformName("kimi", "https://api.moonshot.cn:8443/proxy/v1", {})).toBe(
      "the China platform (api.moonshot.cn:8443)",
    );
    expect(platformName("kimi-code", "https://api.kimi.com/coding/v1", {})).toBe(
      "Kimi Code (api.kimi.com)",
    );
  });
});
