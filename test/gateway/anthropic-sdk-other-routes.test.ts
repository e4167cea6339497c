/**
 * The Anthropic SDK on the gateway's routes other than /v1/messages: given the token as `apiKey`
 * it sends x-api-key everywhere, which only Anthropic's routes read. The 401 elsewhere says so
 * rather than "missing gateway token" alone, which contradicted the header the client did send.
 * A path that ends as Anthropic's routes do but is not one (/v1/v1/messages) is answered in
 * Anthropic's error format, which the SDK reads.
 */
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;

beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("x-api-key outside /v1/messages", () => {
  it("is refused with a 401 that says where x-api-key is read and what the SDK should be given", async () => {
    const withApiKey = new Anthropic({
      apiKey: GATEWAY_TOKEN,
      baseURL: env.gateway.url,
      maxRetries: 0,
    });
    const refusal = await withApiKey.models.list().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(Anthropic.AuthenticationError);
    const message = (refusal as InstanceType<typeof Anthropic.AuthenticationError>).message;
    expect(message).toContain(
      "x-api-key is read on /v1/messages and /v1/messages/count_tokens only (Anthropic's routes); here send Authorization: Bearer <gateway token> (with the Anthropic SDK, pass the token as authToken rather than apiKey)",
    );
    expect(message).not.toContain(GATEWAY_TOKEN);

    // What the message says to do works.
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
