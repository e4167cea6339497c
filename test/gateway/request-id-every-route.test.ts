/**
 * Every answer carries the request's id, as OpenAI's (`x-request-id`) and Anthropic's
 * (`request-id`) APIs send one on every answer, success or error: not only the chat routes', but
 * a model's lookup, count_tokens, a route not served, a method a route does not take, a browser's
 * CORS preflight.
 */
import { connect } from "node:net";
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

const bearer = { authorization: `Bearer ${GATEWAY_TOKEN}` };
const anthropicHeaders = {
  "x-api-key": GATEWAY_TOKEN,
  "anthropic-version": "2023-06-01",
  "content-type": "application/json",
};
/** What a browser sends before a page's cross-origin request with an Authorization header. */
const preflightHeaders = {
  origin: "http://localhost:3000",
  "access-control-request-method": "POST",
  "access-control-request-headers": "authorization, content-type",
};
const countBody = (model: string) =>
  JSON.stringify({ model, messages: [{ role: "user", content: "How many tokens is this?" }] });

const answers: [string, string, RequestInit, number][] = [
  ["GET /", "/", {}, 200],
  ["GET /healthz", "/healthz", {}, 200],
  ["GET /metrics", "/metrics", { headers: bearer }, 200],
  ["GET /v1/models", "/v1/models", { headers: bearer }, 200],
  ["GET /v1/models without the token", "/v1/models", {}, 401],
  ["GET /v1/models/{id}", "/v1/models/moonshot%2Fkimi-k2.5", { headers: bearer }, 200],
  ["GET /v1/models/{id} of no model", "/v1/models/gpt-nothing", { headers: bearer }, 404],
  [
    "GET /v1/models/{id} of no model from an Anthropic client",
    "/v1/models/claude-nothing",
    { headers: anthropicHeaders },
    404,
  ],
  [
    "POST /v1/messages/count_tokens",
    "/v1/messages/count_tokens",
    { method: "POST", headers: anthropicHeaders, body: countBody("moonshot/kimi-k2.5") },
    200,
  ],
  [
    "POST /v1/messages/count_tokens of no model",
    "/v1/messages/count_tokens",
    { method: "POST", headers: anthropicHeaders, body: countBody("no-such-model") },
    404,
  ],
  [
    "GET /v1/messages/count_tokens",
    "/v1/messages/count_tokens",
    { headers: anthropicHeaders },
    405,
  ],
  ["GET /v1/chat/completions", "/v1/chat/completions", { headers: bearer }, 405],
  ["GET /v1/messages", "/v1/messages", { headers: anthropicHeaders }, 405],
  ["GET /v1/responses/{id} of no response", "/v1/responses/resp_nothing", { headers: bearer }, 404],
  ["GET of a route not served", "/v1/embeddings", { headers: bearer }, 404],
  ["POST /healthz", "/healthz", { method: "POST" }, 405],
  [
    "a browser's CORS preflight of /v1/chat/completions",
    "/v1/chat/completions",
    { method: "OPTIONS", headers: preflightHeaders },
    204,
  ],
  [
    "a browser's CORS preflight of /v1/messages",
    "/v1/messages",
    { method: "OPTIONS", headers: preflightHeaders },
    204,
  ],
];

describe("the request id on every answer", () => {
  it.each(answers)("%s carries x-request-id and request-id", async (_, path, init, status) => {
    const res = await fetch(`${env.gateway.url}${path}`, init);
    await res.text();
    expect(res.status).toBe(status);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^\S+$/);
    expect(res.headers.get("request-id")).toBe(id);
  });

  it("gives a CORS preflight a req_ id of its own, as other answers outside a chat", async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${env.gateway.url}/v1/chat/completions`, {
        method: "OPTIONS",
        headers: preflightHeaders,
      });
      await res.text();
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
      expect(res.headers.get("x-request-id")).toMatch(/^req_\S+$/);
      ids.add(res.headers.get("x-request-id"));
    }
    expect(ids.size).toBe(2);
  });

  it("gives each answer an id of its own", async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${env.gateway.url}/v1/models/gpt-nothing`, { headers: bearer });
      await res.text();
      ids.add(res.headers.get("x-request-id"));
    }
    expect(ids.size).toBe(3);
  });

  it("is what the official SDKs hand over for a model's lookup and its 404", async () => {
    const openai = env.client();
    const found = await openai.models.retrieve("moonshot/kimi-k2.5").withResponse();
    expect(found.request_id).toBeTruthy();
    const missing = await openai.models.retrieve("gpt-nothing").catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect((missing as InstanceType<typeof OpenAI.APIError>).requestID).toBeTruthy();

    const anthropic = env.anthropic();
    const counted = await anthropic.messages
      .countTokens({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "How many tokens is this?" }],
      })
      .withResponse();
    expect(counted.request_id).toBeTruthy();
    const unknown = await anthropic.messages
      .countTokens({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect((unknown as InstanceType<typeof Anthropic.APIError>).requestID).toBeTruthy();
  });

  it.each([
    [
      "headers larger than Node reads (431)",
      `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ["a request that is not HTTP (400)", "GET /v1/models HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n", 400],
  ])("the raw answer to %s carries them too", async (_, bytes, status) => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(env.gateway.port, "127.0.0.1", () => socket.write(bytes));
      let text = "";
      socket.setEncoding("latin1");
      socket.on("data", (chunk: string) => {
        text += chunk;
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    const head = answer.slice(0, answer.indexOf("\r\n\r\n")).toLowerCase();
    const id = /\r\nx-request-id: (\S+)/.exec(head)?.[1];
    expect(id).toBeTruthy();
    expect(head).toContain(`\r\nrequest-id: ${id}`);
  });
});
