/**
 * Kimi Code's weekly plan refusal ("You've reached your weekly (7-day) usage limit. Your quota
 * will reset when the current 7-day window ends…") names no time. The gateway asks Kimi Code's
 * `GET /usages` with the same key and tells the client when the quota resets, in UTC and from
 * now, on the OpenAI and Anthropic routes alike; still without `Retry-After`. One lookup a minute
 * per key, and a lookup that fails leaves the refusal as it was told before.
 */
import { afterEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
afterEach(async () => {
  await env?.close();
});

const HOUR_MS = 3_600_000;
/** 2 days, 3 hours and a half from now: "in 2 d 3 h" however long the test takes. */
const resetIn = () => new Date(Date.now() + (51 * HOUR_MS + HOUR_MS / 2));
/** `2026-07-01 00:00 UTC`: the time as the hint writes it. */
const utc = (time: Date) => `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const planRefuses = {
  when: { model: "kimi-for-coding" },
  respond: { error: "planLimit" as const },
  times: 10,
};

async function chat(): Promise<Response> {
  return fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "kimi-code/kimi-for-coding",
      messages: [{ role: "user", content: "hello" }],
    }),
  });
}

const usageLookups = () => env.sim.requests.filter((request) => request.path.endsWith("/usages"));

describe("a used-up Kimi Code plan", () => {
  it("says when the quota resets, asking Kimi Code once a minute per key", async () => {
    const reset = resetIn();
    env = await startGatewayEnv({
      sim: { kimiCodeUsage: { limit: 100, remaining: 0, resetTime: reset.toISOString() } },
      fallbacks: [],
    });
    env.sim.script([planRefuses]);

    const first = await chat();
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBeNull();
    const told = ((await first.json()) as { error: { message: string; code: string } }).error;
    expect(told.code).toBe("insufficient_quota");
    expect(told.message).toContain(
      `your Kimi Code plan quota is used up: it resets ${utc(reset)}, in 2 d 3 h`,
    );
    expect(told.message).not.toContain(env.sim.keys.kimiCode);

    // Anthropic's format carries the same words.
    const messages = await postMessages(env.gateway.url, {
      model: "kimi-code/kimi-for-coding",
      max_tokens: 64,
      messages: [{ role: "user", content: "hello" }],
    });
    expect(messages.status).toBe(429);
    expect(messages.headers.get("retry-after")).toBeNull();
    const anthropic = (await messages.json()) as { type: string; error: { message: string } };
    expect(anthropic.type).toBe("error");
    expect(anthropic.error.message).toContain(`it resets ${utc(reset)}, in 2 d 3 h`);

    // Both refusals within the minute: Kimi Code was asked once, with the same key.
    const lookups = usageLookups();
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.headers.authorization).toBe(`Bearer ${env.sim.keys.kimiCode}`);
  });

  it("says when the 5-hour window resets when only it is used up, not when the week does", async () => {
    // Kimi Code refuses a used-up 5-hour window in the same words as the week.
    const week = resetIn();
    const window = new Date(Date.now() + 3 * HOUR_MS + HOUR_MS / 2);
    env = await startGatewayEnv({
      sim: {
        kimiCodeUsage: { limit: 100, remaining: 40, resetTime: week.toISOString() },
        kimiCodeWindow: { limit: 100, remaining: 0, resetTime: window.toISOString() },
      },
      fallbacks: [],
    });
    env.sim.script([planRefuses]);
    const response = await chat();
    expect(response.status).toBe(429);
    const told = ((await response.json()) as { error: { message: string } }).error;
    expect(told.message).toContain(`it resets ${utc(window)}, in 3 h`);
    expect(told.message).not.toContain(utc(week));
  });

  it("is told as before when /usages reports nothing used up (the billing cycle's limit)", async () => {
    env = await startGatewayEnv({
      sim: { kimiCodeUsage: { limit: 100, remaining: 100, resetTime: resetIn().toISOString() } },
      fallbacks: [],
    });
    env.sim.script([planRefuses]);
    const response = await chat();
    expect(response.status).toBe(429);
    const told = ((await response.json()) as { error: { message: string } }).error;
    expect(told.message).toContain("it comes back when the window the message names ends");
    expect(usageLookups()).toHaveLength(1);
  });

  it("is told as before when /usages fails", async () => {
    env = await startGatewayEnv({ fallbacks: [] });
    env.sim.script([
      planRefuses,
      { when: { path: "/coding/v1/usages" }, respond: { error: "server" }, times: 10 },
    ]);
    const response = await chat();
    expect(response.status).toBe(429);
    const told = ((await response.json()) as { error: { message: string } }).error;
    expect(told.message).toContain(
      "your Kimi Code plan quota is used up: it comes back when the window the message names ends",
    );
    expect(usageLookups()).toHaveLength(1);
  });

  it("is told as before, without waiting it out, when /usages does not answer", async () => {
    env = await startGatewayEnv({ fallbacks: [] });
    env.sim.script([
      planRefuses,
      { when: { path: "/coding/v1/usages" }, respond: { hang: true }, times: 10 },
    ]);
    const response = await chat();
    expect(response.status).toBe(429);
    const told = ((await response.json()) as { error: { message: string } }).error;
    expect(told.message).toContain("it comes back when the window the message names ends");
    expect(usageLookups()).toHaveLength(1);
  });
});
