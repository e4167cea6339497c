/**
 * Clients reach for OpenAI APIs the gateway does not serve: promptfoo's `similar` and LangChain's
 * or LlamaIndex's embeddings ask `POST /v1/embeddings`, others audio, images, files, batches,
 * assistants. Their 404 listed only the routes that are served, saying neither what was missing
 * nor where to go. It now adds one
 * sentence naming the API and what to use instead, in OpenAI's error format with the same code,
 * and the operator's log gets the same advice. The official `openai` client, real sockets.
 */
import type OpenAI from "openai";
import { type APIError, NotFoundError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteRefusal } from "../../src/gateway/index.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
const told: RouteRefusal[] = [];
beforeAll(async () => {
  env = await startGatewayEnv({
    start: { log: () => {}, onRouteRefused: (refusal) => told.push(refusal) },
  });
});
afterAll(async () => {
  await env?.close();
});

const ROUTES = "this gateway serves POST /v1/chat/completions, POST /v1/responses";

/** The 404 the client's call ends in, as the SDK raises it. */
async function notFound(call: (client: OpenAI) => Promise<unknown>): Promise<APIError> {
  const error = await call(env.client()).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NotFoundError);
  const apiError = error as APIError;
  expect(apiError.code).toBe("unknown_route");
  // OpenAI's own type for a URL it does not serve, which OpenAI clients switch on.
  expect(apiError.type).toBe("invalid_request_error");
  expect(apiError.message).toContain(ROUTES);
  return apiError;
}

describe("an OpenAI API the gateway does not serve", () => {
  it("embeddings (promptfoo's `similar`, LangChain's OpenAIEmbeddings): no embedding model here, use another provider", async () => {
    const error = await notFound((client) =>
      client.embeddings.create({ model: "text-embedding-3-large", input: "hello" }),
    );
    expect(error.message).toContain(
      "and /metrics. Embeddings are not served here (Moonshot has no embedding model): point the client's embeddings at another provider (for promptfoo's `similar`, an embedding provider in the assertion's `provider` or in `defaultTest.options.provider.embedding`)",
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
    // The operator's log gets the same advice (a client may show only "HTTP 404").
    expect(told).toContainEqual(
      expect.objectContaining({
        kind: "route",
        method: "POST",
        path: "/v1/embeddings",
        hint: expect.stringContaining("Embeddings are not served here"),
      }),
    );
  });

  it.each<[string, (client: OpenAI) => Promise<unknown>, string]>([
    [
      "audio.speech",
      (client) => client.audio.speech.create({ model: "tts-1", voice: "alloy", input: "hi" }),
      "OpenAI's audio API (speech, transcription, translation) is not served here: this gateway serves chat models only, so send audio to another provider",
    ],
    [
      "images.generate",
      (client) => client.images.generate({ model: "gpt-image-1", prompt: "a cat" }),
      "OpenAI's image generation API is not served here: this gateway serves chat models only (one that reads images takes them in a user message), so generate images with another provider",
    ],
    [
      "moderations",
      (client) => client.moderations.create({ input: "hello" }),
      "OpenAI's moderation API is not served here: this gateway has no moderation model, so check content with another provider",
    ],
    [
      "files.list",
      (client) => client.files.list(),
      "OpenAI's Files API is not served here (the gateway keeps no files): put a file's text, or an image, in the request itself",
    ],
    [
      "batches.create",
      (client) =>
        client.batches.create({
          input_file_id: "file-abc",
          endpoint: "/v1/chat/completions",
          completion_window: "24h",
        }),
      "OpenAI's Batch API is not served here (no request runs in the background): send each request of the batch to POST /v1/chat/completions or POST /v1/responses",
    ],
    [
      "beta.assistants.create",
      (client) => client.beta.assistants.create({ model: "moonshot/kimi-k2.5" }),
      "OpenAI's Assistants API is not served here: continue a conversation with POST /v1/responses and `previous_response_id` (the gateway keeps its responses in memory for an hour), or send the whole conversation each time to POST /v1/chat/completions",
    ],
    [
      "beta.threads.create",
      (client) => client.beta.threads.create(),
      "OpenAI's Assistants API (threads and runs) is not served here: continue a conversation with POST /v1/responses and `previous_response_id`",
    ],
    [
      "vectorStores.create",
      (client) => client.vectorStores.create({ name: "docs" }),
      "OpenAI's vector stores are not served here, nor file search: keep the documents' embeddings with another provider and put the passages you retrieve in the request's messages",
    ],
    [
      "fineTuning.jobs.create",
      (client) =>
        client.fineTuning.jobs.create({ model: "moonshot/kimi-k2.5", training_file: "f" }),
      "Fine-tuning is not served here: the gateway serves its providers' models as they are",
    ],
    [
      "realtime.clientSecrets.create",
      (client) => client.realtime.clientSecrets.create({}),
      "OpenAI's Realtime API is not served here (no WebSocket or WebRTC sessions): stream a chat completion or a response instead (`stream: true`)",
    ],
    [
      "conversations.create (the Agents SDK's OpenAIConversationsSession)",
      (client) => client.conversations.create(),
      "OpenAI's Conversations API is not served here: continue a conversation with POST /v1/responses and `previous_response_id` (the gateway keeps its responses in memory for an hour), or send the whole conversation each time",
    ],
  ])("%s: says what the API is and what to use instead", async (_name, call, advice) => {
    const error = await notFound(call);
    expect(error.message).toContain(`/metrics. ${advice}`);
  });
});

describe("OpenAI's stored chat completions, after a chat with store: true", () => {
  const STORED =
    "OpenAI's stored chat completions (`store: true`, read back at /v1/chat/completions/{id} and listed with GET /v1/chat/completions) are not kept here: the gateway takes `store` but keeps no completion, nor do Moonshot and Kimi Code, so keep the answers on the client's side, or use POST /v1/responses, whose responses the gateway keeps in memory for an hour (GET /v1/responses/{id})";

  it("retrieve, update, delete and messages.list of one get a 404 saying none is kept", async () => {
    const { id } = await env.client().chat.completions.create({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
      store: true,
    });
    const calls: Array<(client: OpenAI) => Promise<unknown>> = [
      (client) => client.chat.completions.retrieve(id),
      (client) => client.chat.completions.update(id, { metadata: { kept: "yes" } }),
      (client) => client.chat.completions.delete(id),
      (client) => client.chat.completions.messages.list(id),
    ];
    for (const call of calls) {
      const error = await notFound(call);
      expect(error.message).toContain(`/metrics. ${STORED}`);
    }
  });

  it("list() gets the 405 of the chat route, and says the list is of stored completions, none kept", async () => {
    const error = await env
      .client()
      .chat.completions.list()
      .then(
        () => undefined,
        (thrown: unknown) => thrown as APIError,
      );
    expect([error?.status, error?.code]).toEqual([405, "method_not_allowed"]);
    expect(error?.message).toBe(
      `405 method GET is not allowed on /v1/chat/completions; use POST. ${STORED}`,
    );
  });
});

describe("paths that only look like an unserved API", () => {
  it("/v1/chat/completions/ keeps its trailing-slash advice, /v1/v1/embeddings its doubled /v1", async () => {
    const slash = await fetch(`${env.baseURL}/chat/completions/`, { method: "POST" });
    expect(((await slash.json()) as { error: { message: string } }).error.message).toContain(
      "Send it without the trailing slash: POST /v1/chat/completions",
    );
    const doubled = await fetch(`${env.baseURL}/v1/embeddings`, { method: "POST" });
    const message = ((await doubled.json()) as { error: { message: string } }).error.message;
    expect(message).toContain(
      "Does the client's base URL end in /v1 and the client add another /v1?",
    );
  });

  it("/v1/completions/{id} is no OpenAI API: the routes alone", async () => {
    const response = await fetch(`${env.baseURL}/completions/cmpl-1`);
    const body = (await response.json()) as {
      error: { message: string; type: string; code: string };
    };
    expect(response.status).toBe(404);
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "unknown_route" });
    expect(body.error.message).toMatch(/and \/metrics$/);
  });

  it("OpenAI's input-token count under /v1/responses/ gets the same type and code", async () => {
    const error = await env
      .client()
      .responses.inputTokens.count({ model: "moonshot/kimi-k2.5", input: "hello" })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "unknown_route" });
    expect((error as APIError).message).toContain("is not served by this gateway");
  });
});
