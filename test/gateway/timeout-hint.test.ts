/**
 * The 504 of an upstream that timed out tells the client which gateway setting to raise and what
 * it is set to now, not the default of a setting the operator already changed.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv({
    fallbacks: [],
    gateway: { timeouts: { firstByteMs: 300, idleMs: 250 } },
  });
});
afterAll(async () => {
  await env?.close();
});

async function timedOut(stream: boolean): Promise<InstanceType<typeof OpenAI.APIError>> {
  const failure = await (async () => {
    const client = env.client();
    if (!stream) {
      await client.chat.completions.create({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hello?" }],
      });
      return undefined;
    }
    const chunks = await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hello?" }],
      stream: true,
    });
    for await (const _chunk of chunks) {
      // Read to the end: the error comes in the stream or as its status.
    }
    return undefined;
  })().catch((caught: unknown) => caught);
  expect(failure).toBeInstanceOf(OpenAI.APIError);
  return failure as InstanceType<typeof OpenAI.APIError>;
}

describe("a 504 timeout's hint", () => {
  it("names gateway.timeouts.firstByteMs and its configured value, not the 120 s default", async () => {
    env.sim.script([{ when: { model: "kimi-k2.5" }, respond: { hang: true }, times: 3 }]);
    const error = await timedOut(false);
    expect(error.status).toBe(504);
    expect(error.message).toContain("no response within 300 ms (first-byte timeout)");
    expect(error.message).toContain("gateway.timeouts.firstByteMs");
    expect(error.message).toContain("now 300 ms");
    expect(error.message).not.toContain("120 s");
  });

  it("names gateway.timeouts.idleMs when a stream stalls between chunks", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { chunkDelayMs: 2_000, reply: { text: "slow answer" } },
        times: 3,
      },
    ]);
    const error = await timedOut(true);
    expect(error.message).toContain("gateway.timeouts.idleMs");
    expect(error.message).toContain("now 250 ms");
    expect(error.message).not.toContain("120 s");
  });
});
