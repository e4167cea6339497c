/**
 * Thinking signatures over api anthropic-messages: a turn's thinking block goes back upstream
 * with the signature it came with (the simulator, as Anthropic, refuses a replayed thinking block
 * whose signature does not match), whether the official `openai` client sends the turn's
 * `reasoning_content` back or drops it (the gateway's reasoning memory puts it back), and whether
 * the answer was streamed or whole; and on /v1/messages with an answer cap too small for a thinking
 * budget (the Anthropic SDK's README asks for 1024 tokens), where the model still thinks: so a
 * forced tool choice, which Anthropic's format refuses while the model thinks, goes as "auto".
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simThinkingSignature } from "../simulator/anthropic.js";
import { type GatewayEnv, notesOf, postMessages, withKimiCodeAlwaysThinking } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

type Json = Record<string, unknown>;

const TOOLS: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_time",
      description: "The time in a time zone",
      parameters: { type: "object", properties: { tz: { type: "string" } } },
    },
  },
];

describe("thinking signatures sent back over api anthropic-messages", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic({
      // As the built-in catalog has it: kimi-for-coding always thinks.
      editConfig: withKimiCodeAlwaysThinking,
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  const lastBodySent = (): Json | undefined =>
    env.sim.requests.filter((request) => request.path === "/coding/v1/messages").at(-1)?.body as
      | Json
      | undefined;
  const lastThinkingSent = (): Json | undefined => {
    const body = lastBodySent() as { messages: { content: Json[] }[] } | undefined;
    return body?.messages[1]?.content[0];
  };

  for (const [label, stream, keepReasoning] of [
    ["whole, reasoning_content sent back", false, true],
    ["streamed, reasoning_content dropped by the client", true, false],
  ] as const) {
    it(`replays the turn's thinking with its signature (${label})`, async () => {
      const reasoning = `The zone is UTC (${label}).`;
      env.sim.script([
        {
          respond: {
            reply: { reasoning, toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }] },
          },
        },
        { respond: { reply: { text: "It is noon." } } },
      ]);
      const question = { role: "user" as const, content: `What time is it? (${label})` };
      const client = env.client();
      let turn: Json;
      if (stream) {
        const chunks = await client.chat.completions.create({
          model: "kimi-code/kimi-for-coding",
          messages: [question],
          tools: TOOLS,
          stream: true,
        });
        const calls: { id: string; name: string; args: string }[] = [];
        for await (const chunk of chunks) {
          for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
            calls[delta.index] ??= { id: "", name: "", args: "" };
            const call = calls[delta.index] as { id: string; name: string; args: string };
            call.id += delta.id ?? "";
            call.name += delta.function?.name ?? "";
            call.args += delta.function?.arguments ?? "";
          }
        }
        turn = {
          role: "assistant",
          content: null,
          tool_calls: calls.map((call) => ({
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: call.args },
          })),
        };
      } else {
        const answer = await client.chat.completions.create({
          model: "kimi-code/kimi-for-coding",
          messages: [question],
          tools: TOOLS,
        });
        turn = answer.choices[0]?.message as unknown as Json;
        expect(turn.reasoning_content).toBe(reasoning);
        // The signature stays on the gateway's side: an OpenAI client gets no field of ours.
        expect(turn).not.toHaveProperty("reasoning_signature");
      }
      if (!keepReasoning) delete turn.reasoning_content;
      const calls = turn.tool_calls as { id: string }[];
      const next = await client.chat.completions.create({
        model: "kimi-code/kimi-for-coding",
        messages: [
          question,
          turn as unknown as OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam,
          { role: "tool", tool_call_id: String(calls[0]?.id), content: "12:00" },
        ],
        tools: TOOLS,
      });
      expect(next.choices[0]?.message.content).toBe("It is noon.");
      expect(lastThinkingSent()).toEqual({
        type: "thinking",
        thinking: reasoning,
        signature: simThinkingSignature(reasoning),
      });
    });
  }
  it("replays the tool turn's thinking on /v1/messages when max_tokens leaves no room for a thinking budget", async () => {
    // 1024 tokens leave no room for Anthropic's smallest budget (1024, below the cap), so no
    // thinking is sent; kimi-for-coding thinks all the same, and Anthropic's format then wants
    // the open tool turn to start with its signed thinking block.
    const reasoning = "The zone is UTC (max_tokens 1024).";
    env.sim.script([
      {
        respond: {
          reply: { reasoning, toolCalls: [{ name: "get_time", arguments: { tz: "UTC" } }] },
        },
      },
      { respond: { reply: { text: "It is noon." } } },
    ]);
    const tools = [
      {
        name: "get_time",
        description: "The time in a time zone",
        input_schema: { type: "object", properties: { tz: { type: "string" } } },
      },
    ];
    const question = { role: "user", content: "What time is it? (max_tokens 1024)" };
    const ask = async (messages: unknown[]): Promise<Json> => {
      const response = await postMessages(env.gateway.url, {
        model: "kimi-code/kimi-for-coding",
        max_tokens: 1024,
        tools,
        messages,
      });
      const body = (await response.json()) as Json;
      expect(response.status, JSON.stringify(body)).toBe(200);
      return body;
    };
    const first = await ask([question]);
    const content = first.content as Json[];
    expect(content[0]).toMatchObject({ type: "thinking", thinking: reasoning });
    const call = content.find((block) => block.type === "tool_use") as Json;
    const next = await ask([
      question,
      { role: "assistant", content },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call.id, content: "12:00" }],
      },
    ]);
    expect(next.content).toContainEqual({ type: "text", text: "It is noon." });
    expect(lastThinkingSent()).toEqual({
      type: "thinking",
      thinking: reasoning,
      signature: simThinkingSignature(reasoning),
    });
  });
  it("sends a forced tool_choice as auto on /v1/messages when max_tokens leaves no room for a thinking budget", async () => {
    const response = await postMessages(env.gateway.url, {
      model: "kimi-code/kimi-for-coding",
      max_tokens: 1024,
      tools: [
        {
          name: "get_time",
          description: "The time in a time zone",
          input_schema: { type: "object", properties: { tz: { type: "string" } } },
        },
      ],
      tool_choice: { type: "tool", name: "get_time" },
      messages: [{ role: "user", content: "What time is it? (forced, max_tokens 1024)" }],
    });
    const body = (await response.json()) as Json;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(notesOf(response.headers)).toContain(
      'tool_choice {"type":"tool","name":"get_time"} sent as "auto": Anthropic\'s format takes no forced tool use while the model thinks',
    );
    expect(lastBodySent()?.tool_choice).toEqual({ type: "auto" });
  });
});
