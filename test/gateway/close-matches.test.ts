import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("close matches for an unknown model", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    // A model whose ref is contained in the typo of another, and sorts before it.
    env = await startGatewayEnv({
      extraProviders: {
        acme: {
          baseUrl: "http://127.0.0.1:9/v1",
          apiKey: "sk-test-acme-0001",
          api: "openai-completions",
          models: [
            { id: "kimi-k2", name: "Acme K2" },
            { id: "kimi-k2-thinking", name: "Acme K2 Thinking" },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("name the model a one-letter typo meant first, before a shorter one it merely contains", async () => {
    const error = await env
      .client()
      .chat.completions.create({
        model: "acme/kimi-k2-thinkin",
        messages: [{ role: "user", content: "hi" }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const message = (error as InstanceType<typeof OpenAI.APIError>).message;
    expect(message).toContain("close matches: acme/kimi-k2-thinking, acme/kimi-k2");
  });
});
