/**
 * Onboarding a provider the config already has (a new key, another region) leaves the default
 * chain the user wrote alone: README's tour onboards Moonshot, then Kimi Code (the default moves
 * to it, as OpenClaw's onboarding does for a provider new to the config), sets Moonshot as the
 * fallback, and onboarding Moonshot again made it the default and dropped the user's chain to
 * `fallbacks: []`. The built CLI against the simulator, as a script runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim?.close();
});

function selection(config: Record<string, unknown>): unknown {
  return (config.agents as { defaults: { model?: unknown } }).defaults.model;
}

async function tourUpToFallbacks() {
  const state = freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  });
  expect((await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY))).code).toBe(0);
  const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
  expect(kimi.code).toBe(0);
  // A provider new to the config becomes the default, the change named.
  expect(kimi.stdout).toContain(
    "primary model: kimi-code/kimi-for-coding (was moonshot/kimi-k2.5)",
  );
  const set = await state.run([
    "config",
    "set",
    "agents.defaults.model.fallbacks",
    '["moonshot/kimi-k2.5"]',
  ]);
  expect(set.code).toBe(0);
  return state;
}

describe("onboarding a provider already configured", () => {
  it("keeps the default and the fallbacks the user wrote, and says how to switch", async () => {
    const state = await tourUpToFallbacks();
    const again = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(again.code).toBe(0);
    expect(selection(state.config())).toEqual({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    expect(again.stdout).toContain(
      "Default:    kimi-code/kimi-for-coding (kept; to use moonshot/kimi-k2.5 instead: openclaw models set moonshot/kimi-k2.5)",
    );
    expect(again.stdout).toContain("Fallbacks:  moonshot/kimi-k2.5\n");
    expect(again.stdout).not.toContain("primary model:");
  });

  it("--json names the model it did not make the default, and the chain as it stays", async () => {
    const state = await tourUpToFallbacks();
    const again = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(summary.primary).toBe("kimi-code/kimi-for-coding");
    expect(summary.primaryNotMade).toBe("moonshot/kimi-k2.5");
    expect(summary.fallbacks).toEqual(["moonshot/kimi-k2.5"]);
    expect(summary.changes).toEqual([]);
  });

  it("onboarding the default's own provider again leaves the chain as it is too", async () => {
    const state = await tourUpToFallbacks();
    const again = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY, "--json"));
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(summary.primaryNotMade).toBeNull();
    expect(selection(state.config())).toEqual({
      primary: "kimi-code/kimi-for-coding",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
  });

  it("replaces a default on that provider which its model list lacks (a retired id), keeping the fallbacks", async () => {
    const state = await tourUpToFallbacks();
    const chain =
      '{primary: "moonshot/kimi-k2-thinking", fallbacks: ["kimi-code/kimi-for-coding"]}';
    expect((await state.run(["config", "set", "agents.defaults.model", chain])).code).toBe(0);
    const again = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "primary model: moonshot/kimi-k2.5 (was moonshot/kimi-k2-thinking)",
    );
    expect(selection(state.config())).toEqual({
      primary: "moonshot/kimi-k2.5",
      fallbacks: ["kimi-code/kimi-for-coding"],
    });
  });
});
