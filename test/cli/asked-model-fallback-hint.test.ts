/**
 * `openclaw agent --model <ref>` (and a program's or gateway client's `model`, through the same
 * runtime) for a model that failed in a way a fallback would have helped, while the config's
 * default chain has fallbacks: a model asked for by name gets none, so the hint points to the
 * default chain, naming it. At the CLI in its flag: leave out --model (a new session), or
 * --model openclaw/default (a session resumed, which stays on its model without the flag); a
 * program is told to ask for openclaw/default. Before, the CLI said "ask for openclaw/default
 * instead", a program's words. The built CLI, and openRuntime, real sockets to the simulator.
 */
import { describe, expect, it } from "vitest";
import { ProviderError } from "../../src/providers/errors.js";
import { openRuntime } from "../../src/runtime/index.js";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

describe("agent --model <ref> failing while the default chain has fallbacks", () => {
  it("says to leave out --model, naming the default chain, instead of asking for a fallback", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.failNext(3, "server", { model: "kimi-k2.5" });
    const result = await runCli(["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5"], {
      env: cliEnv,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "hint: the provider had a server error; it is usually temporary: retry, or leave out --model (or give --model openclaw/default) for the default chain instead (moonshot/kimi-k2.5, then kimi-code/kimi-for-coding): the configured fallbacks back the default model only, not a model asked for by name",
    );
    expect(result.stderr).not.toContain("configure a fallback model");
    // Nothing went to the fallback: a model asked for by name is tried alone.
    expect(sim.chatRequests().map((request) => (request.body as { model: string }).model)).toEqual([
      "kimi-k2.5",
      "kimi-k2.5",
      "kimi-k2.5",
    ]);
  });

  it("with --session-id, says --model openclaw/default (leaving it out keeps the session's model)", async () => {
    const { sim, cliEnv } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.failNext(3, "server", { model: "kimi-k2.5" });
    const result = await runCli(
      ["agent", "-m", "hi", "--model", "moonshot/kimi-k2.5", "--session-id", "s-k-01"],
      { env: cliEnv },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "retry, or run it with --model openclaw/default for the default chain instead (moonshot/kimi-k2.5, then kimi-code/kimi-for-coding): the configured fallbacks",
    );
    expect(result.stderr).not.toContain("leave out --model");
  });

  it("a program's runtime is told to ask for openclaw/default, not a CLI flag", async () => {
    const { sim, env } = await setup({ fallbacks: ["kimi-code/kimi-for-coding"] });
    sim.failNext(3, "server", { model: "kimi-k2.5" });
    const { runtime } = openRuntime({ env, retry: { baseDelayMs: 10, maxDelayMs: 50 } });
    const failure = await runtime
      .complete({
        model: "moonshot/kimi-k2.5",
        request: { messages: [{ role: "user", content: "hi" }] },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ProviderError);
    const hint = (failure as ProviderError).hint ?? "";
    expect(hint).toContain(
      "retry, or ask for openclaw/default instead (moonshot/kimi-k2.5, then kimi-code/kimi-for-coding): the configured fallbacks back the default model only",
    );
    expect(hint).not.toContain("--model");
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
