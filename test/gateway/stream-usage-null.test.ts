/**
 * A chat stream that asks for usage (`stream_options.include_usage`) has `"usage": null` on every
 * chunk before the last, as OpenAI's has; the last chunk has `choices: []` and the usage. A client
 * that tells the usage chunk by `chunk.usage !== null` must not take the first chunk for it. A
 * stream that did not ask has no `usage` key on its chunks, as OpenAI's has none.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  env = await startGatewayEnv();
  client = env.client();
});
afterAll(async () => {
  await env?.close();
});

const MODEL = "moonshot/kimi-k2.5";
const messages = [{ role: "user" as const, content: "hi" }];

/** The JSON of each `data:` line of a raw stream from /v1/chat/completions, `[DONE]` left out. */
async function rawChunks(body: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${env.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, messages, stream: true, ...body }),
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as Record<string, unknown>);
}

describe("usage on the chunks of a chat stream", () => {
  it("with include_usage, the official client reads null on every chunk before the usage chunk", async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    const before = chunks.slice(0, -1);
    expect(before.length).toBeGreaterThan(1);
    // What a client counting `chunk.usage !== null` as the usage chunk sees: only the last.
    expect(chunks.filter((chunk) => chunk.usage !== null)).toEqual([last]);
  });

  it('with include_usage, each raw chunk before the last says "usage": null', async () => {
    const chunks = await rawChunks({ stream_options: { include_usage: true } });
    const before = chunks.slice(0, -1);
    expect(before.length).toBeGreaterThan(1);
    for (const chunk of before) {
      expect(Object.hasOwn(chunk, "usage")).toBe(true);
      expect(chunk.usage).toBeNull();
    }
    expect(chunks.at(-1)?.usage).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it("without include_usage, no chunk has a usage key", async () => {
    for (const body of [{}, { stream_options: { include_usage: false } }]) {
      const chunks = await rawChunks(body);
      expect(chunks.length).toBeGreaterThan(1);
      for (const chunk of chunks) expect(Object.hasOwn(chunk, "usage")).toBe(false);
    }
  });
});
