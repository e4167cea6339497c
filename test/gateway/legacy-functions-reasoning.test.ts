/**
 * A client in the deprecated function-calling form (`functions`, `function_call`) on a thinking
 * model: the `function_call` it was answered with has no id, and it sends the turn back without
 * its reasoning. The reasoning of that turn must go upstream with it again, as for a client
 * that sends `tools`, not the empty reasoning of a turn the gateway never saw.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const THINKING = "moonshot/kimi-k2-thinking";
const functions = [
  { name: "get_time", parameters: { type: "object", properties: { tz: { type: "string" } } } },
];

/** The reasoning of each assistant turn the last upstream request carried. */
function upstreamReasoning(env: GatewayEnv): unknown[] {
  const body = env.sim.chatRequests().at(-1)?.body as {
    messages: { role: string; reasoning_content?: unknown }[];
  };
  return body.messages.filter((m) => m.role === "assistant").map((m) => m.reasoning_content);
}

describe("the deprecated functions form on a thinking model", () => {
  let env: GatewayEnv;
  let client: OpenAI;
  beforeAll(async () => {
    env = await startGatewayEnv({ primary: THINKING });
    client = env.client();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const stream of [false, true]) {
    it(`gets its turn's reasoning sent back upstream over two rounds (${stream ? "streamed" : "whole"})`, async () => {
      env.sim.reset();
      const round = (reasoning: string, tz: string) => ({
        when: { model: "kimi-k2-thinking" },
        respond: { reply: { reasoning, toolCalls: [{ name: "get_time", arguments: { tz } }] } },
      });
      env.sim.script([round("I need the time.", "UTC"), round("Now Tokyo's.", "Asia/Tokyo")]);
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: "system", content: "You tell the time." },
        { role: "user", content: "What time is it in UTC, then in Tokyo?" },
      ];
      for (const result of ["12:00", "21:00"]) {
        const request = { model: THINKING, messages, functions };
        const call = stream
          ? (await client.chat.completions.stream(request).finalChatCompletion()).choices[0]
              ?.message.function_call
          : (await client.chat.completions.create(request)).choices[0]?.message.function_call;
        expect(call?.name).toBe("get_time");
        // Sent back as such clients do: the call, without reasoning_content, and its result.
        messages.push({ role: "assistant", content: null, function_call: call });
        messages.push({ role: "function", name: "get_time", content: result });
      }
      await client.chat.completions.create({ model: THINKING, messages, functions });
      expect(upstreamReasoning(env)).toEqual(["I need the time.", "Now Tokyo's."]);
    });
  }
});
