/**
 * An upstream that ends an answer of tool calls with a finish reason the gateway does not know
 * (an OpenAI-compatible proxy relaying Anthropic's "tool_use", a server's own word): the client
 * is still told the answer is tool calls — chat completions' "tool_calls", streamed or not, the
 * Messages API's "tool_use" — as the openai SDK's tool loop and Zed run the calls only on that
 * reason and drop them on "stop". The Responses API answers with its function_call items,
 * completed. An unknown reason on an answer of text alone is still "stop".
 */
import type Anthropic from "@anthropic-ai/sdk";
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimReply } from "../simulator/types.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const MODEL = "moonshot/kimi-k2-turbo-preview";
const UNKNOWN_REASON = "tool_use";

let env: GatewayEnv;
let client: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
  client = env.client();
  anthropic = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});
// A test that failed part-way leaves its scripted answers unused: the next one starts without them.
beforeEach(() => env.sim.reset());

const callReply: SimReply = {
  text: "",
  toolCalls: [{ name: "read_file", arguments: { path: "README.md" } }],
  finishReason: UNKNOWN_REASON,
};
const textReply: SimReply = { text: "All done.", finishReason: UNKNOWN_REASON };

const parameters = { type: "object" as const, properties: { path: { type: "string" } } };
const chatRequest = {
  model: MODEL,
  messages: [{ role: "user" as const, content: "Read README.md" }],
  tools: [{ type: "function" as const, function: { name: "read_file", parameters } }],
};

describe("an unknown finish reason on chat completions", () => {
  it("is tool_calls when the answer has tool calls, whole and streamed", async () => {
    env.sim.script([{ respond: { reply: callReply }, times: 2 }]);
    const whole = await client.chat.completions.create(chatRequest);
    expect(whole.choices[0]?.message.tool_calls?.map((call) => call.type)).toEqual(["function"]);
    expect(whole.choices[0]?.finish_reason).toBe("tool_calls");

    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
    const reasons: (string | null)[] = [];
    for await (const chunk of stream)
      for (const choice of chunk.choices)
        if (choice.finish_reason) reasons.push(choice.finish_reason);
    expect(reasons).toEqual(["tool_calls"]);
  });

  it("is what the openai SDK's stream helper ends with, its tool call kept", async () => {
    env.sim.script([{ respond: { reply: callReply } }]);
    const final = await client.chat.completions.stream(chatRequest).finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
    expect(final.choices[0]?.message.tool_calls?.length).toBe(1);
  });

  it("is still stop on an answer of text alone", async () => {
    env.sim.script([{ respond: { reply: textReply } }]);
    const whole = await client.chat.completions.create(chatRequest);
    expect(whole.choices[0]?.message.content).toBe("All done.");
    expect(whole.choices[0]?.finish_reason).toBe("stop");
  });
});

describe("an unknown finish reason on the Messages API", () => {
  const request: Anthropic.MessageCreateParamsNonStreaming = {
    model: MODEL,
    max_tokens: 256,
    tools: [{ name: "read_file", input_schema: parameters }],
    messages: [{ role: "user", content: "Read README.md" }],
  };

  it("is tool_use when the answer has tool calls, whole and streamed", async () => {
    env.sim.script([{ respond: { reply: callReply }, times: 2 }]);
    const whole = await anthropic.messages.create(request);
    expect(whole.content.map((block) => block.type)).toEqual(["tool_use"]);
    expect(whole.stop_reason).toBe("tool_use");
    const streamed = await anthropic.messages.stream(request).finalMessage();
    expect(streamed.content.map((block) => block.type)).toEqual(["tool_use"]);
    expect(streamed.stop_reason).toBe("tool_use");
  });
});

describe("an unknown finish reason on the Responses API", () => {
  const request = {
    model: MODEL,
    input: "Read README.md",
    tools: [{ type: "function" as const, name: "read_file", parameters, strict: false }],
  };

  it("answers with the completed function call, whole and streamed", async () => {
    env.sim.script([{ respond: { reply: callReply }, times: 2 }]);
    const whole = await client.responses.create(request);
    expect(whole.status).toBe("completed");
    expect(whole.output.map((item) => item.type)).toEqual(["function_call"]);
    const stream = await client.responses.create({ ...request, stream: true });
    let final: OpenAI.Responses.Response | undefined;
    for await (const event of stream)
      if (event.type === "response.completed") final = event.response;
    expect(final?.status).toBe("completed");
    expect(final?.output.map((item) => item.type)).toEqual(["function_call"]);
  });
});
