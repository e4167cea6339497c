/**
 * A gateway request for the default chain when every model's key is benched for a used-up
 * balance or plan: nothing is sent, and the client is told each model's reason and what to do
 * for each. Before, it was told the primary's used-up balance alone, so a top-up there left the
 * fallback's used-up plan to be found by the next request. The official OpenAI SDK over real
 * sockets to a gateway in front of the simulator.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: ["kimi-code/kimi-for-coding"] });
  client = new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: env.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await env?.close();
});

async function failure(): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await client.chat.completions
    .create({ model: "openclaw/default", messages: [{ role: "user", content: "hello" }] })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe("every model of the chain benched", () => {
  it("tells each model's reason and what to do for each, sending nothing", async () => {
    env.sim.script([
      { when: { model: "kimi-k2.5" }, respond: { error: "quota" }, times: 1 },
      { when: { model: "kimi-for-coding" }, respond: { error: "quota403" }, times: 1 },
    ]);
    // The first request benches both keys (each answered that its balance is used up).
    await failure();
    const before = env.sim.chatRequests().length;
    const error = await failure();
    expect(env.sim.chatRequests()).toHaveLength(before);
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.message).toContain(
      "no model of the chain was tried: moonshot/kimi-k2.5 not tried: the API key of provider moonshot ran out of balance or quota on an earlier request: ",
    );
    expect(error.message).toContain(
      "; kimi-code/kimi-for-coding not tried: the API key of provider kimi-code ran out of balance or quota on an earlier request: ",
    );
    expect(error.message).toContain(
      "(hint: for moonshot/kimi-k2.5, your account balance is used up",
    );
    expect(error.message).toContain("; for kimi-code/kimi-for-coding, ");
  });
});
