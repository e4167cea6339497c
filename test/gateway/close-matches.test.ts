import { readFileSync, writeFileSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

/** An extra provider "acme" serving `models`, at an address nothing answers (never asked here). */
function acmeProvider(models: { id: string; name: string }[]) {
  return { acme: customProvider(models, { apiKey: "sk-test-acme-0001" }) };
}

/** What a chat request for `model` through the gateway fails with. */
function chatRefusal(env: GatewayEnv, model: string): Promise<unknown> {
  return env
    .client()
    .chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] })
    .catch((caught: unknown) => caught);
}

describe("close matches for an unknown model", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    // A model whose ref is contained in the typo of another, and sorts before it.
    env = await startGatewayEnv({
      extraProviders: acmeProvider([
        { id: "kimi-k2", name: "Acme K2" },
        { id: "kimi-k2-thinking", name: "Acme K2 Thinking" },
      ]),
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("name the model a one-letter typo meant first, before a shorter one it merely contains", async () => {
    const error = await chatRefusal(env, "acme/kimi-k2-thinkin");
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const message = (error as InstanceType<typeof OpenAI.APIError>).message;
    expect(message).toContain("close matches: acme/kimi-k2-thinking, acme/kimi-k2");
  });

  it("say whose model an id put under the other provider is, as the CLI does, and what to send", async () => {
    // kimi-k2.5 is Moonshot's, kimi-for-coding Kimi Code's: no spelling match finds the ref.
    // Before, the 404 only listed it among the close matches.
    for (const [asked, id, owner, other, meant] of [
      ["kimi-code/kimi-k2.5", "kimi-k2.5", "moonshot", "kimi-code", "moonshot/kimi-k2.5"],
      [
        "moonshot/kimi-for-coding",
        "kimi-for-coding",
        "kimi-code",
        "moonshot",
        "kimi-code/kimi-for-coding",
      ],
    ]) {
      const error = await chatRefusal(env, asked!);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
        message: `model "${asked}" is not configured: "${id}" is a model of ${owner}, not of ${other} (each provider has its own endpoint and key); send "model": "${meant}"`,
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      });
    }
    // The Responses API says the same.
    const response = await env
      .client()
      .responses.create({ model: "kimi-code/kimi-k2.5", input: "hi" })
      .catch((caught: unknown) => caught);
    expect(response).toBeInstanceOf(OpenAI.NotFoundError);
    expect((response as Error).message).toContain(
      '"kimi-k2.5" is a model of moonshot, not of kimi-code (each provider has its own endpoint and key); send "model": "moonshot/kimi-k2.5"',
    );
  });

  it("refuses a model name of megabytes with a 400 naming its length, not echoing it back", async () => {
    // Matched against every name and echoed in the 404, such a name held the gateway for seconds.
    const model = `moonshot/kimi-k2.5${"x".repeat(2 * 1024 * 1024)}`;
    const error = await chatRefusal(env, model);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const { error: body } = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(body).toEqual({
      message: `model is ${model.length} characters long; a model name here has at most 512 (a ref such as moonshot/kimi-k2.5, an alias, or openclaw)`,
      type: "invalid_request_error",
      param: "model",
      code: "invalid_value",
    });
    // The Responses API checks the same name the same way.
    const response = await env
      .client()
      .responses.create({ model, input: "hi" })
      .catch((caught: unknown) => caught);
    expect(response).toBeInstanceOf(OpenAI.BadRequestError);
    expect((response as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual(body);
  });
});

/** The message of the 404 each route answers `model` with: chat completions, responses, messages. */
async function refusalsOf(env: GatewayEnv, model: string): Promise<string[]> {
  const refusals = await Promise.all([
    chatRefusal(env, model),
    env
      .client()
      .responses.create({ model, input: "hi" })
      .catch((caught: unknown) => caught),
    env
      .anthropic()
      .messages.create({ model, max_tokens: 16, messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught),
  ]);
  return refusals.map((refusal) => {
    // OpenAI's SDK holds the error object, Anthropic's the whole body around it.
    const { status, error } = refusal as {
      status?: number;
      error?: { message?: string; error?: { message?: string } };
    };
    expect(status).toBe(404);
    return error?.message ?? error?.error?.message ?? "";
  });
}

// Before, a slip in a model's name or in a bare id that only a longer ref holds got no close
// match: "GET /v1/models lists the models this gateway serves", nothing more.
describe("close matches for a slip in a model's name or a bare model id", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it.each([
    ["Kimi K2 Trubo", "moonshot/kimi-k2-turbo-preview"],
    ["kimi-for-codng", "kimi-code/kimi-for-coding"],
    ["KIMI_FOR_CODING_", "kimi-code/kimi-for-coding"],
    ["moonshot/kimi-k2-trubo", "moonshot/kimi-k2-turbo-preview"],
    ["Kimi K2 Thinkng", "Kimi K2 Thinking"],
  ])("%s is answered with %s first on every route", async (model, first) => {
    for (const message of await refusalsOf(env, model))
      expect(message).toContain(`model "${model}" is not configured; close matches: ${first}`);
  });

  it("offers nothing for a short or a different name", async () => {
    for (const model of ["k9", "gpt-4o"])
      for (const message of await refusalsOf(env, model))
        expect(message).toContain("GET /v1/models lists the models this gateway serves");
  });
});

describe("a model the allowlist shuts out", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    // acme/kimi-k2 is configured, but agents.defaults.models (the allowlist) does not list it.
    env = await startGatewayEnv({
      extraProviders: acmeProvider([{ id: "kimi-k2", name: "Acme K2" }]),
      editConfig: (config) => {
        const agents = config.agents as { defaults: { models: Record<string, unknown> } };
        delete agents.defaults.models["acme/kimi-k2"];
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is refused with a 404 that names the allowlist and what to add, not as a model the config lacks", async () => {
    const error = await chatRefusal(env, "acme/kimi-k2");
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const { error: body } = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect(body).toEqual({
      message:
        'model "acme/kimi-k2": acme/kimi-k2 is not in the allowlist (agents.defaults.models), so this gateway does not serve it (hint: add "acme/kimi-k2": {} under agents.defaults.models in the gateway\'s config; it applies without a restart)',
      type: "invalid_request_error",
      param: "model",
      code: "model_not_found",
    });
  });
});

/** The 404 message `GET /v1/models/{model}` answers with. */
async function modelPageRefusal(env: GatewayEnv, model: string): Promise<string> {
  const response = await fetch(`${env.baseURL}/models/${encodeURIComponent(model)}`, {
    headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
  });
  expect(response.status).toBe(404);
  const body = (await response.json()) as { error: { message: string } };
  return body.error.message;
}

// What close matches are looked for among is worked out once per config served: a reload must
// give the new names, not those of the first 404 before it.
describe("close matches after a hot reload", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("offer an alias the reload added for a slip of it", async () => {
    const slip = "speedy-wirter";
    for (const message of await refusalsOf(env, slip))
      expect(message).toContain("GET /v1/models lists the models this gateway serves");
    const config = JSON.parse(readFileSync(env.configPath, "utf8")) as {
      agents: { defaults: { models: Record<string, { alias?: string }> } };
    };
    config.agents.defaults.models["moonshot/kimi-k2.5"] = { alias: "speedy-writer" };
    writeFileSync(env.configPath, JSON.stringify(config, null, 2));
    expect(env.gateway.reload()).toBe(true);
    for (const message of await refusalsOf(env, slip))
      expect(message).toContain(`model "${slip}" is not configured; close matches: speedy-writer`);
  });
});

describe("a model name longer than any a request body may carry", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("is answered with a 404 that says it shortened, with its length, and matches nothing", async () => {
    // It holds a real ref: matched as before, the ref came back as a close match, and the
    // whole name was echoed.
    const model = `moonshot/kimi-k2.5${"x".repeat(2048)}`;
    expect(await modelPageRefusal(env, model)).toBe(
      `model "moonshot/kimi-k2.5xxxxxxxxxxxxxxxxxxxxxx…" (${model.length} characters) is not configured; GET /v1/models lists the models this gateway serves`,
    );
  });

  it("still gets close matches at the longest a body may carry", async () => {
    // 512 characters: the body's limit; a name this long is still matched, and said whole.
    const model = `moonshot/kimi-k2.5${"x".repeat(512 - 18)}`;
    const message = await modelPageRefusal(env, model);
    expect(message).toContain(
      `model "${model}" is not configured; close matches: moonshot/kimi-k2.5`,
    );
  });
});
