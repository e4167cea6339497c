/**
 * The OpenAI Agents SDK (JS, 0.20) on chat completions hands off by sending the conversation on
 * under the next agent's instructions: the same user turn, the transfer call and its result, with
 * another system message. It sends no reasoning back, so the gateway restores the turn's reasoning
 * from what it served. Keyed by the whole conversation, system message included, the transfer turn
 * went to Kimi with an empty reasoning_content. Bodies as the SDK sent them (recorded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

type Sent = { messages: { role: string; reasoning_content?: unknown }[] };

const transfer = {
  id: "functions.transfer_to_Spanish:0",
  type: "function" as const,
  function: { name: "transfer_to_Spanish", arguments: "{}" },
};
const transferTool = {
  type: "function" as const,
  function: {
    name: "transfer_to_Spanish",
    description: "Handoff to the Spanish agent to handle the request. Spanish speaker",
    parameters: { type: "object", properties: {}, required: [], additionalProperties: false },
    strict: true,
  },
};

/** The Triage agent's request, then the Spanish agent's after the transfer, as the SDK sends them. */
async function handOff(triage: string, question: string, reasoning: string): Promise<Sent> {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: { reasoning, toolCalls: [{ name: "transfer_to_Spanish", arguments: {} }] },
      },
    },
  ]);
  await env.client().chat.completions.create({
    model: "moonshot/kimi-k2.5",
    messages: [
      { content: triage, role: "system" },
      { role: "user", content: question },
    ],
    tools: [transferTool],
  });
  await env.client().chat.completions.create({
    model: "moonshot/kimi-k2.5",
    messages: [
      { content: "Answer in Spanish.", role: "system" },
      { role: "user", content: question },
      { role: "assistant", content: null, tool_calls: [transfer] },
      { role: "tool", tool_call_id: transfer.id, content: '{"assistant":"Spanish"}' },
    ],
  });
  return env.sim.chatRequests().at(-1)?.body as Sent;
}

describe("a handoff to an agent with other instructions (OpenAI Agents SDK)", () => {
  it("sends the transfer turn to Kimi with the reasoning it was answered with", async () => {
    const sent = await handOff("Hand off to Spanish.", "Hola", "The user writes Spanish.");
    expect(sent.messages[0]).toEqual({ role: "system", content: "Answer in Spanish." });
    const turn = sent.messages.find((message) => message.role === "assistant");
    expect(turn?.reasoning_content).toBe("The user writes Spanish.");
  });

  it("restores nothing when two conversations alike but for their instructions reasoned differently", async () => {
    await handOff("Triage A.", "Buenos días", "Reasoning of A.");
    const sent = await handOff("Triage B.", "Buenos días", "Reasoning of B.");
    const turn = sent.messages.find((message) => message.role === "assistant");
    expect(turn?.reasoning_content).toBe("");
  });
});
