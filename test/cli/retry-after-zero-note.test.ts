/**
 * `openclaw agent` when the provider refuses with `Retry-After: 0`: the runtime sends the request
 * again at once (a few milliseconds of jitter), and the note says so. Before, it read "retrying
 * moonshot/kimi-k2.5 in 0.0s", a wait that was not one. The built CLI, real sockets to the
 * simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent and a Retry-After of 0", () => {
  it("says it retries now, not in 0.0s", async () => {
    const { sim, cliEnv } = await setup();
    sim.failNext(
      1,
      {
        status: 429,
        type: "rate_limit_reached_error",
        message: "Your account reached max request: 3",
        retryAfter: 0,
      },
      { model: "kimi-k2.5" },
    );
    const result = await runCli(["agent", "-m", "hi"], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("retrying moonshot/kimi-k2.5 now (attempt 2): ");
    expect(result.stderr).not.toContain("in 0.0s");
    expect(sim.chatRequests()).toHaveLength(2);
  });
});
