/**
 * How onboarding names where a built-in endpoint's key goes (the region menu, the key prompt and
 * the key check share it): the public host, an override's host when its path is the public
 * one's, else the override whole, with no login or credential of it shown.
 */
import { describe, expect, it } from "vitest";
import { type EndpointId, endpointAddress } from "../../src/onboard/index.js";

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
});
