/**
 * `openclaw agent --model <ref>` (and a gateway client's `model`, through the same runtime) for a
 * model that failed in a way a fallback would have helped, while the config's default chain has
 * fallbacks: a model asked for by name gets none, so the hint points to openclaw/default, naming
 * its chain. Before, it asked to "configure a fallback model", which the config already had.
 * The built CLI, real sockets to the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent --model <ref> failing while the default chain has fallbacks", () => {
  it("points to openclaw/default and its fallbacks instead of asking for one", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.failNext(3, "server", { model: "kimi-k2.5" });
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "hint: the provider had a server error; it is usually temporary: retry, or ask for openclaw/default instead (moonshot/kimi-k2.5, then kimi-code/kimi-for-coding): the configured fallbacks back the default model only, not a model asked for by name",
    );
    expect(result.stderr).not.toContain("configure a fallback model");
    // Nothing went to the fallback: a model asked for by name is tried alone.
    expect(sim.chatRequests().map((request) => (request.body as { model: string }).model)).toEqual([
      "kimi-k2.5",
      "kimi-k2.5",
      "kimi-k2.5",
    ]);
  });

  it("without fallbacks configured, still asks for one", async () => {
    const { sim, cliEnv } = await setup();
    sim.failNext(3, "server", { model: "kimi-k2.5" });
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("retry, or configure a fallback model");
  });
});
