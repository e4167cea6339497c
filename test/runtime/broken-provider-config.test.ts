/**
 * The library's openRuntime with a provider whose settings fail the schema: that provider is
 * disabled (catalog.problems says why, where), the others run; a problem outside providers still
 * refuses the config. Real simulator, the package's own transport.
 */
import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { openRuntime } from "../../src/runtime/index.js";
import { tempDir } from "../helpers/tmp.js";
import { startSimulator } from "../simulator/index.js";

function config(kimiCodeBaseUrl: string, extra: Record<string, unknown> = {}) {
  return {
    models: {
      mode: "replace",
      providers: {
        moonshot: {
          baseUrl: "https://api.moonshot.ai/v1",
          api: "openai-completions",
          models: [{ id: "kimi-k2.5", name: "Kimi K2.5", contextWindow: "big" }],
        },
        "kimi-code": {
          baseUrl: kimiCodeBaseUrl,
          apiKey: "${KIMICODE_API_KEY}",
          api: "openai-completions",
          headers: { "User-Agent": "KimiCLI/0.77" },
          models: [{ id: "kimi-for-coding", name: "Kimi For Coding" }],
        },
      },
    },
    agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
    ...extra,
  };
}

describe("openRuntime with a provider the schema refuses", () => {
  it("runs the others and says which provider is disabled, and why", async () => {
    const sim = await startSimulator();
    try {
      const { runtime, catalog } = openRuntime({
        config: config(sim.kimiCodeBaseUrl),
        env: { KIMICODE_API_KEY: sim.keys.kimiCode, OPENCLAW_STATE_DIR: tempDir() },
      });
      expect(catalog.providers.has("moonshot")).toBe(false);
      expect(catalog.problems).toContainEqual(
        expect.objectContaining({
          provider: "moonshot",
          path: "models.providers.moonshot.models[0].contextWindow",
          message: 'expected an integer ≥ 1, found the string "big"',
        }),
      );
      const result = await runtime.complete({
        request: { messages: [{ role: "user", content: "hi" }] },
      });
      expect(result.model).toBe("kimi-code/kimi-for-coding");
      await expect(
        runtime.complete({
          model: "moonshot/kimi-k2.5",
          request: { messages: [{ role: "user", content: "hi" }] },
        }),
      ).rejects.toThrow(
        'provider "moonshot" in "moonshot/kimi-k2.5" is not usable: models.providers.moonshot.models[0].contextWindow: expected an integer ≥ 1, found the string "big"',
      );
    } finally {
      await sim.close();
    }
  });

  it("still refuses a config with a problem outside providers", () => {
    let thrown: unknown;
    try {
      openRuntime({
        config: config("http://127.0.0.1:9/v1", { gateway: { port: "x" } }),
        env: { OPENCLAW_STATE_DIR: tempDir() },
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OpenClawError);
    expect((thrown as OpenClawError).code).toBe("config.invalid");
    expect((thrown as OpenClawError).message).toContain("invalid config: 2 problems");
  });
});
