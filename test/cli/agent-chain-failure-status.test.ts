/**
 * `openclaw agent --json` for a default chain whose primary is rate limited with a wait and whose
 * fallback's balance is used up: the error is the rate limit, with its wait, as the gateway
 * answers it, each model's failure told in order. Before, the used-up balance, with no wait.
 * The built CLI, real sockets to the simulator.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent --json for a chain that failed on every model", () => {
  it("reports the failure that passes with time, with its wait, and the last one's words", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.failNext(
      1,
      {
        status: 429,
        type: "rate_limit_reached_error",
        message: "Your account reached max request: 3, please try again after 120 seconds",
        retryAfter: 120,
      },
      { model: "kimi-k2.5" },
    );
    sim.failNext(1, "quota", { model: "kimi-for-coding" });
    const result = await runCli(["agent", "-m", "hi", "--json"], { env: cliEnv });
    expect(result.code).not.toBe(0);
    const json = JSON.parse(result.stdout) as {
      error: { class: string; retryAfterMs?: number; message: string; model: string };
      failedAttempts: { model: string; errorClass: string }[];
    };
    expect([json.error.class, json.error.retryAfterMs, json.error.model]).toEqual([
      "rate_limit",
      120_000,
      "kimi-k2.5",
    ]);
    expect(json.error.message).toContain(
      "every model of the chain failed: moonshot/kimi-k2.5: rate limited (429); kimi-code/kimi-for-coding: balance or quota used up (429). The status is moonshot/kimi-k2.5's, as its failure passes with time and kimi-code/kimi-for-coding's does not: ",
    );
    expect(json.error.message).toContain(". Last, kimi-code/kimi-for-coding: ");
    expect(json.failedAttempts.map((attempt) => [attempt.model, attempt.errorClass])).toEqual([
      ["moonshot/kimi-k2.5", "rate_limit"],
      ["kimi-code/kimi-for-coding", "quota"],
    ]);
  });
});
