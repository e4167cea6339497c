/**
 * `openclaw agent --timeout` with a default chain: when the primary's retry wait (a 429's long
 * Retry-After) would end past the deadline, the retry is not waited for and the fallback is tried
 * within the time left; when no model can answer in time, the error names each model's failure
 * and the deadline. The same through the library's run option budgetMs. The built CLI and
 * openRuntime, real sockets to the simulator; the waits are the simulator's Retry-After, never
 * slept.
 */
import { describe, expect, it } from "vitest";
import { openRuntime } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const startEnv = simEnvPerTest();
const setup = () => startEnv({ fallbacks: ["moonshot/kimi-k2-turbo-preview"] });

const rateLimit = (seconds: number) => ({
  status: 429,
  type: "rate_limit_reached_error",
  message: `Your account reached max request: 3, please try again after ${seconds} seconds`,
  retryAfter: seconds,
});

const asked = (sim: { chatRequests(): { body: unknown }[] }) =>
  sim.chatRequests().map((request) => (request.body as { model?: unknown }).model);

describe("agent --timeout with a fallback", () => {
  it("tries the fallback when the primary's Retry-After passes the deadline", async () => {
    const { sim, cliEnv } = await setup();
    sim.failNext(1, rateLimit(50), { model: "kimi-k2.5" });
    const result = await runCli(["agent", "-m", "hi", "--timeout", "10"], { env: cliEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Echo: hi");
    expect(result.stderr).toContain(
      "falling back from moonshot/kimi-k2.5 to moonshot/kimi-k2-turbo-preview: moonshot (",
    );
    expect(result.stderr).not.toContain("retrying moonshot/kimi-k2.5");
    expect(asked(sim)).toEqual(["kimi-k2.5", "kimi-k2-turbo-preview"]);
  });

  it("names each model's failure and the deadline when none can answer in time", async () => {
    const { sim, cliEnv } = await setup();
    sim.failNext(1, rateLimit(50), { model: "kimi-k2.5" });
    sim.failNext(1, rateLimit(40), { model: "kimi-k2-turbo-preview" });
    const result = await runCli(["agent", "-m", "hi", "--timeout", "10"], { env: cliEnv });
    expect(result.code).toBe(1);
    const stderr = result.stderr.replace(/\n {2}/g, " ");
    expect(stderr).toContain(
      "error: no complete answer within 10000 ms (the whole call, retries and fallbacks included): moonshot/kimi-k2.5: the next try was due in 50 s, the wait the provider asked for, past that deadline, after: moonshot (",
    );
    expect(stderr).toContain(
      "; moonshot/kimi-k2-turbo-preview: the next try was due in 40 s, the wait the provider asked for, past that deadline, after: moonshot (",
    );
    expect(stderr).toContain("hint: raise --timeout (in seconds; 0: no limit)");
    expect(stderr).not.toContain("every model of the chain failed");
    expect(asked(sim)).toEqual(["kimi-k2.5", "kimi-k2-turbo-preview"]);
  });
});

describe("the library's budgetMs", () => {
  it("answers from the fallback when the primary's retry would pass the budget", async () => {
    const { sim, env } = await setup();
    sim.failNext(1, rateLimit(50), { model: "kimi-k2.5" });
    const { runtime } = openRuntime({ env });
    const result = await runtime.complete({
      request: { messages: [{ role: "user", content: "hi" }] },
      budgetMs: 10_000,
    });
    expect(result.model).toBe("moonshot/kimi-k2-turbo-preview");
    expect(result.fallbackFrom).toBe("moonshot/kimi-k2.5");
    expect(result.retries ?? 0).toBe(0);
    expect(asked(sim)).toEqual(["kimi-k2.5", "kimi-k2-turbo-preview"]);
  });

  it("fails with a timeout naming each model and the budget when nothing answers in time", async () => {
    const { sim, env } = await setup();
    sim.failNext(1, rateLimit(50), { model: "kimi-k2.5" });
    sim.failNext(1, rateLimit(40), { model: "kimi-k2-turbo-preview" });
    const { runtime } = openRuntime({ env });
    const error = await runtime
      .complete({ request: { messages: [{ role: "user", content: "hi" }] }, budgetMs: 10_000 })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      errorClass: "timeout",
      message: expect.stringMatching(
        /^no complete answer within 10000 ms \(the whole call, retries and fallbacks included\): moonshot\/kimi-k2\.5: the next try was due in 50 s, .*; moonshot\/kimi-k2-turbo-preview: the next try was due in 40 s, /,
      ),
      hint: "raise budgetMs (the run's time limit), or try again later",
    });
  });

  it("refuses a budget that is no number of milliseconds, naming the field", async () => {
    const { env } = await setup();
    const { runtime } = openRuntime({ env });
    const error = await runtime
      .complete({
        request: { messages: [{ role: "user", content: "hi" }] },
        budgetMs: "10s" as unknown as number,
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "request.invalid",
      where: "budgetMs",
      message: expect.stringContaining(
        "budgetMs must be a number of milliseconds from 0 (no limit)",
      ),
    });
  });
});
