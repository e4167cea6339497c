/**
 * A legacy text completion (`POST /v1/completions`) for Kimi Code served through its
 * Anthropic-format API: the prompt goes as Anthropic's prefill (a last assistant message), the
 * same idea as Moonshot's partial mode, and the model's reasoning (Kimi Code thinks whatever it
 * is sent) stays out of the text. The official `openai` client, the simulator on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayEnv } from "./harness.js";
import { startKimiCodeOverAnthropic } from "./kimi-code-over-anthropic.js";

describe("a text completion from a model behind an anthropic-messages provider", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startKimiCodeOverAnthropic();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("sends the prompt as the assistant's prefill and answers the text alone, plain and streamed", async () => {
    env.sim.script([{ respond: { reply: { reasoning: "Easy.", text: " 2;" } }, times: 2 }]);
    const completion = await env.client().completions.create({
      model: "kimi-code/kimi-for-coding",
      prompt: "const two = 1 +",
      max_tokens: 200,
    });
    expect(completion.object).toBe("text_completion");
    expect(completion.choices[0]?.text).toBe(" 2;");
    const sent = env.sim.requests.filter((request) => request.path === "/coding/v1/messages");
    const body = sent.at(-1)?.body as { messages: { role: string; content: unknown }[] };
    const last = body.messages.at(-1);
    expect(last?.role).toBe("assistant");
    expect(JSON.stringify(last?.content)).toContain("const two = 1 +");

    const stream = await env.client().completions.create({
      model: "kimi-code/kimi-for-coding",
      prompt: "const two = 1 +",
      max_tokens: 200,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe(" 2;");
  });
});
