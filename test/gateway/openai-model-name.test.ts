/**
 * The OpenAI Agents SDK (JS 0.20) sends its own default model, "gpt-5.6-luna", for an Agent made
 * without one. The 404 said only that the name is not configured; it now says how to name a model
 * this gateway serves. Body as the SDK sent it (recorded).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

async function refusal(request: Promise<unknown>): Promise<{ status?: number; message: string }> {
  try {
    await request;
  } catch (error) {
    const { status, message } = error as { status?: number; message: string };
    return { status, message };
  }
  throw new Error("the request was not refused");
}

describe("an OpenAI model name sent by a client's default", () => {
  it("gets a 404 saying how to name a model this gateway serves", async () => {
    const { status, message } = await refusal(
      env.client().responses.create({
        model: "gpt-5.6-luna",
        input: [{ role: "user", content: "Hi" }],
        include: [],
        tools: [],
        stream: false,
        text: { verbosity: "low" },
        reasoning: { effort: "none" },
      }),
    );
    expect(status).toBe(404);
    expect(message).toContain('model "gpt-5.6-luna" is not configured');
    expect(message).toContain("one of OpenAI's model names");
    expect(message).toContain('new Agent({ model: "openclaw" }) or OPENAI_DEFAULT_MODEL=openclaw');
    expect(env.sim.chatRequests()).toHaveLength(0);
  });

  it("says the same on chat completions, and nothing of it for another unknown name", async () => {
    const chat = (model: string) =>
      refusal(
        env
          .client()
          .chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }] }),
      );
    expect((await chat("o4-mini")).message).toContain("OPENAI_DEFAULT_MODEL=openclaw");
    expect((await chat("k9")).message).not.toContain("OpenAI's model names");
  });
});
