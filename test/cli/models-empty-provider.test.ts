/**
 * `models list|scan --provider "$P"` with P unset: refused as a usage mistake (exit 2). An empty
 * --provider was taken as none given, so `models scan --provider "" --add` asked every provider
 * and added their models, and `models list --provider ""` listed every provider's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

describe("models --provider with an empty value", () => {
  it("list and scan --add say --provider is empty (exit 2) and change nothing", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const onboard = await state.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(onboard.code).toBe(0);
    const before = JSON.stringify(state.config());
    for (const args of [
      ["models", "list", "--provider", ""],
      ["models", "scan", "--provider", "", "--add"],
      ["models", "scan", "--provider", " "],
    ]) {
      const result = await state.run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(result.stderr.trim().split("\n")).toEqual([
        "error: --provider is empty: name one provider",
        expect.stringMatching(/^hint: known providers: .*moonshot/),
      ]);
    }
    expect(JSON.stringify(state.config())).toBe(before);
  });
});
