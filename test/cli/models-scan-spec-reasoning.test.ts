/**
 * The spec page's Moonshot config calls kimi-k2.5 `reasoning: false`; Moonshot's GET /models says
 * it reasons. kimi-k2.5 (and the K2 models after it) think unless told not to, and openclaw sends
 * them thinking off and keeps their reasoning on tool calls whatever `reasoning` says: `models
 * scan` told a person who copied the page to set it to true "for thinking levels, and its
 * reasoning kept on tool calls", neither of which it changes. Now it says nothing of it, and
 * keeps the line, in words of what it changes, for a model where reasoning does decide whether
 * a thinking level is sent (kimi-k3 here). The built CLI against the simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** The spec page's Moonshot snippet (its first two models), at the simulator, with kimi-k3. */
const SPEC_CONFIG = `{
  env: { MOONSHOT_API_KEY: "${MOONSHOT_KEY}" },
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: {
        "moonshot/kimi-k2.5": { alias: "Kimi K2.5" },
        "moonshot/kimi-k3": {},
      }
    }
  },
  models: {
    mode: "merge",
    providers: {
      moonshot: {
        baseUrl: "\${SIM_URL}",
        apiKey: "\${MOONSHOT_API_KEY}",
        api: "openai-completions",
        models: [
          {
            id: "kimi-k2.5",
            name: "Kimi K2.5",
            reasoning: false,
            input: ["text"],
            cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
            contextWindow: 256000,
            maxTokens: 8192
          },
          {
            id: "kimi-k3",
            name: "Kimi K3",
            reasoning: false,
            input: ["text", "image"],
            contextWindow: 1048576,
            maxTokens: 8192
          }
        ]
      }
    }
  }
}
`;

it("says nothing of kimi-k2.5's reasoning: false, and what reasoning changes where it does", async () => {
  const state = freshState({ SIM_URL: sim.moonshotBaseUrl });
  writeFileSync(state.configPath, SPEC_CONFIG);
  const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
  expect(scan.code).toBe(0);
  const text = scan.stdout.replace(/\s+/g, " ");
  expect(text).not.toContain("kimi-k2.5: the endpoint says it reasons");
  // Images and video are a real difference: without them in input, openclaw refuses to send one.
  expect(text).toContain("~ differs kimi-k2.5: the endpoint says it takes images and video");
  expect(text).toContain(
    "~ differs kimi-k3: the endpoint says it reasons; a thinking level (--thinking, a client's reasoning effort) is sent to it only with reasoning true: set it to true: openclaw config set 'models.providers.moonshot.models[1].reasoning' 'true'",
  );
  const json = JSON.parse(
    (await state.run(["models", "scan", "--provider", "moonshot", "--json"])).stdout,
  );
  expect(
    json.providers[0].differences.map(
      (difference: { id: string; what: string }) =>
        `${difference.id}: ${difference.what.split(";")[0]}`,
    ),
  ).toEqual(["kimi-k2.5: takes images and video", "kimi-k3: reasons"]);
  // --add writes the new models only: the copied entry is left as the page wrote it.
  expect((await state.run(["models", "scan", "--provider", "moonshot", "--add"])).code).toBe(0);
  const written = readFileSync(state.configPath, "utf8");
  expect(written).toContain(
    'id: "kimi-k2.5",\n            name: "Kimi K2.5",\n            reasoning: false,',
  );
  const config = state.config() as {
    models: { providers: { moonshot: { models: { id: string }[] } } };
  };
  expect(config.models.providers.moonshot.models.map((model) => model.id)).toEqual([
    "kimi-k2.5",
    "kimi-k3",
    "kimi-k2.6",
    "kimi-k2.7-code",
  ]);
});
