/** Server limits and the auth opt-out, on real sockets. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { maxHeaderSize } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

/** Writes `bytes` on a raw socket and collects everything the server sends until it closes (5 s guard). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error("still open after 5 s"));
    }, 5000).unref();
  });
}

describe("slow clients", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: { limits: { headersTimeoutMs: 400, requestTimeoutMs: 800 } },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("closes a connection whose headers never finish, naming the setting that allows more time", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain("within 400 ms (gateway.limits.headersTimeoutMs)");
  });

  it("closes a connection whose body trickles in too slowly", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe("requests Node cannot read", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("answers headers over Node's limit (a browser's cookies) with a 431 an SDK can show", async () => {
    const client = new OpenAI({
      apiKey: GATEWAY_TOKEN,
      baseURL: env.baseURL,
      maxRetries: 0,
      // What a browser sends after a few local apps left their cookies on localhost.
      defaultHeaders: { cookie: `session=${"x".repeat(20_000)}` },
    });
    const failure = await client.models.list().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const { status, error } = failure as InstanceType<typeof OpenAI.APIError>;
    expect({ status, error }).toEqual({
      status: 431,
      error: {
        message: `the request headers are larger than ${maxHeaderSize} bytes, the most this gateway reads: send fewer or smaller headers (a browser may be sending many cookies for this host; Node's limit is raised with NODE_OPTIONS=--max-http-header-size=<bytes>)`,
        type: "invalid_request_error",
        param: null,
        code: "request_headers_too_large",
      },
    });
  });

  it("answers a request that is not HTTP with a 400 in OpenAI's format, in the parser's words", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      "GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
    );
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toContain("Content-Type: application/json");
    expect(JSON.parse(body)).toEqual({
      error: {
        message:
          "the request is not valid HTTP/1.1 (Invalid header token); check what the client sends, or the proxy in front of this gateway",
        type: "invalid_request_error",
        param: null,
        code: "invalid_http_request",
      },
    });
  });
});

describe("the loopback-only opt-out from tokens", () => {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-gw-optout-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves without a token on loopback, and refuses to start that way on other addresses", async () => {
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({ gateway: { auth: { mode: "none" } } }),
    );
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
    const transports = await defaultTransports();
    const open = await startGateway({ env, port: 0, transports, watch: false });
    try {
      const models = await fetch(`${open.url}/v1/models`);
      expect(models.status).toBe(200);
    } finally {
      await open.close(500);
    }
    await expect(
      startGateway({ env, port: 0, bind: "lan", transports, watch: false }),
    ).rejects.toMatchObject({
      code: "gateway.auth_required",
    });
  });

  it("refuses a host name, even one ending in .localhost: DNS or /etc/hosts decides its address", async () => {
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({ gateway: { auth: { mode: "none" } } }),
    );
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
    const transports = await defaultTransports();
    await expect(
      startGateway({ env, port: 0, bind: "app.localhost", transports, watch: false }),
    ).rejects.toMatchObject({
      code: "gateway.auth_required",
      hint: expect.stringContaining(
        "bind to loopback (127.0.0.1 or ::1): a host name such as app.localhost",
      ),
    });
  });
});
