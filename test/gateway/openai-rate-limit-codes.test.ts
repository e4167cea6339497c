/**
 * Rate limits and used-up quotas in the shapes OpenAI clients act on, read with the official
 * `openai` client. OpenAI codes a rate limit `rate_limit_exceeded` and a used-up balance
 * `insufficient_quota` (which Codex CLI stops on instead of retrying), and words a wait to the
 * millisecond ("try again in 1.5s", "in 20ms"), which Codex reads as its delay. Moonshot's own
 * code (`rate_limit_reached_error`) stays in the message.
 */
import OpenAI from "openai";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SimError, SimErrorName } from "../simulator/errors.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2-turbo-preview";
const PROVIDER_CODE = "rate_limit_reached_error";

let env: GatewayEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** A gateway whose upstream refuses every request to MODEL with `fault`. */
async function refusingGateway(fault: SimError | SimErrorName): Promise<OpenAI> {
  env = await startGatewayEnv({ fallbacks: [] });
  env.sim.script([
    { when: { model: "kimi-k2-turbo-preview" }, respond: { error: fault }, times: 1_000 },
  ]);
  return env.client();
}

/** A gateway whose upstream breaks its answer with `fault` after the first words. */
async function breakingGateway(fault: SimErrorName): Promise<OpenAI> {
  env = await startGatewayEnv({ fallbacks: [] });
  env.sim.script([
    {
      respond: {
        reply: { text: "The first words of an answer that breaks off" },
        midStreamError: { afterChunks: 2, error: fault },
      },
    },
  ]);
  return env.client();
}

/** The API error a call ended with (it must end with one). */
async function failureOf(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const failure = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof OpenAI.APIError)) throw new Error(`no API error: ${String(failure)}`);
  return failure;
}

type Route = "chat" | "responses" | "completions";

function ask(client: OpenAI, route: Route): Promise<unknown> {
  if (route === "chat")
    return client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
    });
  if (route === "responses") return client.responses.create({ model: MODEL, input: "hi" });
  return client.completions.create({ model: MODEL, prompt: "hi" });
}

/** A wait exactly as a provider gives it in milliseconds only. */
function rateLimitWithWaitMs(waitMs: number): SimError {
  return {
    status: 429,
    type: PROVIDER_CODE,
    message: "Your account reached max request: 3",
    headers: { "retry-after-ms": String(waitMs) },
  };
}

describe("a rate limit answered whole", () => {
  it.each(["chat", "responses", "completions"] as const)(
    "on %s is a RateLimitError coded rate_limit_exceeded, the provider's code in its message",
    async (route) => {
      const client = await refusingGateway("rateLimit");
      const failure = await failureOf(ask(client, route));
      expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
      expect(failure.code).toBe("rate_limit_exceeded");
      expect(failure.type).toBe("rate_limit_error");
      expect(failure.message).toContain(PROVIDER_CODE);
    },
  );

  it("tells a provider's wait of 1500 ms as OpenAI does, 1.5s, with Retry-After in whole seconds", async () => {
    const client = await refusingGateway(rateLimitWithWaitMs(1500));
    const failure = await failureOf(ask(client, "chat"));
    expect(failure.message).toMatch(/Please try again in 1\.5s\.$/);
    expect(failure.headers?.get("retry-after")).toBe("2");
  });

  it("tells a wait under a second in milliseconds, as OpenAI's 'try again in 20ms'", async () => {
    const client = await refusingGateway(rateLimitWithWaitMs(20));
    const failure = await failureOf(ask(client, "responses"));
    expect(failure.message).toMatch(/Please try again in 20ms\.$/);
    expect(failure.headers?.get("retry-after")).toBe("1");
  });
});

describe("a rate limit whose Retry-After is an HTTP date", () => {
  // The gateway's clock stands 126 ms into a second: the date, two minutes on to the second (past
  // what a retry waits through), is a wait of 119.874 s by that clock, which the provider never
  // said (a date has no milliseconds).
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(["chat", "completions"] as const)(
    "on %s is told in whole seconds, as the Retry-After header the client gets",
    async (route) => {
      vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-01-01T00:00:00.126Z") });
      const client = await refusingGateway({
        status: 429,
        type: PROVIDER_CODE,
        message: "Your account reached max request: 3",
        headers: { "retry-after": "Thu, 01 Jan 2026 00:02:00 GMT" },
      });
      const failure = await failureOf(ask(client, route));
      expect(failure.message).toMatch(/Please try again in 120s\.$/);
      expect(failure.headers?.get("retry-after")).toBe("120");
    },
  );
});

describe("a rate limit after a chat stream began", () => {
  it("ends the stream with an error coded rate_limit_exceeded", async () => {
    const client = await breakingGateway("rateLimit");
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const failure = await failureOf(
      (async () => {
        for await (const _chunk of stream) {
          // The partial answer is not what this test reads.
        }
      })(),
    );
    expect(failure.code).toBe("rate_limit_exceeded");
    expect(failure.message).toContain(PROVIDER_CODE);
  });
});

describe("a used-up balance", () => {
  it.each(["chat", "responses", "completions"] as const)(
    "on %s is a RateLimitError coded insufficient_quota, with no wait to keep",
    async (route) => {
      const client = await refusingGateway("quota");
      const failure = await failureOf(ask(client, route));
      expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
      expect([failure.type, failure.code]).toEqual(["insufficient_quota", "insufficient_quota"]);
      expect(failure.headers?.get("retry-after")).toBeNull();
    },
  );

  it("ends a Responses stream with response.failed coded insufficient_quota", async () => {
    const client = await breakingGateway("quota");
    const stream = await client.responses.create({ model: MODEL, input: "hi", stream: true });
    const types: string[] = [];
    let failedCode: string | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.failed") failedCode = event.response.error?.code;
    }
    expect(types.at(-1)).toBe("response.failed");
    expect(failedCode).toBe("insufficient_quota");
  });
});
