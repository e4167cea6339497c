/**
 * Kimi models sometimes write a tool call's arguments with a real line break inside a JSON string
 * (a multi-line commit message: MoonshotAI/kimi-cli#1378). JSON forbids it there: clients that
 * parse the arguments (the OpenAI SDKs' helpers, Claude Code through /v1/messages, Python's
 * json.loads) refused the call, or lost the member it was in. Every route now gives the arguments
 * with the character escaped, so they parse to what the model meant.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** What kimi-k2.5 sent: real line breaks and a tab inside the command's string. */
const RAW = '{"command": "git commit -m \\"feat: add x\n\nLonger body\n\tindented\\"", "cwd": "."}';
const MEANT = { command: 'git commit -m "feat: add x\n\nLonger body\n\tindented"', cwd: "." };

const shellTool = {
  name: "shell",
  description: "Runs a command",
  input_schema: {
    type: "object" as const,
    properties: { command: { type: "string" }, cwd: { type: "string" } },
    required: ["command"],
  },
};

function scriptRawCall(times: number): void {
  env.sim.script([
    {
      when: { model: "kimi-k2.5" },
      respond: {
        reply: { toolCalls: [{ name: "shell", arguments: RAW }] },
        stream: { chunkChars: 3 },
      },
      times,
    },
  ]);
}

describe("tool-call arguments with raw line breaks inside a string", () => {
  it("reach an OpenAI client, streamed or not, as JSON that parses to the command meant", async () => {
    expect(() => JSON.parse(RAW)).toThrow();
    scriptRawCall(2);
    const client = env.client();
    const request = {
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user" as const, content: "Commit it" }],
      tools: [
        {
          type: "function" as const,
          function: { name: "shell", parameters: shellTool.input_schema },
        },
      ],
    };
    const whole = await client.chat.completions.create(request);
    const plainArgs = whole.choices[0]?.message.tool_calls?.[0];
    expect(plainArgs?.type === "function" && JSON.parse(plainArgs.function.arguments)).toEqual(
      MEANT,
    );
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({ ...request, stream: true })) {
      streamed += chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "";
    }
    expect(JSON.parse(streamed)).toEqual(MEANT);
  });

  it("reach Claude Code on /v1/messages as the whole input, streamed or not", async () => {
    scriptRawCall(2);
    const anthropic = env.anthropic();
    const request = {
      model: "moonshot/kimi-k2.5",
      max_tokens: 1024,
      tools: [shellTool],
      messages: [{ role: "user" as const, content: "Commit it" }],
    };
    const whole = await anthropic.messages.create(request);
    const streamed = await anthropic.messages.stream(request).finalMessage();
    for (const message of [whole, streamed]) {
      expect(message.stop_reason).toBe("tool_use");
      const call = message.content.find((block) => block.type === "tool_use") as
        | Anthropic.ToolUseBlock
        | undefined;
      expect(call?.input).toEqual(MEANT);
    }
  });
});
