/**
 * The Anthropic SDK's `messages.batches` (@anthropic-ai/sdk 1.10, run against the gateway) got a
 * 404 in OpenAI's error format, which names no Anthropic error type, and no word that batches are
 * not served. It is now a 404 in Anthropic's format saying to send each request to /v1/messages.
 * Real sockets; the requests as the SDK sent them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({ start: { log: () => {} } });
});
afterAll(async () => {
  await env?.close();
});

const HEADERS = {
  "x-api-key": GATEWAY_TOKEN,
  "anthropic-version": "2026-10-21",
  "user-agent": "Anthropic/JS 1.10.0",
  "content-type": "application/json",
};
const BATCH = {
  requests: [
    {
      custom_id: "a",
      params: {
        model: "moonshot/kimi-k2.5",
        max_tokens: 10,
        messages: [{ role: "user", content: "hi" }],
      },
    },
  ],
};

describe("Anthropic's Message Batches API", () => {
  it.each([
    ["POST", "/v1/messages/batches"],
    ["GET", "/v1/messages/batches"],
    ["GET", "/v1/messages/batches/msgbatch_01abc"],
    ["GET", "/v1/messages/batches/msgbatch_01abc/results"],
    ["POST", "/v1/messages/batches/msgbatch_01abc/cancel"],
  ])(
    "%s %s is a 404 in Anthropic's format that says to send each request to /v1/messages",
    async (method, path) => {
      const response = await fetch(`${env.gateway.url}${path}`, {
        method,
        headers: HEADERS,
        body: method === "POST" ? JSON.stringify(BATCH) : undefined,
      });
      expect(response.status).toBe(404);
      const body = (await response.json()) as { type: string; error: Record<string, unknown> };
      expect(body.type).toBe("error");
      expect(body.error.type).toBe("not_found_error");
      expect(body.error.message).toContain(
        "Anthropic's Message Batches API is not served here (no request runs in the background): send each request of the batch to POST /v1/messages",
      );
      expect(env.sim.chatRequests()).toHaveLength(0);
    },
  );
});

describe("a base URL moved from Kimi's own Anthropic endpoints", () => {
  it.each([
    ["/anthropic/v1/messages", "/anthropic"],
    ["/coding/v1/messages", "/coding"],
    ["/anthropic/v1/messages/count_tokens", "/anthropic"],
  ])(
    "%s is a 404 in Anthropic's format that says to take %s out of the base URL",
    async (path, prefix) => {
      const response = await fetch(`${env.gateway.url}${path}`, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify({
          model: "kimi-k2.5",
          max_tokens: 16,
          messages: [{ role: "user", content: "hi" }],
        }),
      });
      expect(response.status).toBe(404);
      const body = (await response.json()) as { type: string; error: Record<string, unknown> };
      expect(body.error.type).toBe("not_found_error");
      expect(body.error.message).toContain(
        `Take ${prefix} out of the client's base URL: this gateway's Anthropic routes are at its root (/v1/messages)`,
      );
    },
  );
});

describe("a path before /v1/messages that is not Kimi's", () => {
  async function notFound(path: string): Promise<string> {
    const response = await fetch(`${env.gateway.url}${path}`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify({
        model: "kimi-k2.5",
        max_tokens: 16,
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { type: string; error: Record<string, unknown> };
    expect(body.error.type).toBe("not_found_error");
    return String(body.error.message);
  }

  it("is a 404 that says to take it out, without blaming Kimi's endpoints", async () => {
    const message = await notFound("/foo/v1/messages");
    expect(message).toContain(
      `This gateway serves /v1/messages at its root: take "/foo" out of the client's base URL`,
    );
    expect(message).not.toContain("Kimi");
  });

  it("is quoted short in the advice: the whole path is already in the message", async () => {
    const prefix = `/${"p".repeat(3000)}`;
    const message = await notFound(`${prefix}/v1/messages`);
    expect(message).toContain(`take "/${"p".repeat(39)}…" (3001 characters) out of`);
    expect(message.split(prefix)).toHaveLength(2);
  });
});

describe("Message Batches under a Kimi endpoint's path", () => {
  it("/anthropic/v1/messages/batches says to take /anthropic out and that batches are not served", async () => {
    const response = await fetch(`${env.gateway.url}/anthropic/v1/messages/batches`, {
      method: "POST",
      headers: HEADERS,
      body: JSON.stringify(BATCH),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { type: string; error: Record<string, unknown> };
    expect(body.error.type).toBe("not_found_error");
    expect(body.error.message).toContain("Take /anthropic out of the client's base URL");
    expect(body.error.message).toContain(
      "Anthropic's Message Batches API is not served here (no request runs in the background): send each request of the batch to POST /v1/messages",
    );
    expect(env.sim.chatRequests()).toHaveLength(0);
  });
});
