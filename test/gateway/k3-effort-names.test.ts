/**
 * Kimi K3 takes reasoning_effort low, high or max. OpenAI's "minimal" goes to it as "low" and
 * "xhigh" as "max", and x-openclaw-notes now says so, as it says "medium" goes as "high".
 * Before, the effort sent differed from the one asked with no word. Official client,
 * simulator, real sockets.
 */
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, notesOf, startGatewayEnv } from "./harness.js";

type Effort = OpenAI.Chat.Completions.ChatCompletionCreateParams["reasoning_effort"];

describe("reasoning efforts Kimi K3 knows by another name", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  const ask = async (effort: Effort) => {
    const { response } = await env
      .client()
      .chat.completions.create({
        model: "moonshot/kimi-k3",
        messages: [{ role: "user", content: "hi" }],
        reasoning_effort: effort,
      })
      .withResponse();
    const sent = env.sim.chatRequests().at(-1)?.body as { reasoning_effort?: string };
    return {
      sent: sent.reasoning_effort,
      notes: notesOf(response.headers).filter((note) => note.includes("effort")),
    };
  };

  it("go as the level K3 has, and the note says which", async () => {
    expect(await ask("minimal")).toEqual({
      sent: "low",
      notes: ['reasoning effort "minimal" sent as "low": moonshot/kimi-k3 takes low, high or max'],
    });
    expect(await ask("xhigh" as Effort)).toEqual({
      sent: "max",
      notes: ['reasoning effort "xhigh" sent as "max": moonshot/kimi-k3 takes low, high or max'],
    });
  });

  it("say nothing of the efforts K3 takes by name", async () => {
    expect(await ask("low")).toEqual({ sent: "low", notes: [] });
    expect(await ask("high")).toEqual({ sent: "high", notes: [] });
  });
});
