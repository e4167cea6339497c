/**
 * The key check's sentences name an endpoint from its name and its address, kept apart: a name
 * with brackets of its own (`LM Studio (qwen2.5)`) is said as written, never read as an address,
 * and an address on this machine with a port and a path is said whole, after "at".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkKey, createKeyHomeFinder } from "../../src/auth/index.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

describe("a key check's sentence about an endpoint with a name of its own", () => {
  it("says a name with a dotted bracket as written, not as the address it is not", async () => {
    const result = await checkKey({
      target: { label: "LM Studio (qwen2.5)", baseUrl: sim.moonshotBaseUrl },
      key: sim.keys.moonshot,
    });
    expect(result.status).toBe("valid");
    // Read back out of the name, the bracket was said as an address: "on LM Studio at qwen2.5".
    expect(result.message).toBe("the key works on LM Studio (qwen2.5): 4 models available");
  });

  it("says such a name and its address, on a local port and path, as one sentence", async () => {
    const result = await checkKey({
      target: {
        label: "lab (gpu.2)",
        address: sim.otherRegionBaseUrl,
        baseUrl: sim.otherRegionBaseUrl,
      },
      key: sim.keys.otherRegion,
    });
    expect(result.status).toBe("valid");
    expect(result.message).toBe(
      `the key works on lab (gpu.2) at ${sim.otherRegionBaseUrl} (4 models available)`,
    );
    // Its other sentences name it with its address in brackets, as before.
    const refused = await checkKey({
      target: {
        label: "lab (gpu.2)",
        address: sim.otherRegionBaseUrl,
        baseUrl: sim.otherRegionBaseUrl,
      },
      key: sim.keys.moonshot,
    });
    expect(refused.status).toBe("invalid");
    expect(refused.message).toBe(
      `lab (gpu.2) (${sim.otherRegionBaseUrl}) rejected the key (401 invalid_authentication_error)`,
    );
  });
});

describe("a refused key's other region", () => {
  it("is said with its address after 'at', not in a bracket inside the refusal's", async () => {
    const env = {
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: sim.otherRegionBaseUrl,
    };
    const home = await createKeyHomeFinder(env)(
      sim.moonshotBaseUrl,
      "moonshot",
      sim.keys.otherRegion,
      "kimi-k2.5",
    );
    expect(home?.status).toBe("wrong_region");
    // The refusal puts this in brackets: "(the key works on Moonshot China (http://…/cn/v1))".
    expect(home?.message).toBe(`the key works on Moonshot China at ${sim.otherRegionBaseUrl}`);
  });
});
