/**
 * What clients see at the HTTP level, over raw sockets where a library would hide it: slow
 * clients get a 408 in OpenAI's format (and the ledger says timeout, not disconnect);
 * `Expect: 100-continue` is answered 100 only when the request may proceed; a second
 * Authorization header, bodies that are not UTF-8 and compressed bodies are refused with a reason;
 * absolute-form targets are routed; `OPTIONS` without a browser says which methods a route takes;
 * an upstream trace id appears once in an error.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

/** Writes `bytes` on a raw socket and collects everything sent back until it closes (5 s guard). */
function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
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

/** The JSON body of a raw HTTP/1.1 answer (the last one on the connection). */
function bodyOf(answer: string): { error: { message: string; code: string | null } } {
  return JSON.parse(answer.slice(answer.lastIndexOf("\r\n\r\n") + 4));
}

const CHAT = JSON.stringify({
  model: "moonshot/kimi-k2.5",
  messages: [{ role: "user", content: "wire" }],
});

function chatHead(extra: string, length: number = Buffer.byteLength(CHAT)): string {
  return `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;
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

  it("headers that never finish get a 408 naming the setting and its value", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.toLowerCase()).toContain("content-type: application/json");
    const error = bodyOf(answer).error;
    expect(error.code).toBe("request_timeout");
    expect(error.message).toContain("400 ms (gateway.limits.headersTimeoutMs)");
    // No request was read, so there is nothing to record (the guide says so).
    expect(await ledgerQuery(env, "SELECT status FROM requests")).toEqual([]);
  });

  it("a body that trickles in gets a 408, and the ledger says timeout, not disconnect", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      `${chatHead(`Authorization: Bearer ${GATEWAY_TOKEN}\r\n`, 1000)}{`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(answer).error.message).toContain("800 ms (gateway.limits.requestTimeoutMs)");
    const rows = await ledgerQuery<{ status: number; error_class: string }>(
      env,
      "SELECT status, error_class FROM requests",
    );
    expect(rows).toEqual([{ status: 408, error_class: "client_timeout" }]);
  });

  it("a body that trickles in on /v1/messages gets the 408 in Anthropic's format", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      `POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nx-api-key: ${GATEWAY_TOKEN}\r\nContent-Length: 1000\r\n\r\n{`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(answer.slice(answer.lastIndexOf("\r\n\r\n") + 4));
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("800 ms (gateway.limits.requestTimeoutMs)");
  });
});

describe("the request head and body", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });
  const auth = `Authorization: Bearer ${GATEWAY_TOKEN}\r\n`;

  it("Expect: 100-continue gets its 100 only when the body is wanted", async () => {
    const tooBig = await rawExchange(
      env.gateway.port,
      chatHead(`${auth}Expect: 100-continue\r\n`, 64 * 1024 * 1024),
    );
    expect(tooBig).toMatch(/^HTTP\/1\.1 413 /);
    expect(tooBig).not.toContain("100 Continue");
    expect(bodyOf(tooBig).error.code).toBe("request_too_large");

    const wrongToken = await rawExchange(
      env.gateway.port,
      chatHead("Authorization: Bearer wrong-token\r\nExpect: 100-continue\r\n"),
    );
    expect(wrongToken).toMatch(/^HTTP\/1\.1 401 /);
    expect(wrongToken).not.toContain("100 Continue");

    const oddExpectation = await rawExchange(
      env.gateway.port,
      chatHead(`${auth}Expect: something-else\r\n`),
    );
    expect(oddExpectation).toMatch(/^HTTP\/1\.1 417 /);
    expect(bodyOf(oddExpectation).error.message).toContain("100-continue");

    // A request that may proceed: 100 first, then the body, then the answer.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(env.gateway.port, "127.0.0.1", () =>
        socket.write(chatHead(`${auth}Expect: 100-continue\r\n`)),
      );
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        const first = text === "";
        text += chunk;
        if (first) {
          expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
          socket.write(CHAT);
        }
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/HTTP\/1\.1 200 OK/);
    expect(answer).toContain("Echo: wire");
  });

  it("refuses a request with two Authorization headers, whichever comes first", async () => {
    for (const pair of [
      [GATEWAY_TOKEN, "wrong-token"],
      ["wrong-token", GATEWAY_TOKEN],
    ]) {
      const answer = await rawExchange(
        env.gateway.port,
        `${chatHead(`Authorization: Bearer ${pair[0]}\r\nAuthorization: Bearer ${pair[1]}\r\n`)}${CHAT}`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(bodyOf(answer).error).toMatchObject({ code: "duplicate_authorization" });
      expect(bodyOf(answer).error.message).toContain("2 Authorization headers");
    }
  });

  it("still reads a body that is not JSON as invalid_json", async () => {
    const answer = await post(Buffer.from("{not json"));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error.code).toBe("invalid_json");
  });

  it("routes an absolute-form target by its path", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      `GET http://127.0.0.1:${env.gateway.port}/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"moonshot/kimi-k2.5"');
  });

  async function post(body: Buffer, headers: Record<string, string> = {}) {
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${GATEWAY_TOKEN}`,
        "content-type": "application/json",
        ...headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, text };
  }

  it("refuses bytes that are not UTF-8, naming the offset, instead of sending U+FFFD upstream", async () => {
    const before = env.sim.chatRequests().length;
    const valid = Buffer.from(CHAT.replace("wire", "caf\u00e9"));
    const latin1 = Buffer.from(CHAT.replace("wire", "caf\u00e9"), "latin1");
    const offset = latin1.indexOf(0xe9);
    const invalid = await post(latin1);
    expect(invalid.status).toBe(400);
    const error = JSON.parse(invalid.text).error;
    expect(error.code).toBe("invalid_encoding");
    expect(error.message).toMatch(
      new RegExp(`^the request body is not valid UTF-8: byte 0xe9 at offset ${offset} `),
    );
    expect(error.message).not.toContain("JSON (");
    const charset = await post(valid, { "content-type": "application/json; charset=iso-8859-1" });
    expect(charset.status).toBe(415);
    expect(JSON.parse(charset.text).error).toMatchObject({ code: "unsupported_charset" });
    expect(JSON.parse(charset.text).error.message).toContain('"iso-8859-1"');
    expect(env.sim.chatRequests().length).toBe(before);
    // UTF-8 said explicitly is fine.
    const ok = await post(valid, { "content-type": "application/json; charset=UTF-8" });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("Echo: caf\u00e9");
  });

  it("says a UTF-16 body looks like UTF-16, with or without a byte-order mark", async () => {
    const before = env.sim.chatRequests().length;
    const le = Buffer.from(CHAT, "utf16le");
    const be = Buffer.from(le).swap16();
    for (const [body, evidence] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), "byte-order mark 0xff 0xfe"],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), "byte-order mark 0xfe 0xff"],
      [le, "every other byte of its start is zero"],
      [be, "every other byte of its start is zero"],
    ] as const) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      const error = JSON.parse(answer.text).error;
      expect(error.code).toBe("invalid_encoding");
      expect(error.message).toContain("the request body looks like UTF-16");
      expect(error.message).toContain(evidence);
      expect(error.message).toContain("send the JSON encoded as UTF-8");
    }
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("refuses a compressed body with 415, echoing none of its bytes", async () => {
    const { gzipSync } = await import("node:zlib");
    const answer = await post(gzipSync(Buffer.from(CHAT)), { "content-encoding": "gzip" });
    expect(answer.status).toBe(415);
    const error = JSON.parse(answer.text).error;
    expect(error.code).toBe("unsupported_content_encoding");
    expect(error.message).toBe(
      'Content-Encoding "gzip" is not supported: send the request body uncompressed (no Content-Encoding header)',
    );
  });

  it("accepts a body that starts with a UTF-8 byte-order mark", async () => {
    const answer = await post(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CHAT)]));
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("Echo: wire");
  });

  it("answers OPTIONS without an Origin with 204 and the route's methods", async () => {
    const chat = await fetch(`${env.baseURL}/chat/completions`, { method: "OPTIONS" });
    expect(chat.status).toBe(204);
    expect(chat.headers.get("allow")).toBe("POST, OPTIONS");
    const models = await fetch(`${env.baseURL}/models`, { method: "OPTIONS" });
    expect(models.status).toBe(204);
    expect(models.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    // Other methods are refused with the same list (the message names the ones to use).
    const put = await fetch(`${env.baseURL}/chat/completions`, { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST, OPTIONS");
  });

  it("names an upstream trace id once in an error", async () => {
    env.sim.script([
      { when: { model: "kimi-k2-turbo-preview" }, respond: { error: "quota" }, times: 5 },
    ]);
    const response = await fetch(`${env.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2-turbo-preview",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const trace = response.headers.get("x-trace-id");
    expect(trace).toBeTruthy();
    const message = ((await response.json()) as { error: { message: string } }).error.message;
    expect(message.split(trace as string)).toHaveLength(2);
  });
});

describe("a gateway without a token", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ gateway: { auth: { mode: "none" } } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("does not read Authorization headers, so two of them are no error", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      `${chatHead("Authorization: Bearer one\r\nAuthorization: Bearer two\r\n")}${CHAT}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("Echo: wire");
    expect(answer).not.toContain("duplicate_authorization");
  });
});
