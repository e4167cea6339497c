/**
 * `thinking` and `reasoning_effort` in one chat request, as Kilo Code and opencode send them when
 * a model's options hold Moonshot's `thinking` and the user picks a reasoning variant
 * (`{"thinking": {"type": "disabled"}, "reasoning_effort": "low", …}`, recorded from Kilo Code
 * 7.7.9). `reasoning_effort` was dropped unsaid and unchecked. Real sockets, the official `openai`
 * client, and what the simulator received.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

function lastSent(): Record<string, unknown> {
  return (env.sim.chatRequests().at(-1)?.body ?? {}) as Record<string, unknown>;
}

/** Kilo Code's request shape: streamed, usage asked, both fields; Moonshot's `thinking` is not in OpenAI's types. */
async function ask(model: string, fields: Record<string, unknown>) {
  const { data, response } = await env
    .client()
    .chat.completions.create({
      model,
      messages: [{ role: "user", content: [{ type: "text", text: "Say hi" }] }],
      max_tokens: 32000,
      top_p: 0.95,
      stream: true,
      stream_options: { include_usage: true },
      ...fields,
    } as OpenAI.ChatCompletionCreateParamsStreaming)
    .withResponse();
  let text = "";
  for await (const chunk of data) text += chunk.choices[0]?.delta?.content ?? "";
  return { text, notes: notesOf(response.headers) };
}

describe("thinking and reasoning_effort together", () => {
  it("thinking disabled with an effort: thinking stays off, and a note says the effort was not used", async () => {
    const { text, notes } = await ask("moonshot/kimi-k2.5", {
      thinking: { type: "disabled" },
      reasoning_effort: "low",
    });
    expect(text).not.toBe("");
    expect(lastSent().thinking).toEqual({ type: "disabled" });
    expect(lastSent()).not.toHaveProperty("reasoning_effort");
    expect(notes).toContain(
      'reasoning effort "low" not used: thinking {"type":"disabled"} turns thinking off, and it wins (send one of the two)',
    );
  });

  it('thinking enabled with effort "none": thinking stays on, and a note says so', async () => {
    const { notes } = await ask("moonshot/kimi-k2.5", {
      thinking: { type: "enabled" },
      reasoning_effort: "none",
    });
    // kimi-k2.5 thinks when asked nothing: "on" goes as Moonshot's default, never as "disabled".
    expect(lastSent().thinking).not.toEqual({ type: "disabled" });
    expect(notes).toContain(
      'reasoning effort "none" not used: thinking {"type":"enabled"} turns thinking on, and it wins (send one of the two)',
    );
  });

  it("thinking enabled with an effort: Kimi K3 gets the effort asked for", async () => {
    await ask("moonshot/kimi-k3", { thinking: { type: "enabled" }, reasoning_effort: "low" });
    expect(lastSent().reasoning_effort).toBe("low");
  });

  it("an effort no API defines is a 400 naming reasoning_effort, beside thinking too", async () => {
    const error = await ask("moonshot/kimi-k2.5", {
      thinking: { type: "disabled" },
      reasoning_effort: "lowest",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("reasoning_effort");
    expect(refused.message).toContain("reasoning_effort must be one of none, minimal, low");
  });

  it("the two agreeing need no note", async () => {
    const { notes } = await ask("moonshot/kimi-k2.5", {
      thinking: { type: "disabled" },
      reasoning_effort: "none",
    });
    expect(lastSent().thinking).toEqual({ type: "disabled" });
    expect(notes.join(" ")).not.toContain("reasoning effort");
  });
});
