/**
 * Onboarding names the endpoints it speaks of in one form, each told from the others. Against
 * the simulator run by hand (Moonshot international at `<url>/v1`, China at `<url>/cn/v1`, Kimi
 * Code at `<url>/coding/v1`, one host), a key of the other region was refused by "Moonshot
 * international (127.0.0.1:4010)" and accepted by "Moonshot China (http://127.0.0.1:4010/cn/v1)":
 * one by its host, the other by its URL, in one sentence; and Kimi Code's key was asked for as
 * "127.0.0.1:4010"'s, the host Moonshot's was asked for by too. Now every endpoint is named by its
 * base URL whenever the short addresses would not tell them apart. The built CLI against the
 * simulator (`npm run build` first).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";
import { expectNoSecrets, freshState, MOONSHOT_CN_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim.close();
});

/** The hand-run simulator's variables, as its banner says to export them. */
function oneHostEnv(): Record<string, string> {
  return {
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_MOONSHOT_CN_BASE_URL: sim.moonshotBaseUrl.replace(/\/v1$/, "/cn/v1"),
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  };
}

describe("onboarding's endpoints on one host", () => {
  it("names both regions by their base URLs in the wrong-region refusal", async () => {
    const env = oneHostEnv();
    const state = freshState(env);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_CN_KEY));
    expect(result.code).toBe(1);
    expectNoSecrets(result, MOONSHOT_CN_KEY);
    expect(result.stderr).toContain(
      `error: Moonshot international (${env.OPENCLAW_MOONSHOT_AI_BASE_URL}) rejected the key (401 invalid_authentication_error), but Moonshot China (${env.OPENCLAW_MOONSHOT_CN_BASE_URL}) accepts it`,
    );
    // No endpoint named by the host alone.
    expect(result.stderr).not.toContain(`(${new URL(sim.url).host})`);
  });

  it("asks for Kimi Code's key by its base URL, not the host Moonshot's is asked by", async () => {
    const env = oneHostEnv();
    const state = freshState();
    const term = startTerminal(["onboard", "--auth-choice", "kimi-code-api-key"], {
      cwd: state.dir,
      env: { ...state.env, ...env, TERM: "dumb" },
    });
    try {
      await term.waitFor(`Kimi Code API key (${env.OPENCLAW_KIMI_CODE_BASE_URL})`);
      term.write(CTRL_C);
      expect(await term.exited).toBe(130);
    } finally {
      term.kill();
    }
  });

  it("keeps the short addresses while they tell the endpoints apart", async () => {
    // Only the international endpoint moved: its host beside the public ones, as before.
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const result = await state.run(onboardWithKey("moonshot-api-key", sim.keys.moonshot, "--json"));
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { check: { message: string } };
    expect(summary.check.message).toContain(
      `the key works on Moonshot international at ${new URL(sim.url).host} (`,
    );
  });
});
