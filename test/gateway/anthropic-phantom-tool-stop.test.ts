/**
 * An upstream answer that ends with finish_reason "tool_calls" but carries no tool call: the
 * Anthropic client is told `end_turn`, not `tool_use`. `tool_use` with no tool_use block made
 * Claude Code end the turn there, run nothing and say nothing (reported against another
 * Chat-to-Anthropic bridge, jasonxu114514/opencode2api#27). A real tool call still says `tool_use`.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimReply } from "../simulator/types.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: Anthropic;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.anthropic();
});
afterAll(async () => {
  await env?.close();
});

const request: Anthropic.MessageCreateParamsNonStreaming = {
  model: "moonshot/kimi-k2.5",
  max_tokens: 256,
  tools: [
    {
      name: "Bash",
      input_schema: { type: "object", properties: { command: { type: "string" } } },
    },
  ],
  messages: [{ role: "user", content: "list the files" }],
};

const phantom: SimReply = { text: "Let me look.", finishReason: "tool_calls" };
const realCall: SimReply = {
  text: "",
  toolCalls: [{ name: "Bash", arguments: { command: "ls" } }],
  finishReason: "tool_calls",
};

function toolUses(message: Anthropic.Message): Anthropic.ToolUseBlock[] {
  return message.content.filter((block) => block.type === "tool_use");
}

describe("finish_reason tool_calls with no tool call", () => {
  it("is end_turn in a whole answer", async () => {
    env.sim.script([{ respond: { reply: phantom } }]);
    const message = await client.messages.create(request);
    expect(toolUses(message)).toEqual([]);
    expect(message.content.at(-1)).toEqual({ type: "text", text: "Let me look." });
    expect(message.stop_reason).toBe("end_turn");
  });

  it("is end_turn in a streamed answer", async () => {
    env.sim.script([{ respond: { reply: phantom } }]);
    const message = await client.messages.stream(request).finalMessage();
    expect(toolUses(message)).toEqual([]);
    expect(message.stop_reason).toBe("end_turn");
  });

  it("while a real tool call is tool_use, whole and streamed", async () => {
    env.sim.script([{ respond: { reply: realCall } }]);
    const whole = await client.messages.create(request);
    expect(toolUses(whole).map((block) => block.input)).toEqual([{ command: "ls" }]);
    expect(whole.stop_reason).toBe("tool_use");
    env.sim.script([{ respond: { reply: realCall } }]);
    const streamed = await client.messages.stream(request).finalMessage();
    expect(toolUses(streamed).map((block) => block.input)).toEqual([{ command: "ls" }]);
    expect(streamed.stop_reason).toBe("tool_use");
  });
});
