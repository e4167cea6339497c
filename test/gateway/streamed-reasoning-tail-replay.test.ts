/**
 * The official `openai` client's `chat.completions.stream()` helper builds its final message by
 * assigning each delta's unknown fields over the last one, so a streamed turn's
 * `reasoning_content` ends up as its last delta alone ("ime." of "First I need the time.").
 * Code that sends that message back as it got it (the usual way to continue a tool loop) replays
 * the turn with a tail of its reasoning; the gateway, which served the turn, puts the whole
 * reasoning back, as it does for a turn sent back without any.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectToolRoundsReplayed,
  type GatewayEnv,
  scriptTimeToolRounds,
  startGatewayEnv,
  TOOL_ROUND_REASONING,
} from "./harness.js";

const THINKING = "moonshot/kimi-k2-thinking";
const tools = [
  {
    type: "function" as const,
    function: {
      name: "get_time",
      description: "The current time in a time zone",
      parameters: { type: "object", properties: { tz: { type: "string" } } },
    },
  },
];

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});
beforeEach(() => {
  env.sim.reset();
});

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** Two tool rounds through `stream()`, each final message sent back whole, as the helper gave it. */
async function streamedToolLoop(question: string): Promise<string[]> {
  const client = env.client();
  const messages: Message[] = [{ role: "user", content: question }];
  const shown: string[] = [];
  for (const result of ["12:00", "21:00"]) {
    const completion = await client.chat.completions
      .stream({ model: THINKING, messages, tools })
      .finalChatCompletion();
    const { parsed: _parsed, ...message } = completion.choices[0]?.message ?? {};
    shown.push(String((message as { reasoning_content?: unknown }).reasoning_content));
    messages.push(message as Message);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    messages.push({ role: "tool", tool_call_id: call?.id ?? "", content: result });
  }
  await client.chat.completions.create({ model: THINKING, messages, tools });
  return shown;
}

describe("a streamed turn sent back with the last delta of its reasoning", () => {
  it("reaches Moonshot with the turn's whole reasoning", async () => {
    scriptTimeToolRounds(env.sim, "Noon in UTC, nine in Tokyo.");
    const shown = await streamedToolLoop("what time is it in UTC, then Tokyo? (tail replay)");
    // What the helper kept: a tail of each turn's reasoning, not all of it.
    shown.forEach((tail, index) => {
      const whole = TOOL_ROUND_REASONING[index] ?? "";
      expect(whole.endsWith(tail) && tail.length < whole.length).toBe(true);
    });
    expectToolRoundsReplayed(env.sim);
  });

  it("keeps reasoning the client sent that is not a tail of the turn's own", async () => {
    scriptTimeToolRounds(env.sim);
    const client = env.client();
    const question: Message = { role: "user", content: "what time is it? (own reasoning kept)" };
    const first = await client.chat.completions.create({
      model: THINKING,
      messages: [question],
      tools,
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    const own = "My own summary of the turn.";
    await client.chat.completions.create({
      model: THINKING,
      messages: [
        question,
        {
          role: "assistant",
          content: null,
          tool_calls: call ? [call] : [],
          reasoning_content: own,
        },
        { role: "tool", tool_call_id: call?.id ?? "", content: "12:00" },
      ] as Message[],
      tools,
    });
    const sent = env.sim.chatRequests().at(-1)?.body as
      | { messages: { reasoning_content?: string }[] }
      | undefined;
    expect(sent?.messages[1]?.reasoning_content).toBe(own);
  });
});
