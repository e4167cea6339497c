/**
 * Where a refused key belongs, as the runtime asks it: the other public endpoints are tried, but
 * a key is never sent to a provider whose keys it cannot be (a Kimi Code key to Moonshot).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyHomeFinder, type FindKeyHome, keyAlternatives } from "../../src/auth/index.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let ai: Simulator;
let cn: Simulator;
let findKeyHome: FindKeyHome;

beforeAll(async () => {
  ai = await startSimulator({ region: "ai" });
  cn = await startSimulator({ region: "cn" });
  findKeyHome = createKeyHomeFinder({
    OPENCLAW_MOONSHOT_AI_BASE_URL: ai.moonshotBaseUrl,
    OPENCLAW_MOONSHOT_CN_BASE_URL: cn.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: ai.kimiCodeBaseUrl,
  });
});
afterAll(async () => {
  await ai?.close();
  await cn?.close();
});

const keysSentTo = (sim: Simulator, prefix: string) =>
  sim.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.headers.authorization);

describe("createKeyHomeFinder", () => {
  it("finds a Kimi Code key refused by Moonshot on Kimi Code, without sending it to Moonshot China", async () => {
    const home = await findKeyHome(ai.moonshotBaseUrl, "moonshot", ai.keys.kimiCode);
    expect(home?.status).toBe("wrong_provider");
    expect(home?.message).toContain("Kimi Code");
    expect(keysSentTo(cn, "/v1/")).toEqual([]);
    expect(keysSentTo(ai, "/coding/")).toEqual([`Bearer ${ai.keys.kimiCode}`]);
  });

  it("still asks both Moonshot regions for a Moonshot key refused by Kimi Code", async () => {
    const home = await findKeyHome(ai.kimiCodeBaseUrl, "kimi-code", cn.keys.moonshot);
    expect(home?.status).toBe("wrong_provider");
    expect(home?.message).toContain("Moonshot China");
  });

  it("does not send a Moonshot key to Kimi Code when no region takes it", async () => {
    const before = keysSentTo(ai, "/coding/").length;
    expect(await findKeyHome(ai.moonshotBaseUrl, "moonshot", "sk-test-moonshot-xx-0009")).toBe(
      undefined,
    );
    expect(keysSentTo(ai, "/coding/").length).toBe(before);
  });
});

describe("keyAlternatives under a config", () => {
  const env = {};
  const china = "https://api.moonshot.cn/v1";
  const regionAdvice = (baseUrlOf?: (provider: string) => string | undefined) =>
    keyAlternatives(china, "moonshot-cn", env, {
      modelId: "kimi-k2.5",
      ...(baseUrlOf ? { baseUrlOf } : {}),
    }).find((alternative) => alternative.relation === "region")?.advice;

  it("names moonshot/<id> while the config keeps moonshot at the international platform", () => {
    expect(regionAdvice(() => "https://api.moonshot.ai/v1")).toMatch(
      /^use moonshot\/kimi-k2\.5 instead: /,
    );
  });

  it("names no moonshot ref when the config has no provider moonshot", () => {
    // Before: taken to be at its built-in address, and named.
    expect(regionAdvice(() => undefined)).toBe(
      "give moonshot-cn a key from platform.moonshot.cn: this one belongs to the international platform (api.moonshot.ai)",
    );
  });

  it("without the config, takes moonshot to be at its built-in address", () => {
    expect(regionAdvice()).toMatch(/^use moonshot\/kimi-k2\.5 instead: /);
  });
});
