/**
 * With the Moonshot page's config (kimi-k2.5 `reasoning: false`), `/think high` in `openclaw chat`
 * echoed "thinking: high" though no level is sent to that model. It now says what `agent` says
 * with such a request: the level is not sent, and why. The built CLI (`npm run build` first)
 * against the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

const NOT_SENT_HIGH =
  'thinking "high" not sent: moonshot/kimi-k2.5 is not a reasoning model in the config, so the model decides (kimi-k2.5 and later think by default; thinking "off" stops it; reasoning: true on it sends thinking on)';

describe("chat: /think with a level the model is not sent", () => {
  it("says it is not sent and why, in agent's words", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/think high\nhi\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/^thinking: high$/m);
    expect(result.stdout.split("\n")).toContain(NOT_SENT_HIGH);
    // agent, asked the same, says the same of its request.
    const agent = await runCli(
      ["agent", "--model", "moonshot/kimi-k2.5", "--thinking", "high", "-m", "hi"],
      { env: { ...cliEnv, COLUMNS: "1000" } },
    );
    expect(agent.code).toBe(0);
    expect(agent.stderr).toContain(NOT_SENT_HIGH);
    // Nothing of the level went with the turns.
    const sent = sim
      .chatRequests()
      .map((request) => (request.body as { thinking?: unknown }).thinking);
    expect(sent).toEqual([undefined, undefined]);
  });

  it("a reasoning model still echoes the level it is sent", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2-thinking"], {
      env: { ...cliEnv, COLUMNS: "1000" },
      input: "/think high\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^thinking: high$/m);
  });
});
