/**
 * `openclaw agent --timeout` when the provider asks for a wait that ends past the deadline: no
 * retry could answer in time, so the call ends at once, saying the wait and the failure it
 * followed. Before, it printed "retrying … in 50.2s", sat until the deadline and said only that
 * no answer came in time. The built CLI, real sockets to the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent --timeout and a Retry-After past it", () => {
  it("ends the call with the wait and the rate limit, not a bare timeout", async () => {
    const { sim, cliEnv } = await setup();
    sim.failNext(
      1,
      {
        status: 429,
        type: "rate_limit_reached_error",
        message: "Your account reached max request: 3, please try again after 50 seconds",
        retryAfter: 50,
      },
      { model: "kimi-k2.5" },
    );
    // A wait of 50 s is retried within a call (up to 60 s is); the deadline is shorter.
    const result = await runCli(["agent", "-m", "hi", "--timeout", "10"], { env: cliEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: no complete answer from moonshot/kimi-k2.5 within 10000 ms (the whole call, retries included): the next try was due in 50 s, the wait the provider asked for, past that deadline, after: moonshot (",
    );
    expect(result.stderr).toContain("rate-limited the request for model kimi-k2.5: 429");
    expect(result.stderr).toContain("hint: raise --timeout (in seconds; 0: no limit)");
    expect(result.stderr).not.toContain("retrying moonshot/kimi-k2.5");
    expect(sim.chatRequests()).toHaveLength(1);
  });
});
