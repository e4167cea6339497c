/**
 * `agent` with moonshot pointed at the China endpoint and an international key, a fallback
 * configured: the line falling back from moonshot says under it what to fix (the baseUrl of the
 * key's region), as it does for a base URL without an API, instead of only "the key works on
 * Moonshot international" while another model answers every request.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState } from "../onboard/harness.js";

const regions = regionSimulators();

describe("falling back from a key of the other region", () => {
  it("says under the fallback line which baseUrl takes the key", async () => {
    const state = freshState({ ...regions.endpointEnv(), NO_COLOR: "1", COLUMNS: "1000" });
    writeFileSync(
      state.configPath,
      JSON.stringify({
        env: {
          MOONSHOT_API_KEY: regions.ai.keys.moonshot,
          KIMICODE_API_KEY: regions.ai.keys.kimiCode,
        },
        agents: {
          defaults: {
            model: { primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"] },
          },
        },
        models: {
          providers: {
            moonshot: { baseUrl: regions.cn.moonshotBaseUrl },
            "kimi-code": { baseUrl: regions.ai.kimiCodeBaseUrl },
          },
        },
      }),
      { mode: 0o600 },
    );

    const result = await state.run(["agent", "-m", "hi"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Echo: hi");
    const lines = result.stderr.split("\n");
    const fallback = lines.findIndex((line) =>
      line.startsWith("falling back from moonshot/kimi-k2.5 to kimi-code/kimi-for-coding: "),
    );
    expect(fallback).toBeGreaterThanOrEqual(0);
    expect(lines[fallback + 1]).toBe(
      `  hint: set models.providers.moonshot.baseUrl at ${state.configPath}:1 to ${regions.ai.moonshotBaseUrl} (this key belongs to that region); or put the right key in the config's env.MOONSHOT_API_KEY (read when openclaw starts), or store one with: openclaw onboard --auth-choice moonshot-api-key-cn, which the next openclaw command reads`,
    );
    expect(result.stderr).not.toContain(regions.ai.keys.moonshot);
  });
});
