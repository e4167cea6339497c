/**
 * A request refused before its body is read (no token, the wrong one, a compressed body) is
 * answered with `connection: close` and the connection is ended, as after a 413. Kept open, it
 * waited for the rest of a body nobody reads until gateway.limits.requestTimeoutMs (60 s): a
 * client without the token held a connection six times as long as one that sends nothing at all.
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

/**
 * Sends `head` and the first bytes of a body of 100,000 and no more; resolves with what came
 * back once the gateway ended the connection.
 */
function sendPartOfBody(head: string): Promise<string> {
  const port = Number(new URL(env.baseURL).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("end", () => {
      socket.destroy();
      resolve(received);
    });
    socket.on("error", reject);
    socket.write(`${head}Content-Length: 100000\r\n\r\n{"model":"moonshot/kimi-k2.5",`);
  });
}

describe("a request refused before its body is read", () => {
  it("without the token: the 401, then the connection is ended, not held for the body", async () => {
    const answer = await sendPartOfBody(
      "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain("missing gateway token");
  });

  it("with a wrong token, on Anthropic's route: the same", async () => {
    const answer = await sendPartOfBody(
      "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: not-the-gateway-token-000000000\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain("incorrect gateway token");
  });

  it("with the token and a compressed body: the 415, then the connection is ended", async () => {
    const answer = await sendPartOfBody(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nContent-Encoding: gzip\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 415 Unsupported Media Type\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });

  it("a whole request refused keeps its keep-alive connection for the next one", async () => {
    const port = Number(new URL(env.baseURL).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let received = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        received += chunk;
        // Both answers on the one connection: the 401 did not close it.
        if ((received.match(/HTTP\/1\.1 /g) ?? []).length === 2 && received.endsWith("}")) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on("error", reject);
      socket.write(
        `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\n\r\n`,
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain("HTTP/1.1 200 OK");
  });
});
