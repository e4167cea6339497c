/**
 * `enable_thinking`, Qwen's thinking switch, which some SDKs and frameworks send for every
 * "thinking off" (mastra-ai/mastra#12592). Moonshot ignores it: passed on, kimi-k2.5 thought
 * anyway. To a model on Moonshot's thinking format the gateway sends it as Moonshot's own switch
 * (or Kimi K3's effort); to any other provider as the client sent it. Real sockets, the official
 * `openai` client, and what the simulator received.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv, withUnknownProvider } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    start: { log: () => {} },
    // Qwen's switch may mean something to a provider the gateway knows nothing of.
    editConfig: withUnknownProvider("bailian"),
  });
});
afterAll(async () => {
  await env?.close();
});

type Sent = Record<string, unknown>;

function lastSent(): Sent {
  return (env.sim.chatRequests().at(-1)?.body ?? {}) as Sent;
}

/** A chat request with Qwen's field (not in OpenAI's types); the answer and its notes. */
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

describe("enable_thinking to a model on Moonshot's thinking format", () => {
  it("false turns kimi-k2.5's thinking off with Moonshot's switch, and is not sent", async () => {
    const { message, response } = await ask("moonshot/kimi-k2.5", { enable_thinking: false });
    expect(message.reasoning_content).toBeUndefined();
    const sent = lastSent();
    expect(sent.thinking).toEqual({ type: "disabled" });
    expect(sent).not.toHaveProperty("enable_thinking");
    expect(notesOf(response.headers)).toContain(
      "enable_thinking false read as thinking off, and not sent: moonshot/kimi-k2.5 does not read enable_thinking (Qwen's thinking switch), only Moonshot's own thinking setting",
    );
  });

  it("is read the same through `openclaw`, whose primary is kimi-k2.5", async () => {
    const { message } = await ask("openclaw", { enable_thinking: false });
    expect(message.reasoning_content).toBeUndefined();
    expect(lastSent().thinking).toEqual({ type: "disabled" });
    expect(lastSent()).not.toHaveProperty("enable_thinking");
  });

  it("false to Kimi K3, which always thinks, is its lightest effort", async () => {
    await ask("moonshot/kimi-k3", { enable_thinking: false });
    const sent = lastSent();
    expect(sent.reasoning_effort).toBe("low");
    expect(sent).not.toHaveProperty("enable_thinking");
    expect(sent).not.toHaveProperty("thinking");
  });

  it("gives way to reasoning_effort, and the note says it was not used", async () => {
    const { message, response } = await ask("moonshot/kimi-k2.5", {
      enable_thinking: true,
      reasoning_effort: "none",
    });
    expect(message.reasoning_content).toBeUndefined();
    expect(lastSent().thinking).toEqual({ type: "disabled" });
    expect(lastSent()).not.toHaveProperty("enable_thinking");
    expect(notesOf(response.headers)).toContain(
      `enable_thinking true not used: reasoning effort "none" sets the thinking level, and moonshot/kimi-k2.5 does not read enable_thinking (Qwen's thinking switch), so it is not sent`,
    );
  });

  it("that is not a boolean is refused with a 400 naming the field", async () => {
    const before = env.sim.chatRequests().length;
    const failure = await ask("moonshot/kimi-k2.5", { enable_thinking: "false" }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const apiError = failure as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(400);
    expect(apiError.param).toBe("enable_thinking");
    expect(apiError.message).toContain("enable_thinking must be true or false, got a string");
    expect(env.sim.chatRequests().length).toBe(before);
  });
});

describe("enable_thinking to any other provider", () => {
  it("goes on as the client sent it, with no thinking switch of Moonshot's", async () => {
    const { response } = await ask("bailian/kimi-k2.5", { enable_thinking: false });
    const sent = lastSent();
    expect(sent.enable_thinking).toBe(false);
    expect(sent).not.toHaveProperty("thinking");
    expect(notesOf(response.headers).join("\n")).not.toContain("enable_thinking");
  });

  it("is not checked there (the provider reads it its own way)", async () => {
    await ask("bailian/kimi-k2.5", { enable_thinking: "false" });
    expect(lastSent().enable_thinking).toBe("false");
  });
});
