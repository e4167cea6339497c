/**
 * A `Retry-After` of years (a broken header) benches the model for a day at most, says the wait
 * as a person reads it, and a gateway client is never told to wait longer than that day; a wait
 * of hours (a quota window) is still honoured whole.
 */
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { ProviderError } from "../../src/providers/errors.js";
import { describeWait } from "../../src/providers/retry-after.js";
import { cooldownFor, createRuntime, DEFAULT_COOLDOWNS } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "../gateway/harness.js";
import { fakeKey, model } from "./fixtures.js";
import { type SimEnv, startSimEnv } from "./sim-env.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BROKEN = "99999999999999999999";

let env: SimEnv | undefined;
let gateway: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  await gateway?.close();
  env = undefined;
  gateway = undefined;
});

describe("a Retry-After of years", () => {
  it("is said as a person reads a wait", () => {
    expect(describeWait(1_000)).toBe("1 s");
    expect(describeWait(90_000)).toBe("90 s");
    expect(describeWait(5 * 60_000)).toBe("5 min");
    expect(describeWait(5 * HOUR)).toBe("5 h");
    expect(describeWait(3 * DAY)).toBe("3 days");
    expect(describeWait(1e23)).toBe("more than a year");
  });

  it("benches a rate-limited model for a day at most, a quota window of hours whole", () => {
    expect(cooldownFor("rate_limit", 1e23, DEFAULT_COOLDOWNS)).toEqual({
      target: "model",
      ms: DAY,
    });
    expect(cooldownFor("overloaded", 1e23, DEFAULT_COOLDOWNS)?.ms).toBe(DAY);
    expect(cooldownFor("rate_limit", 5 * HOUR, DEFAULT_COOLDOWNS)?.ms).toBe(5 * HOUR);
  });

  it("a runtime falls back and skips the model for at most a day, not 1e+20 s", async () => {
    env = await startSimEnv();
    const { sim } = env;
    const runtime = createRuntime({
      resolveChain: () =>
        ["moonshot/kimi-k2.5", "moonshot/kimi-k2-turbo-preview"].map((ref) =>
          model(ref, { baseUrl: sim.moonshotBaseUrl }),
        ),
      resolveKey: () => fakeKey(sim.keys.moonshot, "fp-moonshot"),
      // A clock that stands still: the skip tells the whole bench, not less by the test's time.
      clock: () => 1_000_000,
    });
    sim.failNext(1, {
      status: 429,
      type: "rate_limit_reached_error",
      message: "rate limit reached",
      retryAfter: BROKEN,
    });
    const ask = { messages: [{ role: "user" as const, content: "hi" }] };
    const fallbacks: ProviderError[] = [];
    for await (const event of runtime.stream({ request: ask })) {
      if (event.type === "fallback") fallbacks.push(event.error);
      if (event.type === "result")
        expect(event.result.model).toBe("moonshot/kimi-k2-turbo-preview");
    }
    expect(fallbacks[0]?.hint).toContain("the provider asked to wait more than a year");
    const second = await runtime.complete({ request: ask });
    const skip = second.failedAttempts[0]?.message ?? "";
    expect(/cooling down for (\d+)s/.exec(skip)?.[1]).toBe(String(DAY / 1000));
  });

  it("a gateway client is told Retry-After of a day at most", async () => {
    gateway = await startGatewayEnv();
    gateway.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          error: {
            status: 429,
            type: "rate_limit_reached_error",
            message: "rate limit reached",
            retryAfter: BROKEN,
          },
        },
        times: 10,
      },
    ]);
    const client = new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: gateway.baseURL, maxRetries: 0 });
    const error = await client.chat.completions
      .create({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(429);
    expect(apiError.headers?.get("retry-after")).toBe(String(DAY / 1000));
    expect(apiError.message).toContain("asked to wait more than a year");
    expect(apiError.message).not.toContain("e+");
  });
});
