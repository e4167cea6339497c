/**
 * `models scan` says when the endpoint reports another context window than the config's, in
 * token counts written as the rest of the CLI writes them (262,144, not 262144).
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

const CONFIG = `{
  models: {
    providers: {
      moonshot: {
        baseUrl: "\${SIM_URL}",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5", contextWindow: 128000 }],
      },
    },
  },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
}
`;

describe("models scan, a context window the endpoint reports otherwise", () => {
  it("names both windows with thousands separators", async () => {
    const state = freshState({ SIM_URL: sim.moonshotBaseUrl, MOONSHOT_API_KEY: MOONSHOT_KEY });
    writeFileSync(state.configPath, CONFIG);
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(0);
    expect(scan.stdout.replace(/\s+/g, " ")).toContain(
      "~ differs kimi-k2.5: the endpoint says it has a context window of 262,144 (the config says 128,000); set contextWindow to match: openclaw config set 'models.providers.moonshot.models[0].contextWindow' '262144'",
    );
  });
});
