/**
 * `models scan` against an endpoint whose `GET /models` gives a model's id alone: the reference
 * says clients read `context_length` and the `supports_*` flags "when present", so a list
 * without them must still be scanned and added, the rest taken from the catalog's defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL_DEFAULTS } from "../../src/catalog/build.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, KIMI_KEY } from "../onboard/harness.js";
import { CURRENT_SIM_MODELS, type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  const kimi = CURRENT_SIM_MODELS.find((model) => model.id === "kimi-for-coding");
  if (!kimi) throw new Error("the simulator serves kimi-for-coding");
  sim = await startSimulator({
    models: [...CURRENT_SIM_MODELS, { ...kimi, id: "kimi-for-coding-next", listedBare: true }],
  });
});
afterAll(async () => {
  await sim?.close();
});

describe("models scan with a model listed by its id alone", () => {
  it("adds it with the catalog's defaults and the sibling's User-Agent, and it answers", async () => {
    const state = freshState({ OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl });
    const onboard = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY, "--skip-health"));
    expect(onboard.code).toBe(0);

    const add = await state.run(["models", "scan", "--add"], { COLUMNS: "200" });
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/\+ new\s+kimi-for-coding-next — added/);
    // What it wrote without the endpoint's word for it is said, so a wrong guess is corrected.
    expect(add.stdout).toContain(
      "— added; not listed, so assumed: ctx 200k, no reasoning, text only (correct it in the config if it differs)",
    );
    const config = state.config() as {
      models: { providers: Record<string, { models: Array<{ id: string }> }> };
    };
    const models = config.models.providers["kimi-code"]?.models ?? [];
    expect(models.find((model) => model.id === "kimi-for-coding-next")).toEqual({
      id: "kimi-for-coding-next",
      name: "kimi-for-coding-next",
      reasoning: MODEL_DEFAULTS.reasoning,
      input: ["text"],
      contextWindow: MODEL_DEFAULTS.contextWindow,
      maxTokens: MODEL_DEFAULTS.maxTokens,
      headers: { "User-Agent": "KimiCLI/0.77" },
      compat: { supportsDeveloperRole: false },
    });

    const agent = await state.run([
      "agent",
      "--model",
      "kimi-code/kimi-for-coding-next",
      "-m",
      "hi",
    ]);
    expect(agent.code).toBe(0);
    expect(agent.stdout).toContain("Echo: hi");
  }, 60_000);
});
