/**
 * `reasoning: {"effort": …}`, OpenRouter's reasoning setting, which Qwen Code 0.24.4 sends on
 * chat completions for its `/effort` (`model.reasoningEffort`) to an endpoint it does not know:
 * recorded from the wire as `{"model":"moonshot/kimi-k2.5","max_tokens":32768,"reasoning":
 * {"effort":"low"},"stream":true,"stream_options":{"include_usage":true}, …}`. Moonshot does not
 * read it: passed on, the effort did nothing. To a model on Moonshot's thinking format the gateway
 * sends it as Moonshot's own switch (or Kimi K3's effort); to any other provider as the client sent
 * it. Real sockets, the official `openai` client, and what the simulator received.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv, withUnknownProvider } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    start: { log: () => {} },
    // OpenRouter's object may mean something to a provider the gateway knows nothing of.
    editConfig: withUnknownProvider("router"),
  });
});
afterAll(async () => {
  await env?.close();
});

type Sent = Record<string, unknown>;

function lastSent(): Sent {
  return (env.sim.chatRequests().at(-1)?.body ?? {}) as Sent;
}

/** A chat request with OpenRouter's field (not in OpenAI's types); the answer and its notes. */
async function ask(model: string, fields: Record<string, unknown>) {
  const { data, response } = await env
    .client()
    .chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
      ...fields,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming)
    .withResponse();
  return { message: data.choices[0]?.message as { reasoning_content?: string }, response };
}

async function refusal(model: string, fields: Record<string, unknown>) {
  const failure = await ask(model, fields).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(OpenAI.APIError);
  return failure as InstanceType<typeof OpenAI.APIError>;
}

describe("a reasoning object to a model on Moonshot's thinking format", () => {
  it("Qwen Code's /effort low, streamed as it sends it, is read as a thinking level and not sent", async () => {
    const { data: stream, response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k2.5",
        max_tokens: 32768,
        reasoning: { effort: "low" },
        messages: [{ role: "user", content: "Say hi" }],
        stream: true,
        stream_options: { include_usage: true },
      } as OpenAI.ChatCompletionCreateParamsStreaming)
      .withResponse();
    let reasoning = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? "";
    }
    expect(reasoning).not.toBe("");
    expect(lastSent()).not.toHaveProperty("reasoning");
    expect(notesOf(response.headers)).toContain(
      `reasoning {"effort":"low"} read as thinking low, and not sent: moonshot/kimi-k2.5 does not read reasoning (OpenRouter's reasoning setting), only Moonshot's own thinking setting`,
    );
  });

  it("effort none turns kimi-k2.5's thinking off with Moonshot's switch, and says so", async () => {
    const { message, response } = await ask("moonshot/kimi-k2.5", {
      reasoning: { effort: "none" },
    });
    expect(message.reasoning_content).toBeUndefined();
    const sent = lastSent();
    expect(sent.thinking).toEqual({ type: "disabled" });
    expect(sent).not.toHaveProperty("reasoning");
    expect(notesOf(response.headers)).toContain(
      `reasoning {"effort":"none"} read as thinking off, and not sent: moonshot/kimi-k2.5 does not read reasoning (OpenRouter's reasoning setting), only Moonshot's own thinking setting`,
    );
  });

  it("enabled false turns thinking off too, through `openclaw`, whose primary is kimi-k2.5", async () => {
    const { message } = await ask("openclaw", { reasoning: { enabled: false } });
    expect(message.reasoning_content).toBeUndefined();
    expect(lastSent().thinking).toEqual({ type: "disabled" });
    expect(lastSent()).not.toHaveProperty("reasoning");
  });

  it("effort low to Kimi K3 is sent as its reasoning_effort", async () => {
    await ask("moonshot/kimi-k3", { reasoning: { effort: "low" } });
    const sent = lastSent();
    expect(sent.reasoning_effort).toBe("low");
    expect(sent).not.toHaveProperty("reasoning");
  });

  it("gives way to reasoning_effort, and the note says it was not used", async () => {
    const { message, response } = await ask("moonshot/kimi-k2.5", {
      reasoning: { effort: "high" },
      reasoning_effort: "none",
    });
    expect(message.reasoning_content).toBeUndefined();
    expect(lastSent().thinking).toEqual({ type: "disabled" });
    expect(lastSent()).not.toHaveProperty("reasoning");
    expect(notesOf(response.headers)).toContain(
      `reasoning {"effort":"high"} not used: reasoning effort "none" sets the thinking level, and moonshot/kimi-k2.5 does not read reasoning (OpenRouter's reasoning setting), so it is not sent`,
    );
  });

  it("that is not an object, or has an effort no API has, is a 400 naming the field", async () => {
    const before = env.sim.chatRequests().length;
    const notObject = await refusal("moonshot/kimi-k2.5", { reasoning: "low" });
    expect(notObject.status).toBe(400);
    expect(notObject.param).toBe("reasoning");
    expect(notObject.message).toContain(
      `reasoning must be an object such as {"effort": "low"}, got a string`,
    );
    const badEffort = await refusal("moonshot/kimi-k2.5", { reasoning: { effort: "extreme" } });
    expect(badEffort.status).toBe(400);
    expect(badEffort.param).toBe("reasoning.effort");
    expect(badEffort.message).toContain(
      "reasoning.effort must be one of none, minimal, low, medium, high, xhigh, max",
    );
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("a reasoning object to any other provider", () => {
  it("goes on as the client sent it, unchecked, with no thinking switch of Moonshot's", async () => {
    const { response } = await ask("router/kimi-k2.5", { reasoning: { effort: "extreme" } });
    const sent = lastSent();
    expect(sent.reasoning).toEqual({ effort: "extreme" });
    expect(sent).not.toHaveProperty("thinking");
    expect(notesOf(response.headers).join("\n")).not.toContain("OpenRouter");
  });
});
