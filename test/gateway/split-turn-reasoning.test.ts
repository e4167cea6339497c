/**
 * The OpenAI Agents SDK (JS, 0.14) on chat completions sends a turn that answered with text and
 * tool calls back as two assistant messages: the text (as a part that also carries the rest of the
 * message the SDK was given, reasoning_content included), then the calls with `content: null`.
 * Looked up by the conversation before the calls, which now held the text, the turn was not found
 * and went to Kimi with an empty reasoning_content. Bodies as the SDK sent them (recorded).
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

type Sent = { messages: { role: string; reasoning_content?: unknown }[] };

const cityTool = (name: string, description: string) => ({
  type: "function",
  function: {
    name,
    description,
    parameters: {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
      additionalProperties: false,
    },
    strict: true,
  },
});
const tools = [
  cityTool("get_weather", "Weather for a city"),
  cityTool("get_time", "Time in a city"),
];
const call = (id: string, name: string, args = '{"city":"Paris"}') => ({
  id,
  type: "function",
  function: { name, arguments: args },
});
const firstCalls = [
  call("functions.get_weather:0", "get_weather"),
  call("functions.get_time:1", "get_time"),
];
const secondCalls = [call("functions.get_time:2", "get_time")];
const opening = [
  { content: "Use tools.", role: "system" },
  { role: "user", content: "Weather and time in Paris?" },
];
/** The first turn as the SDK sends it back: its text, then its calls in a message of their own. */
const firstTurnSplit = [
  {
    role: "assistant",
    content: [
      {
        type: "text",
        text: "Let me check.",
        role: "assistant",
        refusal: null,
        reasoning_content: "Both at once.",
        tool_calls: firstCalls,
        annotations: [],
      },
    ],
  },
  { role: "assistant", content: null, tool_calls: firstCalls },
  { role: "tool", tool_call_id: "functions.get_weather:0", content: "Sunny in Paris" },
  { role: "tool", tool_call_id: "functions.get_time:1", content: "12:00 in Paris" },
];

/** A request as the SDK sends it: `offered` tools, none (left out) without. */
async function chat(messages: unknown[], offered?: unknown[]): Promise<Response> {
  return fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "moonshot/kimi-k2.5", messages, tools: offered, stream: false }),
  });
}

/** The reasoning_content of each assistant message of the last request upstream. */
function reasoningSent(): unknown[] {
  const sent = env.sim.chatRequests().at(-1)?.body as Sent;
  return sent.messages
    .filter((message) => message.role === "assistant")
    .map((message) => message.reasoning_content);
}

describe("a tool-call turn with text, sent back split in two (OpenAI Agents SDK, chat completions)", () => {
  it("reaches Kimi with the reasoning it was answered with on every later request", async () => {
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            reasoning: "Both at once.",
            text: "Let me check.",
            toolCalls: [
              { name: "get_weather", arguments: { city: "Paris" } },
              { name: "get_time", arguments: { city: "Paris" } },
            ],
          },
        },
      },
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            reasoning: "Once more.",
            toolCalls: [{ name: "get_time", arguments: { city: "Paris" } }],
          },
        },
      },
    ]);
    expect((await chat(opening, tools)).status).toBe(200);
    expect((await chat([...opening, ...firstTurnSplit], tools)).status).toBe(200);
    expect(reasoningSent()).toEqual([undefined, "Both at once."]);

    const third = [
      ...opening,
      ...firstTurnSplit,
      { role: "assistant", content: null, tool_calls: secondCalls },
      { role: "tool", tool_call_id: "functions.get_time:2", content: "12:00 in Paris" },
    ];
    expect((await chat(third, tools)).status).toBe(200);
    expect(reasoningSent()).toEqual([undefined, "Both at once.", "Once more."]);
  });

  it("reaches Kimi with it after a handoff, under the next agent's instructions", async () => {
    const transfer = call("functions.transfer_to_Coder:0", "transfer_to_Coder", "{}");
    const transferTool = {
      type: "function",
      function: { name: "transfer_to_Coder", parameters: { type: "object", properties: {} } },
    };
    env.sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: {
          reply: {
            reasoning: "This is for the coder.",
            text: "Passing you on.",
            toolCalls: [{ name: "transfer_to_Coder", arguments: {} }],
          },
        },
      },
    ]);
    const question = { role: "user", content: "Write a parser." };
    expect(
      (await chat([{ role: "system", content: "Route." }, question], [transferTool])).status,
    ).toBe(200);
    const handedOver = [
      { role: "system", content: "You code." },
      question,
      {
        role: "assistant",
        content: [
          {
            type: "text",
            text: "Passing you on.",
            role: "assistant",
            refusal: null,
            reasoning_content: "This is for the coder.",
            tool_calls: [transfer],
            annotations: [],
          },
        ],
      },
      { role: "assistant", content: null, tool_calls: [transfer] },
      { role: "tool", tool_call_id: transfer.id, content: '{"assistant":"Coder"}' },
    ];
    expect((await chat(handedOver)).status).toBe(200);
    expect(reasoningSent()).toEqual([undefined, "This is for the coder."]);
  });
});
