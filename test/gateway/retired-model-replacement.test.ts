/**
 * Through the gateway, with the official `openai` client: the provider's 404 for a model
 * openclaw's built-in list marks retired names the replacement and the command that fits where
 * the model came from (the ref asked for, an alias, the default chain), as `models list` does.
 * The simulator answers the retired ids as the API does today: 404 resource_not_found_error.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const messages = [{ role: "user" as const, content: "hello" }];

async function notFoundMessage(request: () => Promise<unknown>): Promise<string> {
  const error = await request().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  return (error as InstanceType<typeof OpenAI.NotFoundError>).message;
}

describe("a model moonshot retired, asked for by ref or alias", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ sim: { serveRetiredModels: false } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("by ref: the 404 says to ask for the replacement", async () => {
    const message = await notFoundMessage(() =>
      env.client().chat.completions.create({ model: "moonshot/kimi-k2-turbo-preview", messages }),
    );
    expect(message).toContain(
      `moonshot retired kimi-k2-turbo-preview in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — ask for moonshot/kimi-k2.5 in its place (--model moonshot/kimi-k2.5; a gateway client sends it as "model")`,
    );
    expect(message).not.toContain("retired from time to time");
  });

  it("by alias: the 404 says to give the alias to the replacement too", async () => {
    const message = await notFoundMessage(() =>
      env.client().chat.completions.create({ model: "Kimi K2 Thinking", messages, stream: true }),
    );
    expect(message).toContain(
      `moonshot retired kimi-k2-thinking in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — ask for moonshot/kimi-k2.5 in its place (--model moonshot/kimi-k2.5; a gateway client sends it as "model"); its alias "Kimi K2 Thinking" names it; give the alias to moonshot/kimi-k2.5: openclaw models aliases add "Kimi K2 Thinking" moonshot/kimi-k2.5`,
    );
  });
});

describe("a default model moonshot retired, with no fallback", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      sim: { serveRetiredModels: false },
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: [],
      start: { log: () => {} },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("the 404 for model openclaw says models set", async () => {
    const message = await notFoundMessage(() =>
      env.client().chat.completions.create({ model: "openclaw", messages }),
    );
    expect(message).toContain(
      "moonshot retired kimi-k2-thinking in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — openclaw models set moonshot/kimi-k2.5",
    );
  });
});
