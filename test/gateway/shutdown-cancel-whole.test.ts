/**
 * A whole (not streamed) answer cancelled by a stop (the drain deadline passed) is a 503 that
 * says what happened and what to do. Nothing of the answer was sent to the client, so the
 * message must not tell it that what it got is a partial answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("a whole answer that a stop cancels", () => {
  it("is a 503 that tells the client to send it again, not that it got part of an answer", async () => {
    env.sim.script([{ respond: { hang: true } }]);
    const before = env.sim.chatRequests().length;
    const answer = fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    while (env.sim.chatRequests().length === before)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const closed = env.gateway.close(0);
    const response = await answer;
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.code).toBe("shutting_down");
    expect(body.error.message).toMatch(
      /^the gateway is shutting down and stopped this request before its end .*send the request again once the gateway runs again/,
    );
    expect(body.error.message).toContain("a streamed answer that ends here is incomplete");
    expect(body.error.message).not.toMatch(/what was sent of the answer is partial/);
    expect((await closed).cancelled).toBe(1);
  });
});
