/**
 * Through the gateway, with the official `openai` client: the provider's 404 for a model
 * openclaw's built-in list marks retired names the replacement and the command that fits where
 * the model came from (the ref asked for, an alias, the default chain), as `models list` does.
 * The simulator answers the retired ids as the API does today: 404 resource_not_found_error.
 */
import Anthropic from "@anthropic-ai/sdk";
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
      `moonshot retired kimi-k2-turbo-preview in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — ask for moonshot/kimi-k2.5 in its place (a gateway client sends it as "model");`,
    );
    // --model is the CLI's flag (agent's hint keeps it): a gateway's client sends "model" only.
    expect(message).not.toContain("--model");
    expect(message).not.toContain("retired from time to time");
  });

  it("by alias: the 404 says first to give the alias to the replacement, then to ask for it", async () => {
    // As the client spelled it: the alias is matched in any case, and named as the config has it.
    for (const model of ["Kimi K2 Thinking", "kimi k2 thinking"]) {
      const message = await notFoundMessage(() =>
        env.client().chat.completions.create({ model, messages, stream: true }),
      );
      // Before, the ref's fix came first ("ask for moonshot/kimi-k2.5 in its place (--model …"),
      // as the gateway gives the run the ref the alias names.
      expect(message).toContain(
        `moonshot retired kimi-k2-thinking in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — the alias "Kimi K2 Thinking" names it; give the alias to moonshot/kimi-k2.5: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models aliases remove "Kimi K2 Thinking", then: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models aliases add "Kimi K2 Thinking" moonshot/kimi-k2.5 (in place of its alias "Kimi K2.5": a model has one); or ask for moonshot/kimi-k2.5 in its place (a gateway client sends it as "model"); see what the key may use now with: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models scan --provider moonshot`,
      );
    }
  });

  it("by alias on /v1/messages too, the same hint in Anthropic's error body", async () => {
    const error = await env
      .anthropic()
      .messages.create({ model: "Kimi K2 Thinking", max_tokens: 64, messages })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    const body = (error as InstanceType<typeof Anthropic.NotFoundError>).error as {
      error: { message: string };
    };
    expect(body.error.message).toContain(
      `use moonshot/kimi-k2.5 — the alias "Kimi K2 Thinking" names it; give the alias to moonshot/kimi-k2.5: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models aliases remove "Kimi K2 Thinking", then: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models aliases add "Kimi K2 Thinking" moonshot/kimi-k2.5 (in place of its alias "Kimi K2.5": a model has one); or ask for`,
    );
  });
});

describe("a retired model asked for by alias where the gateway does not serve its replacement", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      sim: { serveRetiredModels: false },
      primary: "kimi-code/kimi-for-coding",
      fallbacks: [],
      // The allowlist leaves the replacement out: a client asking for it would get a 404.
      editConfig: (config) => {
        const models = (config.agents as { defaults: { models: Record<string, unknown> } }).defaults
          .models;
        delete models["moonshot/kimi-k2.5"];
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("the 404 says only to give the alias to the replacement", async () => {
    const message = await notFoundMessage(() =>
      env.client().chat.completions.create({ model: "Kimi K2 Thinking", messages }),
    );
    expect(message).toContain(
      `use moonshot/kimi-k2.5 — the alias "Kimi K2 Thinking" names it; give the alias to moonshot/kimi-k2.5: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models aliases remove "Kimi K2 Thinking", then: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models aliases add "Kimi K2 Thinking" moonshot/kimi-k2.5; see what the key may use now with: OPENCLAW_STATE_DIR=${env.stateDir} openclaw models scan --provider moonshot`,
    );
    expect(message).not.toContain("in its place");
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
      `moonshot retired kimi-k2-thinking in 2026 (per openclaw's list): use moonshot/kimi-k2.5 — OPENCLAW_STATE_DIR=${env.stateDir} openclaw models set moonshot/kimi-k2.5`,
    );
  });
});
