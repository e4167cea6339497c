/**
 * Requests an OpenAI client sends as a matter of course that Moonshot or Kimi Code would refuse
 * as sent, through the gateway with the official `openai` client: what goes upstream (the
 * simulator checks it as the real API does) and what the client gets back.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayEnv } from "./harness.js";
import { startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

type Json = Record<string, unknown>;
const lastUpstream = () => env.sim.chatRequests().at(-1)?.body as Json;

describe("empty system messages", () => {
  it("Kimi Code answers a conversation that starts with an empty system message", async () => {
    const answer = await client.chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      messages: [
        { role: "system", content: "" },
        { role: "developer", content: [{ type: "text", text: "" }] },
        { role: "user", content: "hi" },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    expect(lastUpstream().messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("Moonshot gets the empty system message as it was sent (it takes one)", async () => {
    const answer = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      messages: [
        { role: "system", content: "" },
        { role: "user", content: "hi" },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe("Echo: hi");
    expect(lastUpstream().messages).toEqual([
      { role: "system", content: "" },
      { role: "user", content: "hi" },
    ]);
  });
});
