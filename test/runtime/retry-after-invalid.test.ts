/**
 * A `Retry-After` that is neither seconds nor an HTTP date (`-5`, `soon 2`) is no wait at all:
 * it is ignored and the backoff applies, instead of being read by the JavaScript date parser as
 * a day in 2001 (a wait of 0 ms, so a rate-limited model was asked again at once).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/providers/retry-after.js";
import { openRuntime, type RuntimeEvent } from "../../src/runtime/index.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

let env: SimEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const now = Date.parse("2026-01-01T00:00:00Z");

describe("a Retry-After that is not one", () => {
  it.each(["-5", "-1", "-0", "soon 2", "later 12"].map((value) => [value]))(
    "%j names no wait (seconds have no sign, and it is no HTTP date)",
    (value) => {
      expect(parseRetryAfter({ "retry-after": value }, now)).toBeUndefined();
      expect(parseRetryAfter({ "x-retry-after": value }, now)).toBeUndefined();
    },
  );

  it("HTTP dates in all three forms still name their wait, a past one none", () => {
    for (const date of [
      "Thu, 01 Jan 2026 00:00:05 GMT",
      "Thursday, 01-Jan-26 00:00:05 GMT",
      "Thu Jan  1 00:00:05 2026",
    ]) {
      expect(parseRetryAfter({ "retry-after": date }, now), date).toBe(5000);
    }
    expect(parseRetryAfter({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }, now)).toBe(0);
  });

  it("a 429 with Retry-After: -5 is backed off from, not asked again at once", async () => {
    env = await startSimEnv();
    env.sim.failNext(1, {
      status: 429,
      type: "rate_limit_reached_error",
      message: "rate limit reached",
      retryAfter: "-5",
    });
    const { runtime } = openRuntime({
      env: env.env,
      retry: { baseDelayMs: 400, maxDelayMs: 400 },
    });
    const events: RuntimeEvent[] = [];
    for await (const event of runtime.stream({
      request: { messages: [{ role: "user", content: "hi" }] },
    })) {
      events.push(event);
    }
    const retry = events.find((event) => event.type === "retry");
    if (retry?.type !== "retry") throw new Error("no retry event");
    expect(retry.error.errorClass).toBe("rate_limit");
    expect(retry.error.retryAfterMs).toBeUndefined();
    expect(retry.error.hint).not.toContain("asked to wait");
    // Equal-jitter backoff of a 400 ms step: never under half of it.
    expect(retry.delayMs).toBeGreaterThanOrEqual(200);
    expect(events.at(-1)?.type).toBe("result");
    expect(env.sim.chatRequests()).toHaveLength(2);
  });
});
