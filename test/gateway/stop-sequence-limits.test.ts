/**
 * How many stop sequences, and how long, a model takes is its endpoint's rule: Moonshot and Kimi
 * Code take 5 of at most 32 bytes, a custom OpenAI-compatible endpoint any (unless its config's
 * compat says otherwise). Beyond the limit the gateway sends the first that fit and holds the rest
 * (stopping the text at them itself: held-stops-every-route.test.ts); a custom provider gets what
 * the client sent.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { type ScriptedUpstream, startScriptedUpstream } from "../helpers/scripted-upstream.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const SIX = ["1", "2", "3", "4", "5", "6"];

let upstream: ScriptedUpstream;
let env: GatewayEnv;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startScriptedUpstream("echo", "trace-stop-limits");
  env = await startGatewayEnv({
    // A Moonshot model whose fallback is a custom endpoint without Moonshot's limit.
    fallbacks: ["local/echo"],
    extraProviders: {
      local: customProvider([{ id: "echo", name: "Echo", input: ["text"] }], {
        baseUrl: upstream.url,
        apiKey: "local-key",
      }),
    },
  });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
  await upstream?.close();
});

/** What the chat route answered with `stop`, and the `stop` the simulator got. */
async function chatAnswer(
  stop: string | string[],
  stream = false,
  model = "moonshot/kimi-k2.5",
): Promise<{ text: string; sentUpstream: unknown }> {
  const localBefore = upstream.requests.length;
  let text = "";
  if (stream) {
    const chunks = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Count to ten" }],
      stop,
      stream: true,
    });
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? "";
  } else {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "Count to ten" }],
      stop,
    });
    text = completion.choices[0]?.message.content ?? "";
  }
  // Moonshot answered: the custom fallback was not needed.
  expect(upstream.requests.length).toBe(localBefore);
  return {
    text,
    sentUpstream: (env.sim.chatRequests().at(-1)?.body as { stop?: unknown } | undefined)?.stop,
  };
}

describe("stop on /v1/chat/completions", () => {
  it("sends five stop sequences to a Moonshot model and holds the sixth, streamed or not", async () => {
    for (const stream of [false, true]) {
      const { text, sentUpstream } = await chatAnswer(SIX, stream);
      expect(text).not.toBe("");
      expect(sentUpstream).toEqual(SIX.slice(0, 5));
    }
  });

  it("holds them for the default chain by the tightest of its models' limits", async () => {
    // The Moonshot primary takes 5, its custom fallback any: 5 go, whichever model answers.
    const { sentUpstream } = await chatAnswer(SIX, true, "openclaw/default");
    expect(sentUpstream).toEqual(SIX.slice(0, 5));
  });

  it("holds a stop sequence over 32 bytes in UTF-8, sending the others", async () => {
    const entry = await chatAnswer(["END", "é".repeat(17)]);
    expect(entry.sentUpstream).toEqual(["END"]);
    const single = await chatAnswer("x".repeat(33));
    expect(single.sentUpstream).toBeUndefined();
  });

  it("sends 5 of up to 32 bytes to Moonshot as they came", async () => {
    const stop = ["END", "\n", "é".repeat(16), "x".repeat(32), "Ω"];
    await client.chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "Count to ten" }],
      stop,
    });
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop });
  });

  it("sends 6 stop sequences, and a long one, to a custom endpoint, which has no such limit", async () => {
    const stop = [...SIX, "a stop sequence longer than thirty-two bytes"];
    const stream = await client.chat.completions.create({
      model: "local/echo",
      messages: [{ role: "user", content: "Count to ten" }],
      stop,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("nothing scripted");
    expect(upstream.requests.at(-1)).toMatchObject({ stop });
  });
});

describe("stop_sequences on /v1/messages", () => {
  it("sends five to a Moonshot model and holds the sixth", async () => {
    const answer = await env.anthropic().messages.create({
      model: "moonshot/kimi-k2.5",
      max_tokens: 64,
      stop_sequences: SIX,
      messages: [{ role: "user", content: "Count to ten" }],
    });
    expect(answer.content.some((block) => block.type === "text")).toBe(true);
    expect(env.sim.chatRequests().at(-1)?.body).toMatchObject({ stop: SIX.slice(0, 5) });
  });

  it("sends all 6 to a custom endpoint, which has no such limit", async () => {
    // Streamed: the scripted endpoint answers with a stream only.
    const answer = await env
      .anthropic()
      .messages.stream({
        model: "local/echo",
        max_tokens: 64,
        stop_sequences: SIX,
        messages: [{ role: "user", content: "Count to ten" }],
      })
      .finalMessage();
    expect(answer.content).toEqual([{ type: "text", text: "nothing scripted" }]);
    expect(upstream.requests.at(-1)).toMatchObject({ stop: SIX });
  });
});
