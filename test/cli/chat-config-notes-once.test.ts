/**
 * A note the config causes is said once in a chat, not before every answer: kimi-k2.5 takes one
 * temperature, so a params.temperature 0.7 in the config is sent as 1 with a note saying to remove
 * it, and a chat repeated that note on each turn while the config kept the value. Said again only
 * when its text changes (thinking off: sent as 0.6). The built CLI (`npm run build` first) against
 * the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** Gives moonshot/kimi-k2.5 `params` in the chat's config file. */
function setParams(stateDir: string, params: Record<string, unknown>): void {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.agents.defaults.models["moonshot/kimi-k2.5"] = { params };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** How many times `text` is in `output`. */
function times(output: string, text: string): number {
  return output.split(text).length - 1;
}

describe("chat and a configured value a model does not take", () => {
  it("says the note once per model and text, not on every turn", async () => {
    const { cliEnv, stateDir, sim } = await setup();
    setParams(stateDir, { temperature: 0.7 });
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      input: "first\nsecond\n/think off\nthird\nfourth\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Echo: fourth/);
    const thinking =
      "temperature 0.7 sent as 1: the only value moonshot/kimi-k2.5 takes while it thinks";
    const plain =
      "temperature 0.7 sent as 0.6: the only value moonshot/kimi-k2.5 takes with thinking off";
    const flat = result.stderr.replace(/\s+/g, " ");
    expect(times(flat, thinking)).toBe(1);
    expect(times(flat, plain)).toBe(1);
    expect(
      times(flat, 'remove params.temperature from agents.defaults.models["moonshot/kimi-k2.5"]'),
    ).toBe(2);
    // Each turn still went with the value the model takes.
    expect(
      sim.chatRequests().map((request) => (request.body as { temperature?: number }).temperature),
    ).toEqual([1, 1, 0.6, 0.6]);
  });
});
