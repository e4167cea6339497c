/**
 * `models scan --add` when a provider's models are listed in a file the config includes: a list
 * written into the main file would replace the included one (lists are not merged), so the models
 * the user defined there would quietly fall back to the built-in ones. Nothing is added; a warning
 * says where the list is, as onboarding does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

const MAIN = `{
  $include: "./providers.json5",
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
}
`;

function withIncludedModels(): StateDir & { included: string } {
  const state = freshState({ MOONSHOT_API_KEY: MOONSHOT_KEY });
  const included = join(state.dir, "providers.json5");
  writeFileSync(state.configPath, MAIN);
  writeFileSync(
    included,
    `{
  models: {
    providers: {
      moonshot: {
        baseUrl: "${sim.moonshotBaseUrl}",
        models: [
          { id: "kimi-k2.5", name: "Kimi K2.5 mine", contextWindow: 200000 },
        ],
      },
    },
  },
}
`,
  );
  return { ...state, included };
}

interface Row {
  ref: string;
  contextWindow: number;
}

describe("models scan --add with the provider's models in an included file", () => {
  it("adds nothing, keeps the included model as defined, and says where to add them", async () => {
    const state = withIncludedModels();
    const scan = await state.run(["models", "scan", "--add"]);
    expect(scan.code).toBe(0);
    expect(scan.stderr).toContain(
      `warning: moonshot: kimi-k2.6, kimi-k2.7-code, kimi-k3 not added: moonshot's models are listed in ${state.included}:6, and a list in the main config file would replace that one (add them there if you want them listed)\n`,
    );
    // Said once, by the warning: not followed by "added 0 models to …/openclaw.json".
    expect(scan.stderr.match(/not added/g)).toHaveLength(1);
    expect(scan.stdout).not.toMatch(/added 0 models/);
    expect(readFileSync(state.configPath, "utf8")).toBe(MAIN);
    const list = await state.run(["models", "list", "--json"]);
    const rows = (JSON.parse(list.stdout) as { models: Row[] }).models;
    expect(rows.find((row) => row.ref === "moonshot/kimi-k2.5")?.contextWindow).toBe(200000);
  });

  it("--json names them under notAdded", async () => {
    const state = withIncludedModels();
    const scan = await state.run(["models", "scan", "--add", "--json"]);
    expect(scan.code).toBe(0);
    const out = JSON.parse(scan.stdout) as { added: string[]; notAdded?: string[] };
    expect(out.added).toEqual([]);
    expect(out.notAdded?.[0]).toMatch(/^moonshot: kimi-k2\.6, kimi-k2\.7-code, kimi-k3 not added/);
  });
});
