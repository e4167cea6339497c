/**
 * Clients made for OpenRouter or vLLM send a turn's reasoning back as `reasoning`, not Moonshot's
 * `reasoning_content` (pi#987: Kimi through OpenRouter refused such turns as having none). Kimi
 * wants the reasoning of its earlier tool-call turns back: the gateway sends it on as
 * `reasoning_content` instead of dropping it for an empty one.
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

type Sent = { messages: { role: string; reasoning_content?: unknown; reasoning?: unknown }[] };

const getTime = {
  type: "function" as const,
  function: { name: "get_time", parameters: { type: "object", properties: {} } },
};
const call = {
  id: "functions.get_time:0",
  type: "function" as const,
  function: { name: "get_time", arguments: "{}" },
};

describe("an assistant turn's reasoning sent as `reasoning`", () => {
  it("goes to Kimi as the turn's reasoning_content", async () => {
    const answer = await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      tools: [getTime],
      messages: [
        { role: "user", content: "what time is it?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [call],
          // @ts-expect-error OpenRouter's and vLLM's field, not in OpenAI's types
          reasoning: "I should ask get_time.",
        },
        { role: "tool", tool_call_id: call.id, content: "12:00" },
      ],
    });
    expect(answer.choices[0]?.message.content).toContain("12:00");
    const sent = env.sim.chatRequests().at(-1)?.body as Sent;
    const turn = sent.messages.find((message) => message.role === "assistant");
    expect(turn?.reasoning_content).toBe("I should ask get_time.");
    expect(turn).not.toHaveProperty("reasoning");
  });

  it("takes the text of OpenRouter's reasoning_details blocks when there is no other", async () => {
    await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      tools: [getTime],
      messages: [
        { role: "user", content: "what time is it?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [call],
          // @ts-expect-error OpenRouter's field, not in OpenAI's types
          reasoning_details: [
            { type: "reasoning.text", text: "First, the time." },
            { type: "reasoning.encrypted", data: "opaque" },
            { type: "reasoning.text", text: "get_time gives it." },
          ],
        },
        { role: "tool", tool_call_id: call.id, content: "12:00" },
      ],
    });
    const sent = env.sim.chatRequests().at(-1)?.body as Sent;
    const turn = sent.messages.find((message) => message.role === "assistant");
    expect(turn?.reasoning_content).toBe("First, the time.\nget_time gives it.");
  });

  it("leaves a reasoning_content the client also sent as it is", async () => {
    await env.client().chat.completions.create({
      model: "kimi-code/kimi-for-coding",
      tools: [getTime],
      messages: [
        { role: "user", content: "what time is it?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [call],
          // @ts-expect-error Moonshot's and OpenRouter's fields, not in OpenAI's types
          reasoning_content: "Moonshot's own.",
          reasoning: "A copy in another field.",
        },
        { role: "tool", tool_call_id: call.id, content: "12:00" },
      ],
    });
    const sent = env.sim.chatRequests().at(-1)?.body as Sent;
    const turn = sent.messages.find((message) => message.role === "assistant");
    expect(turn?.reasoning_content).toBe("Moonshot's own.");
  });

  it("takes thinking blocks written into the content (LiteLLM's way) as reasoning_content", async () => {
    const answer = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [
        { role: "user", content: "hi" },
        // Anthropic's blocks, not in OpenAI's types
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "A greeting.", signature: "sig" },
            { type: "redacted_thinking", data: "opaque" },
            { type: "text", text: "Hello!" },
          ],
        } as never,
        { role: "user", content: "again" },
      ],
    });
    expect(answer.choices[0]?.message.content).toContain("again");
    const sent = env.sim.chatRequests().at(-1)?.body as Sent & {
      messages: { content?: unknown }[];
    };
    const turn = sent.messages.find((message) => message.role === "assistant");
    expect(turn).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Hello!" }],
      reasoning_content: "A greeting.",
    });
  });
});
