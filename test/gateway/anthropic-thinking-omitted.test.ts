/**
 * `thinking.display: "omitted"` on /v1/messages: as on Anthropic's API, the answer's thinking
 * blocks come with an empty `thinking` and their signature alone (streamed: no thinking_delta,
 * only the signature_delta), so a client that asked not to be shown the reasoning is not sent
 * it. The signature still carries the reasoning back: the turn sent back with such a block
 * reaches the upstream with its reasoning_content. Before, the option was ignored and the whole
 * reasoning came back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnthropicGrammar, sseEvents } from "./anthropic-grammar.js";
import { type GatewayEnv, postMessages, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

type Json = Record<string, unknown>;

const REASONING = "I should call get_time for UTC.";
const tools = [
  {
    name: "get_time",
    description: "The time in a time zone",
    input_schema: { type: "object", properties: { tz: { type: "string" } } },
  },
];
const question = { role: "user", content: "What time is it?" };

function request(stream: boolean, messages: unknown[] = [question]): Json {
  return {
    model: "moonshot/kimi-k2.5",
    max_tokens: 2048,
    thinking: { type: "enabled", budget_tokens: 1024, display: "omitted" },
    tools,
    messages,
    ...(stream ? { stream: true } : {}),
  };
}

function scriptToolCall(): void {
  env.sim.script([
    {
      respond: {
        reply: {
          reasoning: REASONING,
          toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }],
        },
      },
    },
  ]);
}

describe('thinking.display "omitted"', () => {
  it("answers thinking blocks with no thinking text, whose signature brings the reasoning back", async () => {
    scriptToolCall();
    const response = await postMessages(env.gateway.url, request(false));
    const answer = (await response.json()) as { content: Json[] };
    expect(response.status, JSON.stringify(answer)).toBe(200);
    const thinking = answer.content[0] as { type: string; thinking: string; signature: string };
    expect(thinking.type).toBe("thinking");
    expect(thinking.thinking).toBe("");
    expect(JSON.stringify(answer)).not.toContain(REASONING);
    const call = answer.content.find((block) => block.type === "tool_use") as Json;
    const next = await postMessages(
      env.gateway.url,
      request(false, [
        question,
        { role: "assistant", content: answer.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: call.id, content: "12:00" }],
        },
      ]),
    );
    expect(next.status, await next.clone().text()).toBe(200);
    const sent = env.sim.chatRequests().at(-1)?.body as { messages: Json[] };
    expect(sent.messages[1]?.reasoning_content).toBe(REASONING);
  });

  it("streams the thinking block with its signature_delta and no thinking_delta", async () => {
    scriptToolCall();
    const response = await postMessages(env.gateway.url, request(true));
    expect(response.status).toBe(200);
    const text = await response.text();
    const events = sseEvents(text);
    expect(expectAnthropicGrammar(events)).toEqual(["thinking", "tool_use"]);
    const deltas = events
      .filter((event) => event.type === "content_block_delta")
      .map((event) => (event.delta as Json).type);
    expect(deltas).not.toContain("thinking_delta");
    expect(deltas).toContain("signature_delta");
    expect(text).not.toContain(REASONING);
  });
});
