/**
 * The Anthropic SDK on the gateway's routes other than /v1/messages: `models.list()` and
 * `models.retrieve()` get Anthropic's shapes (the SDK sends anthropic-version), with x-api-key
 * read. A client without that header sending x-api-key gets a 401 that says where it is read
 * rather than "missing gateway token" alone, which contradicted the header the client did send.
 * A path that ends as Anthropic's routes do but is not one (/v1/v1/messages) is answered in
 * Anthropic's error format, which the SDK reads.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("GET /v1/models for an Anthropic client (anthropic-version sent)", () => {
  const sdk = () =>
    new Anthropic({ apiKey: GATEWAY_TOKEN, baseURL: env.gateway.url, maxRetries: 0 });

  /** The ids the gateway lists, in order, as an OpenAI client reads them. */
  const listedIds = async () => (await env.client().models.list()).data.map((model) => model.id);

  it("lists the models in Anthropic's shape, with x-api-key, and pages them by limit", async () => {
    const ids = await listedIds();
    expect(ids.length).toBeGreaterThan(3);
    const page = await sdk().models.list();
    expect(page.data[0]).toEqual({
      type: "model",
      id: "openclaw",
      display_name: "OpenClaw default (moonshot/kimi-k2.5)",
      // kimi-k2.5's release day, as OpenAI's list gives it in created.
      created_at: "2026-01-27T00:00:00Z",
    });
    expect(page.data.map((model) => model.id)).toEqual(ids);
    expect(page.has_more).toBe(false);
    expect(page.first_id).toBe(ids[0]);
    expect(page.last_id).toBe(ids.at(-1));

    // The SDK's auto-pagination walks pages of 2 with after_id, and sees every model once.
    const walked: string[] = [];
    for await (const model of sdk().models.list({ limit: 2 })) walked.push(model.id);
    expect(walked).toEqual(ids);
    const first = await sdk().models.list({ limit: 2 });
    expect(first.has_more).toBe(true);
    expect(first.data.map((model) => model.id)).toEqual(ids.slice(0, 2));

    // before_id: the models just before it, has_more telling whether there are more before.
    const before = await sdk().models.list({ limit: 2, before_id: ids[3] as string });
    expect(before.data.map((model) => model.id)).toEqual(ids.slice(1, 3));
    expect(before.has_more).toBe(true);
  });

  it("retrieves one model by its ref, and answers an unknown one with Anthropic's 404", async () => {
    const model = await sdk().models.retrieve("moonshot/kimi-k2-turbo-preview");
    expect(model).toEqual({
      type: "model",
      id: "moonshot/kimi-k2-turbo-preview",
      display_name: "Kimi K2 Turbo",
      // No release day on record for it: the fixed day for such a model.
      created_at: "2025-07-11T00:00:00Z",
    });
    const missing = await sdk()
      .models.retrieve("claude-sonnet-4-5")
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    const body = (missing as InstanceType<typeof Anthropic.NotFoundError>).error;
    expect(body).toMatchObject({
      type: "error",
      error: { type: "not_found_error", message: expect.stringContaining("claude-sonnet-4-5") },
    });
    // As on /v1/messages: code on the SDK is told to name a model served here, and Claude Code
    // (its user agent) which settings choose it.
    expect((body as { error: { message: string } }).error.message).toContain(
      "name one of its models where your code names this one",
    );
    const fromClaudeCode = await sdk()
      .models.retrieve(
        "claude-sonnet-4-5",
        {},
        { headers: { "user-agent": "claude-cli/2.1.197 (external, sdk-cli)" } },
      )
      .catch((error: unknown) => error);
    expect((fromClaudeCode as Error).message).toContain("ANTHROPIC_DEFAULT_SONNET_MODEL");
    // An OpenAI client asking for the same name is not told about Claude Code's settings.
    const openaiMissing = await env
      .client()
      .models.retrieve("claude-sonnet-4-5")
      .catch((error: unknown) => error);
    expect(openaiMissing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((openaiMissing as Error).message).not.toContain("ANTHROPIC_DEFAULT");
  });

  it("refuses a limit out of range and an unknown after_id with a 400 naming the parameter", async () => {
    const tooMany = await sdk()
      .models.list({ limit: 1001 })
      .catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(Anthropic.BadRequestError);
    expect((tooMany as Error).message).toContain("limit must be a whole number from 1 to 1000");
    const unknown = await sdk()
      .models.list({ after_id: "nope/none" })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Anthropic.BadRequestError);
    expect((unknown as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      error: {
        type: "invalid_request_error",
        message: expect.stringContaining(
          'after_id "nope/none" is not the id of a model this gateway lists',
        ),
      },
    });
  });

  it("keeps OpenAI's shape without anthropic-version", async () => {
    const res = await fetch(`${env.gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    const body = (await res.json()) as { object: string; data: { object: string }[] };
    expect(body.object).toBe("list");
    expect(body.data[0]?.object).toBe("model");
  });
});

describe("x-api-key outside Anthropic's routes", () => {
  it("is refused with a 401 that says where x-api-key is read", async () => {
    // No anthropic-version: not an Anthropic client, so /v1/models reads Authorization only.
    const res = await fetch(`${env.gateway.url}/v1/models`, {
      headers: { "x-api-key": GATEWAY_TOKEN },
    });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).toContain(
      "x-api-key is read on Anthropic's routes only (/v1/messages, /v1/messages/count_tokens, and /v1/models with an anthropic-version header, as the Anthropic SDKs send it); here send Authorization: Bearer <gateway token>",
    );
    expect(text).not.toContain(GATEWAY_TOKEN);

    // The SDK with the token as authToken works too.
    const withAuthToken = new Anthropic({
      apiKey: null,
      authToken: GATEWAY_TOKEN,
      baseURL: env.gateway.url,
      maxRetries: 0,
    });
    const page = await withAuthToken.models.list();
    expect(page.data.map((model) => model.id)).toContain("openclaw");
  });

  it("still reads x-api-key on /v1/messages/count_tokens", async () => {
    const client = new Anthropic({
      apiKey: GATEWAY_TOKEN,
      baseURL: env.gateway.url,
      maxRetries: 0,
    });
    const count = await client.messages.countTokens({
      model: "openclaw",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(count.input_tokens).toBeGreaterThan(0);
  });

  it("answers a base URL with one /v1 too many (/v1/v1/messages) in Anthropic's format, saying so", async () => {
    const client = new Anthropic({
      apiKey: GATEWAY_TOKEN,
      baseURL: `${env.gateway.url}/v1`,
      maxRetries: 0,
    });
    const refusal = await client.messages
      .create({ model: "openclaw", max_tokens: 16, messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(Anthropic.NotFoundError);
    const error = (refusal as InstanceType<typeof Anthropic.NotFoundError>).error as {
      type: string;
      error: { type: string; message: string };
    };
    expect(error.type).toBe("error");
    expect(error.error.type).toBe("not_found_error");
    expect(error.error.message).toContain(
      "Does the client's base URL end in /v1 and the client add another /v1?",
    );
  });
});
