/**
 * A key benched for a used-up balance is tried again (probed) 30 s on. When that probe is
 * rate-limited rather than refused for the balance, the provider did not say the balance again:
 * the next skip says so ("its last try got a rate limit instead, which does not tell whether
 * the balance is back"), where it repeated the earlier balance refusal alone, as if the probe had
 * found it still used up. Real sockets to the simulator; the clock is the test's.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OpenClawError } from "../../src/errors.js";
import { createRuntime } from "../../src/runtime/index.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { fakeKey, model } from "./fixtures.js";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const request = { messages: [{ role: "user" as const, content: "hi" }] };

describe("a balance-benched key whose probe is rate-limited", () => {
  it("is skipped saying the probe got a rate limit, not that the balance is still used up", async () => {
    sim = await startSimulator();
    let now = 1_000_000;
    const primary = model("moonshot/kimi-k2.5", { baseUrl: sim.moonshotBaseUrl });
    const runtime = createRuntime({
      resolveChain: () => [primary],
      resolveKey: () => fakeKey(sim?.keys.moonshot, "fp-moonshot"),
      clock: () => now,
      sleep: async () => {},
    });
    sim.failNext(1, "quota");
    await expect(runtime.complete({ request })).rejects.toMatchObject({ errorClass: "quota" });
    now += 30_000;
    sim.failNext(3, "rateLimit");
    await expect(runtime.complete({ request })).rejects.toMatchObject({
      errorClass: "rate_limit",
    });
    expect(sim.chatRequests()).toHaveLength(4);
    now += 5_000;
    const skipped = (await runtime
      .complete({ request })
      .catch((caught: unknown) => caught)) as OpenClawError;
    expect(sim.chatRequests()).toHaveLength(4);
    expect(skipped.message).toMatch(
      /^moonshot\/kimi-k2\.5 not tried: the API key of provider moonshot ran out of balance or quota on an earlier request: .*exceeded_current_quota_error.*; its last try got a rate limit instead, which does not tell whether the balance is back$/,
    );
    expect(skipped.hint).toContain("the key is tried again every 30 s, next in 25s");
  });
});
