/**
 * A run its signal stopped, as a program logs it: the error (whose cause chain ends at the
 * signal's reason, a DOMException Node made) must print with console.error / util.inspect and
 * its cause must be readable, through the package's entry point, which masks key-shaped names
 * in what it throws.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type ProviderError, type Runtime } from "../src/index.js";
import { eventually } from "./helpers/wait.js";
import { type SimEnv, startSimEnv } from "./runtime/sim-env.js";

let env: SimEnv;
let runtime: Runtime;
beforeAll(async () => {
  env = await startSimEnv();
  runtime = openRuntime({ env: env.env }).runtime;
});
afterAll(() => env.close());

const hi = { messages: [{ role: "user" as const, content: "hi" }] };

/** The error a hung request rejects with once `signal` stops it. */
async function stoppedBy(signal: AbortSignal): Promise<ProviderError> {
  env.sim.script([{ respond: { hang: true } }]);
  return (await runtime
    .complete({ request: hi, signal })
    .catch((thrown: unknown) => thrown)) as ProviderError;
}

/** The error a hung request rejects with when aborted (with `reason`) once it is upstream. */
async function abortedMidRequest(...reason: [] | [unknown]): Promise<ProviderError> {
  const before = env.sim.chatRequests().length;
  const controller = new AbortController();
  const stopped = stoppedBy(controller.signal);
  await eventually(() => env.sim.chatRequests().length > before, 5000, "the request upstream");
  controller.abort(...reason);
  return stopped;
}

/** Every error down the cause chain, the signal's reason last. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at instanceof Error && chain.length < 8; at = at.cause) chain.push(at);
  return chain;
}

describe("a cancelled run's error, logged", () => {
  it("abort() mid-request: inspect prints it, and its cause's name and message read", async () => {
    const error = await abortedMidRequest();
    expect(error.code).toBe("provider.cancelled");
    expect(inspect(error)).toContain("provider.cancelled");
    const reason = causes(error).at(-1) as Error;
    expect(reason.name).toBe("AbortError");
    expect(reason.message).toBe("This operation was aborted");
  });

  it("abort(reason) with the caller's own error: that same object ends the cause chain", async () => {
    const shuttingDown = new Error("shutting down");
    const error = await abortedMidRequest(shuttingDown);
    expect(error.code).toBe("provider.cancelled");
    expect(causes(error).at(-1)).toBe(shuttingDown);
  });

  it("a signal aborted before the call, and one that timed out, print too", async () => {
    const cases = [
      {
        signal: AbortSignal.abort(),
        code: "provider.cancelled",
        message: "the call to moonshot/kimi-k2.5 was cancelled",
        reason: ["AbortError", "This operation was aborted"],
      },
      {
        signal: AbortSignal.timeout(100),
        code: "provider.timeout",
        message: "did not finish before the deadline of the run's signal",
        reason: ["TimeoutError", "The operation was aborted due to timeout"],
      },
    ];
    for (const { signal, code, message, reason } of cases) {
      const error = await stoppedBy(signal);
      expect(error.code).toBe(code);
      const printed = inspect(error);
      expect(printed).toContain(code);
      expect(printed).toContain(message);
      const last = causes(error).at(-1) as Error;
      expect([last.name, last.message]).toEqual(reason);
    }
  });
});
