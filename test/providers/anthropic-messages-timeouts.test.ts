/**
 * A non-streamed Messages call that never answers stops at its own total timeout, told as one,
 * as over chat completions: its answer's head comes only when it is whole, so a first-byte limit
 * the call did not set is no shorter than its total one. Against the simulator over real
 * sockets; the timers are Node's own under vitest's fake clock (no wall-clock waits).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAnthropicMessagesTransport } from "../../src/providers/anthropic-messages.js";
import { Http1Pool } from "../../src/providers/index.js";
import { kimiCodeModel } from "../helpers/models.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Lets the event loop turn `times` times (setImmediate, which the fake clock leaves alone). */
async function turns(times: number): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("a non-streamed anthropic-messages call that hangs", () => {
  it("with totalMs beyond the 600 s default, stops at its total timeout, not a first-byte one", async () => {
    const TOTAL_MS = 900_000;
    const sim: Simulator = await startSimulator();
    const pool = new Http1Pool();
    cleanups.push(
      () => sim.close(),
      () => pool.destroy(),
    );
    sim.script([{ respond: { hang: true } }]);
    const { run } = createAnthropicMessagesTransport({ dispatcher: pool });
    if (run === undefined) throw new Error("the anthropic-messages transport has run()");

    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let settled: unknown;
    const done = run(
      {
        model: kimiCodeModel({ api: "anthropic-messages", baseUrl: `${sim.url}/coding` }),
        request: { messages: [{ role: "user", content: "hi" }] },
        apiKey: sim.keys.kimiCode,
        stream: false,
        timeouts: { totalMs: TOTAL_MS },
      },
      () => {},
    ).then(
      () => "answered",
      (error: unknown) => error,
    );
    void done.then((outcome) => {
      settled = outcome;
    });
    // Date.now is left real: the request reaches the simulator within 5 s of real time.
    const sent = () => sim.requests.some((request) => request.path === "/coding/v1/messages");
    for (const until = Date.now() + 5_000; !sent() && Date.now() < until; ) await turns(1);
    expect(sent()).toBe(true);

    // Past the 600 s the old code gave it as a first-byte limit: still waiting.
    await vi.advanceTimersByTimeAsync(600_001);
    await turns(5);
    expect(settled).toBeUndefined();

    // Past its own total limit: stopped, and told as a total timeout.
    await vi.advanceTimersByTimeAsync(TOTAL_MS - 600_001 + 1);
    await turns(5);
    const error = await done;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      `no complete answer within ${TOTAL_MS} ms (total timeout)`,
    );
  });
});
