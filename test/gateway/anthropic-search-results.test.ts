/**
 * Anthropic `search_result` blocks on /v1/messages (what a retrieval tool returns for the model to
 * cite), in a tool result and in a user message: they reach the model as their title, source and
 * text, as Anthropic's API takes them. Before, each was a 400 saying the block type was not
 * taken. A malformed one is a 400 naming its field.
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

type Json = Record<string, unknown>;

const searchResult = {
  type: "search_result",
  source: "https://wiki.example/door",
  title: "Door codes",
  content: [{ type: "text", text: "The door code is 4711." }],
};
const SEARCH_RESULT_TEXT =
  "Door codes\n\nSource: https://wiki.example/door\n\nThe door code is 4711.";

const tools = [{ name: "search", input_schema: { type: "object", properties: {} } }];

function lastUpstreamMessages(): Json[] {
  const body = env.sim.chatRequests().at(-1)?.body as { messages: Json[] } | undefined;
  return body?.messages ?? [];
}

describe("a search_result block", () => {
  it("in a tool result reaches the model as its title, source and text", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      tools,
      messages: [
        { role: "user", content: "What is the door code?" },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_1", name: "search", input: {} }],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "toolu_1", content: [searchResult] }],
        },
      ],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(lastUpstreamMessages().at(-1)).toEqual({
      role: "tool",
      tool_call_id: "toolu_1",
      content: SEARCH_RESULT_TEXT,
    });
  });

  it("in a user message reaches the model as its text beside the question", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [
        { role: "user", content: [searchResult, { type: "text", text: "What is the door code?" }] },
      ],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(lastUpstreamMessages().at(-1)).toEqual({
      role: "user",
      content: [
        { type: "text", text: SEARCH_RESULT_TEXT },
        { type: "text", text: "What is the door code?" },
      ],
    });
  });

  it("without its source is a 400 naming the field, and nothing goes upstream", async () => {
    const before = env.sim.chatRequests().length;
    const { source: _source, ...sourceless } = searchResult;
    const response = await postMessages(env.gateway.url, {
      model: "moonshot/kimi-k2.5",
      max_tokens: 256,
      messages: [{ role: "user", content: [sourceless, { type: "text", text: "Code?" }] }],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { type: string; error: { message: string } };
    expect(body.type).toBe("error");
    expect(body.error.message).toMatch(/^messages\[0\]\.content\[0\]\.source is required: /);
    expect(env.sim.chatRequests().length).toBe(before);
  });
});
