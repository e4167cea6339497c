/**
 * Hints fit who reads them: the library's errors name its own options, never a CLI flag, and
 * each command names what its user can do. The library in-process and the built CLI (`npm run
 * build` first), against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runAgentToEnd } from "../../src/agent/index.js";
import { openRuntime } from "../../src/runtime/index.js";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; hint?: string };
  }
  throw new Error("expected a rejection");
}

describe("hints by layer", () => {
  it("runAgent's whole-call timeout names timeouts.totalMs, not --timeout", async () => {
    const { sim, env } = await setup();
    sim.script([{ respond: { hang: true }, times: Number.POSITIVE_INFINITY }]);
    const { runtime } = openRuntime({ env });
    const error = await rejection(
      runAgentToEnd({
        runtime,
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
        timeouts: { totalMs: 300 },
      }),
    );
    expect(error.code).toBe("provider.timeout");
    expect(error.hint).toBe("raise timeouts.totalMs, or try again later");
  });

  it("the runtime's own timeout hint names the library's and the gateway's settings, no flag", async () => {
    const { sim, env } = await setup();
    sim.script([{ respond: { hang: true }, times: Number.POSITIVE_INFINITY }]);
    const { runtime } = openRuntime({ env, retry: { maxAttempts: 1 } });
    const error = await rejection(
      runtime.complete({
        model: "moonshot/kimi-k2.5",
        request: { messages: [{ role: "user", content: "hi" }] },
        timeouts: { firstByteMs: 200, totalMs: 200 },
      }),
    );
    expect(error.code).toBe("provider.timeout");
    expect(error.hint).toMatch(
      /gateway\.timeouts\.totalMs for the gateway, the timeouts\.totalMs option in the library/,
    );
    expect(error.hint).not.toMatch(/--/);
  });

  it("chat's /think off on a model that always thinks names what a chat user can do", async () => {
    const { cliEnv } = await setup();
    const result = await runCli(["chat", "--model", "moonshot/kimi-k2-thinking"], {
      env: cliEnv,
      input: "/think off\nhi\n",
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'moonshot/kimi-k2-thinking refused thinking "off": sent again without it, the model decides\n  hint: this model always thinks: to have answers without thinking, /model one that can stop',
    );
    expect(result.stderr).not.toMatch(/--thinking/);
  });
});
