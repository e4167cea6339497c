/**
 * A bare `/think` in `openclaw chat` turns thinking the other way from what the model does: a
 * model that thinks unasked (kimi-k2.5, to which "on" is never sent) is turned off, one that
 * answered without reasoning is turned on. The built CLI (`npm run build` first) against the
 * simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

type Sent = { thinking?: { type: string } };

describe("a bare /think in chat", () => {
  it("turns kimi-k2.5, which thinks unless told not to, off at the first /think", async () => {
    const { sim, cliEnv } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      input: "/think\nhi\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^thinking: off$/m);
    const sent = sim.chatRequests().map((request) => (request.body as Sent).thinking);
    expect(sent).toEqual([{ type: "disabled" }]);
  });

  it("after an answer with reasoning, turns it off", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { reasoning: "Let me see.", text: "thought about it" } } }]);
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      input: "first\n/think\n",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/thought about it\nthinking: off\n/);
  });

  it("after an answer without reasoning, turns it on", async () => {
    const { sim, cliEnv } = await setup();
    sim.script([{ respond: { reply: { reasoning: "", text: "plain answer" } } }]);
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
      input: "first\n/think\n",
    });
    expect(result.code).toBe(0);
    // "on" is not sent to kimi-k2.5, which the config calls non-reasoning: said so, as agent says it.
    expect(result.stdout).toMatch(/plain answer\nthinking "on" not sent: moonshot\/kimi-k2\.5 /);
  });
});
