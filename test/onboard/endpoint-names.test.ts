import { describe, expect, it } from "vitest";
import { namedApart, onboardEndpointAddress } from "../../src/onboard/endpoint-names.js";

describe("namedApart", () => {
  it("keeps short addresses that tell the endpoints apart", () => {
    const endpoints = [
      { address: "api.moonshot.ai", baseUrl: "https://api.moonshot.ai/v1" },
      { address: "127.0.0.1:4010", baseUrl: "http://127.0.0.1:4010/v1" },
    ];
    expect(namedApart(endpoints)).toEqual(endpoints);
  });

  it("names every endpoint by its base URL when one already is (a custom one, a path of its own)", () => {
    expect(
      namedApart([
        {
          label: "custom",
          address: "https://gw.example/moonshot/v1",
          baseUrl: "https://gw.example/moonshot/v1",
        },
        {
          label: "Moonshot China",
          address: "api.moonshot.cn",
          baseUrl: "https://api.moonshot.cn/v1",
        },
      ]).map((endpoint) => endpoint.address),
    ).toEqual(["https://gw.example/moonshot/v1", "https://api.moonshot.cn/v1"]);
  });

  it("names every endpoint by its base URL when two share a host, the login masked", () => {
    const env = {
      OPENCLAW_MOONSHOT_AI_BASE_URL: "http://me:secret-01@127.0.0.1:4010/v1",
      OPENCLAW_KIMI_CODE_BASE_URL: "http://127.0.0.1:4010/coding/v1",
    };
    expect(onboardEndpointAddress("moonshot-ai", env)).toEqual({
      address: "http://me:***@127.0.0.1:4010/v1",
      overrideVar: "OPENCLAW_MOONSHOT_AI_BASE_URL",
    });
    expect(onboardEndpointAddress("kimi-code", env).address).toBe(
      "http://127.0.0.1:4010/coding/v1",
    );
    expect(onboardEndpointAddress("moonshot-cn", env)).toEqual({
      address: "https://api.moonshot.cn/v1",
    });
  });
});
