/**
 * `agent --json` of a run on a model without prices: its `cost` stays the numbers (0), as the
 * guide says, and `unpricedModels` names the models whose tokens those zeros leave unpriced, as
 * `usage --json` does; before, a script read `cost.total: 0` as free with nothing to tell it apart
 * from a priced run, while the text footer said "cost unknown". The built CLI and the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

async function agentJson(primary: string): Promise<Record<string, unknown>> {
  const { sim, cliEnv } = await setup({ primary, fallbacks: [] });
  sim.script([
    { respond: { reply: { text: "ok", usage: { promptTokens: 1000, completionTokens: 100 } } } },
  ]);
  const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("agent --json names the models it could not price", () => {
  it("lists a model without prices in unpricedModels, its cost still 0", async () => {
    const json = await agentJson("kimi-code/kimi-for-coding");
    expect(json.unpricedModels).toEqual(["kimi-code/kimi-for-coding"]);
    expect(json.cost).toMatchObject({ total: 0 });
  });

  it("is [] for a priced model", async () => {
    const json = await agentJson("moonshot/kimi-k2.5");
    expect(json.unpricedModels).toEqual([]);
    expect(json.cost).toMatchObject({ total: 0.00085 });
  });
});
