/**
 * `include: ["reasoning.encrypted_content"]` on the Responses API: a client that keeps the
 * conversation itself (`store: false`) gets each reasoning item's `encrypted_content` and sends it
 * back, so a thinking model's tool-call turn reaches Moonshot with its own reasoning even when the
 * gateway has forgotten it (restarted in between). The Vercel AI SDK's OpenAI provider skips,
 * with a warning, every reasoning part that has none.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, type ModelMessage, stepCountIs, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const THINKING = "moonshot/kimi-k2-thinking";
const REASONING = "I need the time in Tokyo first.";
const ANSWER = "It is 21:00 in Tokyo.";

let env: GatewayEnv | undefined;
let restarted: RunningGateway | undefined;
afterEach(async () => {
  await restarted?.close(2000);
  restarted = undefined;
  await env?.close();
  env = undefined;
});

/** Scripts one tool-call turn with its reasoning, and then, when `answer` is given, that answer. */
function scriptToolRound(gatewayEnv: GatewayEnv, answer?: string): void {
  gatewayEnv.sim.script([
    {
      when: { model: "kimi-k2-thinking" },
      respond: {
        reply: {
          reasoning: REASONING,
          toolCalls: [{ name: "get_time", arguments: { tz: "Asia/Tokyo" } }],
        },
      },
    },
    ...(answer === undefined
      ? []
      : [{ when: { model: "kimi-k2-thinking" }, respond: { reply: { text: answer } } }]),
  ]);
}

const FUNCTION_TOOL = {
  type: "function" as const,
  name: "get_time",
  parameters: { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] },
  strict: false,
};

/** The reasoning_content of the assistant turn the last upstream request replayed. */
function replayedReasoning(gatewayEnv: GatewayEnv): unknown {
  const last = gatewayEnv.sim.chatRequests().at(-1)?.body as {
    messages: { role: string; reasoning_content?: unknown }[];
  };
  return last.messages.find((message) => message.role === "assistant")?.reasoning_content;
}

describe("reasoning items' encrypted_content", () => {
  it("is given when include asks for it, streamed or not, and only then", async () => {
    env = await startGatewayEnv();
    const client = env.client();
    scriptToolRound(env);
    const plain = await client.responses.create({
      model: THINKING,
      input: "What time is it in Tokyo?",
      tools: [FUNCTION_TOOL],
      store: false,
    });
    expect(plain.output[0]).toEqual({
      type: "reasoning",
      id: expect.any(String),
      summary: [{ type: "summary_text", text: REASONING }],
    });

    scriptToolRound(env);
    const asked = await client.responses.create({
      model: THINKING,
      input: "What time is it in Tokyo?",
      tools: [FUNCTION_TOOL],
      store: false,
      include: ["reasoning.encrypted_content"],
    });
    const blob = (asked.output[0] as { encrypted_content?: unknown }).encrypted_content;
    expect(typeof blob).toBe("string");
    expect(blob).not.toContain(REASONING); // opaque to the eye, as OpenAI's is

    scriptToolRound(env);
    const stream = await client.responses.create({
      model: THINKING,
      input: "What time is it in Tokyo?",
      tools: [FUNCTION_TOOL],
      store: false,
      include: ["reasoning.encrypted_content"],
      stream: true,
    });
    const done: unknown[] = [];
    let completed: unknown[] = [];
    for await (const event of stream) {
      if (event.type === "response.output_item.done" && event.item.type === "reasoning")
        done.push(event.item.encrypted_content);
      if (event.type === "response.completed") completed = event.response.output;
    }
    expect(done).toEqual([blob]);
    expect((completed[0] as { encrypted_content?: unknown }).encrypted_content).toBe(blob);
  });

  it("brings a tool-call turn's reasoning back after a restart, sent back by the AI SDK with store: false", async () => {
    env = await startGatewayEnv();
    scriptToolRound(env, ANSWER);
    const tools = {
      get_time: tool({
        inputSchema: z.object({ tz: z.string() }),
        execute: async () => "21:00",
      }),
    };
    const providerOptions = {
      openai: { store: false, include: ["reasoning.encrypted_content"] },
    };
    const first = await generateText({
      model: createOpenAI({ baseURL: env.baseURL, apiKey: GATEWAY_TOKEN })(THINKING),
      prompt: "What time is it in Tokyo?",
      tools,
      maxRetries: 0,
      stopWhen: stepCountIs(1),
      providerOptions,
    });
    expect(first.finishReason).toBe("tool-calls");

    // A restart: the new gateway remembers no reasoning of the turns the old one served.
    await env.gateway.close(2000);
    restarted = await startGateway({
      env: env.env,
      port: 0,
      transports: await defaultTransports(),
      watch: false,
    });
    const messages: ModelMessage[] = [
      { role: "user", content: "What time is it in Tokyo?" },
      ...first.response.messages,
    ];
    const second = await generateText({
      model: createOpenAI({ baseURL: `${restarted.url}/v1`, apiKey: GATEWAY_TOKEN })(THINKING),
      messages,
      tools,
      maxRetries: 0,
      providerOptions,
    });
    expect(second.text).toBe(ANSWER);
    expect(replayedReasoning(env)).toBe(REASONING);
    // The AI SDK warns of each reasoning part it skips for want of encrypted_content.
    expect(second.warnings ?? []).toEqual([]);
  });
});
