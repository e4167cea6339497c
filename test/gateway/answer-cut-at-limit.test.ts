/**
 * The upstream cuts an answer at the client's own cap (the simulator honours max_tokens as the
 * real API does, the reasoning counted first): the gateway passes the cut on as it came, with the
 * API's own words for it. Chat completions: `finish_reason: "length"`, the empty `content` of a
 * cap spent on thinking and its `reasoning_content`, JSON and stream alike. Responses:
 * `incomplete` with `incomplete_details.reason` "max_output_tokens". Anthropic Messages:
 * `stop_reason: "max_tokens"`. The official clients over real sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const THINKING = "moonshot/kimi-k2.5";
const PLAIN = "moonshot/kimi-k2-turbo-preview";
const QUESTION = "tell me a long story about foxes and their dens in the winter snow";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ fallbacks: [] });
});
afterAll(async () => {
  await env?.close();
});

function sentCap(field: string): unknown {
  return (env.sim.chatRequests().at(-1)?.body as Record<string, unknown> | undefined)?.[field];
}

describe("an answer the upstream cut at the client's cap", () => {
  it("chat completions: finish_reason length, the cap spent on thinking leaves content empty", async () => {
    const client = env.client();
    const answer = await client.chat.completions.create({
      model: THINKING,
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 8,
    });
    expect(sentCap("max_tokens")).toBe(8);
    const choice = answer.choices[0];
    expect(choice?.finish_reason).toBe("length");
    expect(choice?.message.content ?? "").toBe("");
    const reasoning = (choice?.message as { reasoning_content?: string } | undefined)
      ?.reasoning_content;
    expect(reasoning).toBe('The user said "hi". I will answe');
    expect(answer.usage?.completion_tokens).toBe(8);

    const stream = await client.chat.completions.create({
      model: PLAIN,
      messages: [{ role: "user", content: QUESTION }],
      max_completion_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null | undefined;
    let completionTokens: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
    }
    expect(text).toBe(`Echo: ${QUESTION}`.slice(0, 20));
    expect(finish).toBe("length");
    expect(completionTokens).toBe(5);
  });

  it("responses: incomplete for max_output_tokens, streamed or not", async () => {
    const client = env.client();
    const request = { model: PLAIN, input: QUESTION, max_output_tokens: 16 };
    const plain = await client.responses.create(request);
    expect(sentCap("max_tokens")).toBe(16);
    expect(plain.status).toBe("incomplete");
    expect(plain.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(plain.output_text).toBe(`Echo: ${QUESTION}`.slice(0, 64));
    expect(plain.usage?.output_tokens).toBe(16);

    const stream = await client.responses.create({ ...request, stream: true });
    let final: typeof plain | undefined;
    for await (const event of stream)
      if (event.type === "response.incomplete") final = event.response;
    expect(final?.status).toBe("incomplete");
    expect(final?.incomplete_details).toEqual({ reason: "max_output_tokens" });
    // A streamed response has no `output_text` (the SDK adds it to one not streamed): the item's.
    const item = final?.output.find((entry) => entry.type === "message");
    const part = item?.type === "message" ? item.content[0] : undefined;
    expect(part?.type === "output_text" && part.text).toBe(plain.output_text);
    expect(item?.status).toBe("incomplete");
  });

  it("messages: stop_reason max_tokens, streamed or not", async () => {
    const client = env.anthropic();
    const request = {
      model: PLAIN,
      max_tokens: 5,
      messages: [{ role: "user" as const, content: QUESTION }],
    };
    const plain = await client.messages.create(request);
    expect(plain.stop_reason).toBe("max_tokens");
    expect(plain.content).toEqual([
      expect.objectContaining({ type: "text", text: `Echo: ${QUESTION}`.slice(0, 20) }),
    ]);
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.stop_reason).toBe("max_tokens");
  });
});
