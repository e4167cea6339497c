/**
 * Requests at the edges of what clients send, over real HTTP with the official `openai` client
 * (and plain fetch where the client would not send it): model names spelled in another case,
 * failures that must be named and logged, nulls, legacy fields, and routes beside the chat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
const logged: string[] = [];
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: (line) => logged.push(line) } });
});
afterAll(async () => {
  await env?.close();
});

/** The body the simulator got for the latest chat request. */
function lastUpstream(): Record<string, unknown> {
  return env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
}

describe("model names", () => {
  it("answers a model ref spelled in another case, as GET /v1/models/{id} finds it", async () => {
    const found = await fetch(`${env.baseURL}/models/MOONSHOT%2FKIMI-K2.5`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(found.status).toBe(200);
    const client = env.client();
    const answer = await client.chat.completions.create({
      model: "moonshot/KIMI-K2.5",
      messages: [{ role: "user", content: "case" }],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: case");
    expect(lastUpstream().model).toBe("kimi-k2.5");
    const stream = await client.chat.completions.create({
      model: "Moonshot/Kimi-K2.5",
      messages: [{ role: "user", content: "streamed" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Echo: streamed");
  });
});
