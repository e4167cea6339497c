/**
 * A runtime opened from a config object, asked for a model id no provider has: bare
 * (`kimi-k2.7`) it was told to make the name an alias, as a ref (`moonshot/kimi-k2.7`) "did you
 * mean" the closest model and how to add the new one to the object. Now both say the latter, as the
 * CLI does for both forms. A name close to no model keeps the alias advice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOpenClawError, type OpenClawConfig, openRuntime } from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";
import { type Simulator, startSimulator } from "./simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

const FIX =
  'did you mean "moonshot/kimi-k2.5"? If "kimi-k2.7" is a new model of moonshot, add it under models.providers.moonshot.models in the config object given, then open the runtime (or start the gateway) again with it';

async function refusal(model: string): Promise<{ code: string; message: string; hint: string }> {
  const config: OpenClawConfig = {
    models: {
      providers: { moonshot: { baseUrl: sim.moonshotBaseUrl, apiKey: sim.keys.moonshot } },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  };
  const { runtime } = openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir("words-") } });
  try {
    await runtime.complete({ model, request: { messages: [{ role: "user", content: "Hi" }] } });
  } catch (error) {
    if (isOpenClawError(error))
      return { code: error.code, message: error.message, hint: error.hint ?? "" };
    throw error;
  }
  throw new Error(`${model} was not refused`);
}

describe("a runtime from a config object, asked for an unknown model id", () => {
  it("says the same fix for the bare id and its ref", async () => {
    const bare = await refusal("kimi-k2.7");
    const ref = await refusal("moonshot/kimi-k2.7");
    expect(bare).toEqual({
      code: "model.unknown",
      message: 'unknown model or alias "kimi-k2.7" (closest: moonshot/kimi-k2.5)',
      hint: FIX,
    });
    expect(ref).toEqual({
      code: "model.unknown",
      message: 'unknown model "kimi-k2.7" for provider "moonshot" (closest: moonshot/kimi-k2.5)',
      hint: FIX,
    });
  });

  // A display name is no model's id: it was told 'If "Kimi K2.6" is a new model of moonshot, add
  // it under models.providers.moonshot.models', which would add an entry with that id.
  it("a display name with a space: the closest model and the alias advice, not a new model", async () => {
    const { hint } = await refusal("Kimi K2.6");
    expect(hint).not.toContain("is a new model");
    expect(hint).toBe(
      'did you mean "moonshot/kimi-k2.5"? Name the model by its ref ("provider/model"), or make "Kimi K2.6" an alias: add "<provider/model>": { alias: "Kimi K2.6" } under agents.defaults.models in the config object given, then open the runtime (or start the gateway) again with it',
    );
  });

  it("keeps the alias advice for a name close to no model", async () => {
    expect((await refusal("my model")).hint).toBe(
      'name the model by its ref ("provider/model"), or make "my model" an alias: add "<provider/model>": { alias: "my model" } under agents.defaults.models in the config object given, then open the runtime (or start the gateway) again with it',
    );
  });
});
