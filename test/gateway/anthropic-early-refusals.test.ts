/**
 * A request refused before its route is looked at (two Host headers; a host a gateway without a
 * token refuses) is answered in the error format of the route it was sent to: Anthropic's on
 * /v1/messages and count_tokens, whose SDKs read only `{"type":"error","error":{type,message}}`,
 * OpenAI's elsewhere.
 */
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
let open: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
  open = await startGatewayEnv({ gateway: { auth: { mode: "none" } } });
});
afterAll(async () => {
  await env?.close();
  await open?.close();
});

const MESSAGES = JSON.stringify({
  model: "moonshot/kimi-k2.5",
  max_tokens: 100,
  messages: [{ role: "user", content: "h" }],
});

/** One request with two Host headers on a raw socket: the answer's head and body. */
function twoHosts(port: number, path: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () =>
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nhost: evil.example\r\nConnection: close\r\nx-api-key: ${GATEWAY_TOKEN}\r\nanthropic-version: 2023-06-01\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(MESSAGES)}\r\n\r\n${MESSAGES}`,
      ),
    );
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

/** A POST of MESSAGES to `path` with `host` as its Host header: status and parsed body. */
function withHost(port: number, path: string, host: string): Promise<[number, unknown]> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: {
          host,
          "anthropic-version": "2023-06-01",
          "content-type": "application/json",
          "content-length": Buffer.byteLength(MESSAGES),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve([res.statusCode ?? 0, JSON.parse(text)]));
      },
    );
    req.on("error", reject);
    req.end(MESSAGES);
  });
}

describe("a request refused before its route on Anthropic's routes", () => {
  it.each(["/v1/messages", "/v1/messages/count_tokens"])(
    "with two Host headers on %s is a 400 in Anthropic's format",
    async (path) => {
      const answer = await twoHosts(env.gateway.port, path);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
      expect(body).toEqual({
        type: "error",
        error: { type: "invalid_request_error", message: expect.stringContaining("Host headers") },
      });
    },
  );

  it("with a host a gateway without a token refuses is a 403 in Anthropic's format", async () => {
    const [status, body] = await withHost(open.gateway.port, "/v1/messages", "evil.example");
    expect(status).toBe(403);
    expect(body).toEqual({
      type: "error",
      error: { type: "permission_error", message: expect.stringContaining("evil.example") },
    });
  });

  it("stays in OpenAI's format on the OpenAI routes", async () => {
    const [status, body] = await withHost(
      open.gateway.port,
      "/v1/chat/completions",
      "evil.example",
    );
    expect(status).toBe(403);
    expect(body).toMatchObject({
      error: { type: "permission_error", code: "host_not_allowed", param: null },
    });
  });
});
