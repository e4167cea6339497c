/**
 * Onboarding over a default chain written with aliases (`primary: "Kimi Code", fallbacks:
 * ["Kimi K2.5"]`, a valid config): the model it makes the default is compared with the chain as
 * the models its aliases name, so the file it writes still validates.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY, ONBOARD_MOONSHOT, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/**
 * `withMoonshot: false` leaves the Moonshot provider out of the file (the built-in one serves
 * the alias), so that onboarding it makes it the default: onboarding a provider already in the
 * config keeps the default the user chose.
 */
function chainByAlias(
  model: { primary: string; fallbacks: string[] },
  { withMoonshot = true } = {},
): StateDir {
  const state = freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  });
  const config = {
    models: {
      providers: {
        ...(withMoonshot
          ? {
              moonshot: {
                baseUrl: sim.moonshotBaseUrl,
                models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
              },
            }
          : {}),
        "kimi-code": {
          baseUrl: sim.kimiCodeBaseUrl,
          models: [{ id: "kimi-for-coding", name: "Kimi For Coding" }],
        },
      },
    },
    agents: {
      defaults: {
        model,
        models: {
          "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
          "kimi-code/kimi-for-coding": { alias: "Kimi Code" },
        },
      },
    },
  };
  writeFileSync(state.configPath, `${JSON.stringify(config, null, 2)}\n`);
  return state;
}

function model(state: StateDir): unknown {
  return (state.config() as { agents: { defaults: { model: unknown } } }).agents.defaults.model;
}

describe("onboard over a default chain written with aliases", () => {
  it("takes the new default out of the fallbacks when a fallback alias names it", async () => {
    const state = chainByAlias(
      { primary: "Kimi Code", fallbacks: ["Kimi K2.5"] },
      { withMoonshot: false },
    );
    const onboard = await state.run([...ONBOARD_MOONSHOT]);
    expect(onboard.stderr).not.toContain("error");
    expect(onboard.code).toBe(0);
    expect(onboard.stdout).toContain(
      "  - removed moonshot/kimi-k2.5 from the fallbacks (it is now the primary)\n",
    );
    expect(model(state)).toEqual({ primary: "moonshot/kimi-k2.5", fallbacks: [] });
    const validate = await state.run(["config", "validate"]);
    expect(validate.stdout + validate.stderr).not.toContain("cannot also be its fallback");
    expect(validate.code).toBe(0);
  });

  it("leaves a primary written as the alias of the model it sets as it is", async () => {
    const state = chainByAlias({ primary: "Kimi K2.5", fallbacks: ["Kimi Code"] });
    const onboard = await state.run([...ONBOARD_MOONSHOT]);
    expect(onboard.code).toBe(0);
    expect(onboard.stdout).not.toContain("primary model:");
    expect(model(state)).toEqual({ primary: "Kimi K2.5", fallbacks: ["Kimi Code"] });
    expect(onboard.stdout).not.toContain(MOONSHOT_KEY);
  });
});
