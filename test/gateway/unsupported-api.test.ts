/**
 * A provider whose `api` this build has no transport for (`openai-responses`; `anthropic-messages`,
 * which Kimi Code also serves, has one since): the gateway says so at start, does not list its
 * models, and a request for the primary with that api is answered by the fallback instead of an
 * internal error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

describe("a provider with an api that has no transport", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      primary: "anth/k2-messages",
      fallbacks: ["moonshot/kimi-k2.5"],
      extraProviders: {
        anth: {
          baseUrl: "http://127.0.0.1:9/anthropic",
          apiKey: "sk-test-anthropic-0001",
          api: "openai-responses",
          models: [{ id: "k2-messages", name: "K2 over messages" }],
        },
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is a start-up problem at its dotted path, and its models are not listed as usable", async () => {
    const problems = env.gateway.backend().problems;
    expect(problems).toContainEqual(
      expect.objectContaining({
        where: "models.providers.anth.api",
        message: expect.stringContaining('api "openai-responses" is not supported yet'),
      }),
    );
    // GET /v1/models lists the usable models: not this one.
    const list = await env.client().models.list();
    const ids = list.data.map((entry) => entry.id);
    expect(ids).toContain("moonshot/kimi-k2.5");
    expect(ids).not.toContain("anth/k2-messages");
  });

  it("falls back for openclaw as the model, where it was an internal error", async () => {
    const answer = await env.client().chat.completions.create({
      model: "openclaw",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(answer.model).toBe("moonshot/kimi-k2.5");
  });
});
