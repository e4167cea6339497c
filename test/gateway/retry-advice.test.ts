/**
 * What a client is told about retrying an upstream failure: the official `openai` client, with
 * its default retries on, against a Kimi Code plan that is used up and a Moonshot rate limit.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;
/** Requests the SDK sent to the gateway. */
let sent = 0;

beforeAll(async () => {
  env = await startGatewayEnv();
  // The SDK's own retries on (2, its default).
  client = new OpenAI({
    apiKey: GATEWAY_TOKEN,
    baseURL: env.baseURL,
    timeout: 15_000,
    fetch: (url, init) => {
      sent++;
      return fetch(url, init);
    },
  });
});
afterAll(async () => {
  await env?.close();
});

async function failure(
  model: string,
  sdk = client,
): Promise<{ error: InstanceType<typeof OpenAI.APIError> }> {
  const error = await sdk.chat.completions
    .create({ model, messages: [{ role: "user", content: "hello" }] })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return { error: error as InstanceType<typeof OpenAI.APIError> };
}

describe("retry advice to OpenAI clients", () => {
  it("says a used-up Kimi Code plan is a quota to wait for, and that retrying will not help", async () => {
    env.sim.script([
      { when: { model: "kimi-for-coding" }, respond: { error: "planLimit" }, times: 5 },
    ]);
    const before = env.sim.chatRequests().length;
    sent = 0;
    const { error } = await failure("kimi-code/kimi-for-coding");
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.message).toContain("Kimi Code plan quota is used up");
    expect(error.message).not.toContain("User-Agent"); // not the refusal of a client
    expect(error.headers?.get("x-should-retry")).toBe("false");
    // The provider's trace id, for its support, as a header too (CORS exposes it), not only in text.
    const trace = error.headers?.get("x-trace-id");
    expect(trace).toMatch(/^sim-/);
    // Named once in the message (the provider's part already carries it).
    expect(error.message.split(trace ?? "")).toHaveLength(2);
    // Sent once: the SDK did not try again, nor did the gateway.
    expect(sent).toBe(1);
    expect(env.sim.chatRequests().length - before).toBe(1);
    env.sim.reset();
  });

  it("leaves a rate limit to the client's own retries, with the wait Moonshot asked for", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { error: "rateLimit" }, times: 1_000 },
    ]);
    const noRetries = new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: env.baseURL, maxRetries: 0 });
    const { error } = await failure("moonshot/kimi-k2-turbo-preview", noRetries);
    expect(error.status).toBe(429);
    expect(error.headers?.get("x-should-retry")).toBeNull();
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
    env.sim.reset();
  });
});
