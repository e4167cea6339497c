/**
 * How many stop sequences, and how long, a model takes is its endpoint's rule: Moonshot and Kimi
 * Code take 5 of at most 32 bytes, a custom OpenAI-compatible endpoint any. A request over the
 * limit is refused before anything is sent, in each door's own terms (`stop`, `stop[1]` on chat
 * completions; `stop_sequences[1]` on Messages); a custom provider gets what the client sent.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
      local: {
        baseUrl: upstream.url,
        apiKey: "local-key",
        api: "openai-completions",
        models: [{ id: "echo", name: "Echo", input: ["text"] }],
      },
    },
  });
  client = env.client();
});
afterAll(async () => {
  await env?.close();
  await upstream?.close();
});

/** What the chat route answered `stop` with, checking that no upstream was sent anything. */
async function chatRefusal(
  stop: string | string[],
  stream = false,
  model = "moonshot/kimi-k2.5",
): Promise<{ message: string; param: unknown }> {
  const simBefore = env.sim.chatRequests().length;
  const localBefore = upstream.requests.length;
  const error = await client.chat.completions
    .create({
      model,
      messages: [{ role: "user", content: "Count to ten" }],
      stop,
      stream,
    })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
  expect(refused.type).toBe("invalid_request_error");
  expect(env.sim.chatRequests().length).toBe(simBefore);
  expect(upstream.requests.length).toBe(localBefore);
  return { message: refused.message, param: refused.param };
}

describe("stop on /v1/chat/completions", () => {
  it("refuses a sixth stop sequence for a Moonshot model, naming stop, the limit and the model", async () => {
    for (const stream of [false, true]) {
      const { message, param } = await chatRefusal(SIX, stream);
      expect(param).toBe("stop");
      expect(message).toContain(
        "stop has 6 entries, and moonshot/kimi-k2.5 takes at most 5: send 5 or fewer",
      );
    }
  });

  it("refuses them at the default chain's Moonshot primary, without trying its custom fallback", async () => {
    // A refusal is the caller's to fix, as for every request the runtime will not build: the
    // chain ends there rather than sending the request to whichever model would take it.
    const { message, param } = await chatRefusal(SIX, true, "openclaw/default");
    expect(param).toBe("stop");
    expect(message).toContain("stop has 6 entries, and moonshot/kimi-k2.5 takes at most 5");
  });

  it("refuses a stop sequence over 32 bytes in UTF-8, naming the entry, or stop for a string", async () => {
    const entry = await chatRefusal(["END", "é".repeat(17)]);
    expect(entry.param).toBe("stop[1]");
    expect(entry.message).toContain(
      'stop[1] "ééééééééééééééééé" is 34 bytes in UTF-8, and moonshot/kimi-k2.5 takes at most 32 bytes a stop sequence: shorten it',
    );
    const single = await chatRefusal("x".repeat(33));
    expect(single.param).toBe("stop");
    expect(single.message).toContain('stop "xxxxxxxxxx');
    expect(single.message).toContain("is 33 bytes in UTF-8");
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
  it("names stop_sequences, the limit and the model for a Moonshot model", async () => {
    const before = env.sim.chatRequests().length;
    const error = await env
      .anthropic()
      .messages.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 64,
        stop_sequences: SIX,
        messages: [{ role: "user", content: "Count to ten" }],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const body = (error as InstanceType<typeof Anthropic.BadRequestError>).error as {
      error: { type: string; message: string };
    };
    expect(body.error).toEqual({
      type: "invalid_request_error",
      message:
        "stop_sequences has 6 entries, and moonshot/kimi-k2.5 takes at most 5: send 5 or fewer",
    });
    expect(env.sim.chatRequests().length).toBe(before);
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
