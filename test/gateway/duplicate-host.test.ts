/**
 * RFC 9112 §3.2: a server must answer 400 to a request with more than one Host header. Node keeps
 * the first and drops the rest, and the gateway served such a request (which host it was for was
 * up to whoever read it). It is refused in OpenAI's error format, nothing goes upstream, and the
 * connection is closed (lingering, so that a body still coming does not reset the answer away).
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});

/** Writes `bytes` on a raw socket and collects everything sent back until it closes (5 s guard). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after 5 s; got ${JSON.stringify(text)}`));
    }, 5000).unref();
  });
}

const CHAT = JSON.stringify({
  model: "moonshot/kimi-k2.5",
  messages: [{ role: "user", content: "h" }],
});

function chat(hosts: string, connection = "close"): string {
  return `POST /v1/chat/completions HTTP/1.1\r\n${hosts}Connection: ${connection}\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(CHAT)}\r\n\r\n${CHAT}`;
}

describe("a request with two Host headers", () => {
  it("is refused with a 400 in OpenAI's format, nothing sent upstream, the connection closed", async () => {
    const before = env.sim.chatRequests().length;
    // Pipelined behind it on the same connection: a request that must not be served.
    const answer = await rawExchange(
      env.gateway.port,
      chat("Host: 127.0.0.1\r\nhost: evil.example\r\n", "keep-alive") + chat("Host: 127.0.0.1\r\n"),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(body).toEqual({
      error: {
        message: "the request carries 2 Host headers: send exactly one (RFC 9112, section 3.2)",
        type: "invalid_request_error",
        param: null,
        code: "duplicate_host",
      },
    });
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("one Host header is served as before", async () => {
    const answer = await rawExchange(env.gateway.port, chat("Host: 127.0.0.1\r\n"));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});
