/**
 * Tool turns on /v1/messages that Anthropic's API refuses, sent with plain fetch as an Anthropic
 * client sends them: the gateway answers a 400 in Anthropic's error format naming the block and
 * what to send, before any upstream call, instead of passing on a conversation the model would
 * misread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

const tools = [
  {
    name: "get_time",
    description: "The time in a time zone",
    input_schema: { type: "object", properties: { tz: { type: "string" } } },
  },
];

function toolUse(id: string, tz: string) {
  return { type: "tool_use", id, name: "get_time", input: { tz } };
}

function toolResult(id: string, content: string) {
  return { type: "tool_result", tool_use_id: id, content };
}

/** The status and Anthropic error body of a POST /v1/messages of `messages`, and whether it went upstream. */
async function refusal(messages: unknown[]) {
  const before = env.sim.chatRequests().length;
  const answer = await postMessages(env.gateway.url, {
    model: "moonshot/kimi-k2.5",
    max_tokens: 64,
    tools,
    messages,
  });
  return {
    status: answer.status,
    body: (await answer.json()) as { type: string; error: { type: string; message: string } },
    sentUpstream: env.sim.chatRequests().length > before,
  };
}

describe("tool_use ids repeated in one assistant turn", () => {
  it("are a 400 naming the id and both blocks, sent nowhere", async () => {
    const answer = await refusal([
      { role: "user", content: "What time is it in UTC and in Tokyo?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me check." },
          toolUse("toolu_01", "UTC"),
          toolUse("toolu_01", "Asia/Tokyo"),
        ],
      },
      { role: "user", content: [toolResult("toolu_01", "12:00")] },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: "error",
      error: {
        type: "invalid_request_error",
        message:
          'messages[1].content[2].id "toolu_01" is also the id of messages[1].content[1]: tool_use ids must be unique; give each tool_use block its own id, and answer each with a tool_result of that id',
      },
    });
    expect(answer.sentUpstream).toBe(false);
  });

  it("are not confused with the same id in another turn's tool_result, which answers it", async () => {
    const answer = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      tools,
      messages: [
        { role: "user", content: "What time is it in UTC and in Tokyo?" },
        {
          role: "assistant",
          content: [toolUse("toolu_01", "UTC"), toolUse("toolu_02", "Asia/Tokyo")],
        },
        {
          role: "user",
          content: [toolResult("toolu_01", "12:00"), toolResult("toolu_02", "21:00")],
        },
      ],
    });
    expect(answer.status).toBe(200);
  });
});
