/**
 * Kimi Code answers a plan whose window is used up with a rate limit too (429
 * `rate_limit_reached_error`, "We're receiving too many requests at the moment…"; the reference's
 * "also Kimi Code quota"). Sent again it fails the same for hours, so when Kimi Code's `/usages`
 * reports a window used up the refusal is the used-up plan: not sent again, told with when the
 * plan resets, and a gateway's client told not to retry (no Retry-After). A rate limit while the
 * plan has room stays a rate limit, tried again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const HOUR_MS = 3_600_000;
/** `2026-07-01 00:00 UTC`: the time as the hint writes it. */
const utc = (time: Date) => `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const tooManyRequests = {
  when: { model: "kimi-for-coding" },
  respond: { error: "kimiCodeRateLimit" as const },
  times: 10,
};

async function chat(url: string): Promise<Response> {
  return fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "hello" }],
    }),
  });
}

const chatRequests = (gateway: GatewayEnv) =>
  gateway.sim.chatRequests().filter((request) => request.surface === "kimi-code").length;

describe("Kimi Code's 'too many requests' of a plan whose 5-hour window is used up", () => {
  it("is the used-up plan: said once, with when it resets, and the client told not to retry", async () => {
    const window = new Date(Date.now() + 3 * HOUR_MS + HOUR_MS / 2);
    env = await startGatewayEnv({
      sim: { kimiCodeWindow: { limit: 100, remaining: 0, resetTime: window.toISOString() } },
      fallbacks: [],
    });
    env.sim.script([tooManyRequests]);

    const response = await chat(env.baseURL);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBeNull();
    expect(response.headers.get("x-should-retry")).toBe("false");
    const told = ((await response.json()) as { error: { message: string; code: string } }).error;
    expect(told.code).toBe("insufficient_quota");
    expect(told.message).toContain(
      `your Kimi Code plan quota is used up: it resets ${utc(window)}, in 3 h`,
    );
    expect(told.message).not.toContain("send fewer requests at once");
    // Not sent again: a retry would only be refused the same way.
    expect(chatRequests(env)).toBe(1);

    // A program on the runtime gets the same class.
    const { runtime } = openRuntime({ env: env.env, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    await expect(
      runtime.complete({
        model: "kimi-code/kimi-for-coding",
        request: { messages: [{ role: "user", content: "hello" }] },
      }),
    ).rejects.toMatchObject({
      errorClass: "quota",
      hint: expect.stringContaining(`it resets ${utc(window)}`),
    });
  });

  it("stays a rate limit, tried again, while /usages reports room in every window", async () => {
    const week = new Date(Date.now() + 50 * HOUR_MS);
    env = await startGatewayEnv({
      sim: { kimiCodeUsage: { limit: 100, remaining: 60, resetTime: week.toISOString() } },
      fallbacks: [],
    });
    env.sim.script([tooManyRequests]);
    const response = await chat(env.baseURL);
    expect(response.status).toBe(429);
    const told = ((await response.json()) as { error: { message: string; code: string } }).error;
    expect(told.code).toBe("rate_limit_exceeded");
    expect(told.message).not.toContain("plan quota is used up");
    expect(chatRequests(env)).toBeGreaterThan(1);
  });
});
