/**
 * A run its signal stopped, as a program logs it: the error (whose cause chain ends at the
 * signal's reason, a DOMException Node made) must print with console.error / util.inspect and
 * its cause must be readable, through the package's entry point, which masks key-shaped names
 * in what it throws.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type ProviderError, type Runtime } from "../src/index.js";
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

/** Every error down the cause chain, the signal's reason last. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at instanceof Error && chain.length < 8; at = at.cause) chain.push(at);
  return chain;
}

describe("a cancelled run's error, logged", () => {
  it("abort() mid-request: inspect prints it, and its cause's name and message read", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await stoppedBy(controller.signal);
    expect(error.code).toBe("provider.cancelled");
    expect(() => inspect(error)).not.toThrow();
    expect(inspect(error)).toContain("provider.cancelled");
    const reason = causes(error).at(-1) as Error;
    expect(reason.name).toBe("AbortError");
    expect(reason.message).toBe("This operation was aborted");
  });

  it("abort(reason) with the caller's own error: that same object ends the cause chain", async () => {
    const controller = new AbortController();
    const shuttingDown = new Error("shutting down");
    setTimeout(() => controller.abort(shuttingDown), 100);
    const error = await stoppedBy(controller.signal);
    expect(error.code).toBe("provider.cancelled");
    expect(causes(error).at(-1)).toBe(shuttingDown);
  });

  it("a signal aborted before the call, and one that timed out, print too", async () => {
    for (const signal of [AbortSignal.abort(), AbortSignal.timeout(100)]) {
      const error = await stoppedBy(signal);
      expect(["provider.cancelled", "provider.timeout"]).toContain(error.code);
      expect(() => inspect(error)).not.toThrow();
      expect(() => String((causes(error).at(-1) as Error).name)).not.toThrow();
    }
  });
});
