/**
 * Onboarding a custom endpoint says where it checked as one sentence, from the provider's id and
 * its address kept apart: an address on this machine with a port and a path, or with brackets in
 * its path, is said whole after "at", never a bracket beside the count's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardLab } from "../helpers/custom-provider.js";
import { type ScriptedUpstream, startScriptedUpstream } from "../helpers/scripted-upstream.js";
import { freshState } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let keyed: Simulator;
let keyless: Simulator;
beforeAll(async () => {
  keyed = await startSimulator({ region: "ai" });
  keyless = await startSimulator({ region: "ai", keyless: true });
});
afterAll(async () => {
  await keyed?.close();
  await keyless?.close();
});

describe("onboarding a custom endpoint on a local port and path", () => {
  it("with a key: the key works on lab at its base URL", async () => {
    const state = freshState();
    const baseUrl = keyed.otherRegionBaseUrl;
    const result = await state.run(
      onboardLab(baseUrl, "kimi-k2.5", "--custom-api-key", keyed.keys.otherRegion),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`✓ the key works on lab at ${baseUrl} (4 models available)\n`);
  });

  it("without a key: lab at its base URL answers without one", async () => {
    const state = freshState();
    const baseUrl = keyless.otherRegionBaseUrl;
    const result = await state.run(onboardLab(baseUrl, "kimi-k2.5"));
    expect(result.code, result.stderr).toBe(0);
    // Before: "lab (http://127.0.0.1:<port>/cn/v1) answers without a key (4 models available)".
    expect(result.stdout).toContain(
      `✓ lab at ${baseUrl} answers without a key (4 models available)\n`,
    );
  });
});

describe("onboarding a custom endpoint whose path has brackets", () => {
  let upstream: ScriptedUpstream;
  beforeAll(async () => {
    upstream = await startScriptedUpstream("qwen2.5-7b", "trace-brackets");
  });
  afterAll(async () => {
    await upstream?.close();
  });

  it("says its address after 'at', the count in brackets of its own", async () => {
    const state = freshState();
    const baseUrl = upstream.url.replace(/\/v1$/, "/lab(gpu)/v1");
    const result = await state.run(
      onboardLab(baseUrl, "qwen2.5-7b", "--custom-api-key", "sk-lab-brackets-0001"),
    );
    expect(result.code, result.stderr).toBe(0);
    // Before: "the key works on lab (http://127.0.0.1:<port>/lab(gpu)/v1): 1 model available".
    expect(result.stdout).toContain(`✓ the key works on lab at ${baseUrl} (1 model available)\n`);
  });
});
