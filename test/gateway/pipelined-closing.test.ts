/**
 * Requests pipelined behind an answer that closes the connection (both sent in one write, as a
 * pipelining client or proxy does): the no-token 403, a refused `Expect: 100-continue`, and any
 * answer while the gateway drains. Such a request's answer could never be sent, so it must not
 * be sent upstream (billed for nothing); its ledger row is a client disconnect (499). Requests
 * read before the closing answer are answered as usual. A slow first request holds the closing
 * answer (and so the connection) back, so that the request behind it is read and handled in full
 * while the connection is still open, as it is when the client or the network is slow.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  GATEWAY_TOKEN,
  type GatewayEnv,
  ledgerQuery,
  startGatewayEnv,
} from "./harness.js";

const chat = (content: string) =>
  JSON.stringify({ model: "moonshot/kimi-k2.5", messages: [{ role: "user", content }] });

function post(body: string, headers: Record<string, string> = {}): string {
  const lines = Object.entries({
    Host: "127.0.0.1",
    Authorization: `Bearer ${GATEWAY_TOKEN}`,
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    ...headers,
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  return `POST /v1/chat/completions HTTP/1.1\r\n${lines.join("")}\r\n${body}`;
}

/** Writes `requests` in one write on one connection; resolves with all it read until the close. */
function exchange(port: number, requests: string[], afterConnect?: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      afterConnect?.();
      socket.write(requests.join(""));
    });
    let text = "";
    socket.setEncoding("utf8");
    // Bounded: a gateway that never closes fails the test instead of hanging it.
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no close; read so far: ${text}`)));
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

async function ledgerStatuses(env: GatewayEnv): Promise<number[]> {
  const rows = await ledgerQuery<{ status: number }>(env, "SELECT status FROM requests");
  return rows.map((row) => row.status).sort();
}

describe("behind the no-token gateway's 403 (a Host that is not loopback)", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ gateway: { auth: { mode: "none" } } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a pipelined chat request is not sent upstream", async () => {
    env.sim.script([{ respond: { firstByteDelayMs: 500 } }]);
    const answer = await exchange(env.gateway.port, [
      post(chat("slow")),
      post(chat("refused"), { Host: "rebound.example" }),
      post(chat("behind")),
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("Echo: slow");
    expect(answer).toContain("HTTP/1.1 403 ");
    expect(answer).toContain("host_not_allowed");
    expect(answer).not.toContain("Echo: behind");
    expect(env.sim.chatRequests()).toHaveLength(1);
    // The 403 is refused before any chat handling (no row); the request behind it is a 499.
    expect(await ledgerStatuses(env)).toEqual([200, 499]);
    // Its answer, queued behind the closing one, is not left counted as running (a drain waits on those).
    await eventually(
      () => env.gateway.server.activeRequests() === 0,
      5000,
      "no request left running",
    );
  });
});

describe("behind a refused Expect: 100-continue", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a pipelined chat request is not sent upstream", async () => {
    env.sim.script([{ respond: { firstByteDelayMs: 500 } }]);
    const answer = await exchange(env.gateway.port, [
      post(chat("slow")),
      post(chat("wrong token"), { Authorization: "Bearer wrong", Expect: "100-continue" }),
      post(chat("behind")),
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("HTTP/1.1 401 ");
    expect(answer).not.toContain("Echo: behind");
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(await ledgerStatuses(env)).toEqual([200, 401, 499]);
    // Its answer, queued behind the closing one, is not left counted as running (a drain waits on those).
    await eventually(
      () => env.gateway.server.activeRequests() === 0,
      5000,
      "no request left running",
    );
  });

  it("behind a 417 (an expectation other than 100-continue) too", async () => {
    const upstreamBefore = env.sim.chatRequests().length;
    env.sim.script([{ respond: { firstByteDelayMs: 500 } }]);
    const answer = await exchange(env.gateway.port, [
      post(chat("slow")),
      post(chat("odd expectation"), { Expect: "200-ok" }),
      post(chat("behind")),
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("HTTP/1.1 417 ");
    expect(answer).not.toContain("Echo: behind");
    expect(env.sim.chatRequests()).toHaveLength(upstreamBefore + 1);
  });

  it("one let in keeps the connection: the request behind it is answered", async () => {
    const answer = await exchange(env.gateway.port, [
      post(chat("let in"), { Expect: "100-continue" }),
      post(chat("behind"), { Connection: "close" }),
    ]);
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });
});

describe("behind an answer while the gateway drains", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.sim.close();
  });

  it("a pipelined chat request is not sent upstream; the one before it is answered", async () => {
    // The first request keeps the connection open while the drain begins.
    env.sim.script([{ respond: { firstByteDelayMs: 1500 } }]);
    const port = env.gateway.port;
    let drained: Promise<unknown> | undefined;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.write(post(chat("in flight"))));
      let text = "";
      socket.setEncoding("utf8");
      socket.setTimeout(10_000, () => socket.destroy(new Error(`no close; read so far: ${text}`)));
      socket.on("data", (chunk: string) => {
        text += chunk;
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
      eventually(() => env.sim.chatRequests().length === 1, 5000, "the first request upstream")
        .then(() => {
          // A long deadline: the drain ends when the last answer does, not at the deadline.
          drained = env.gateway.close(60_000);
          socket.write(post(chat("while draining")) + post(chat("behind")));
        })
        .catch(reject);
    });
    expect(await drained).toEqual({ cancelled: 0 });
    expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    expect(answer).toContain("Echo: while draining");
    expect(answer).not.toContain("Echo: behind");
    expect(env.sim.chatRequests()).toHaveLength(2);
    expect(await ledgerStatuses(env)).toEqual([200, 200, 499]);
  });
});

describe("a closing answer pipelined behind a request still being served", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({ start: { limits: { maxBodyBytes: 2048 } } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("leaves the request before it alone: it is answered, then the 413", async () => {
    const answer = await exchange(env.gateway.port, [
      post(chat("first")),
      post(chat("x".repeat(5000))),
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("HTTP/1.1 413 ");
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(await ledgerStatuses(env)).toEqual([200, 413]);
  });
});

describe("a request Node cannot read, pipelined behind one still being answered", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv();
  });
  afterAll(async () => {
    await env?.close();
  });
  /** A chunked body whose first chunk size is not hex: Node's parser stops at it. */
  const brokenChunk = `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${GATEWAY_TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`;

  it("gets its 400 after that answer, which is not taken for the 400's", async () => {
    env.sim.script([{ respond: { firstByteDelayMs: 500 } }]);
    const answer = await exchange(env.gateway.port, [post(chat("slow")), brokenChunk]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("Echo: slow");
    expect(answer).toMatch(/\}HTTP\/1\.1 400 Bad Request\r\n[\s\S]*invalid_http_request/);
    expect(env.sim.chatRequests()).toHaveLength(1);
    expect(await ledgerStatuses(env)).toEqual([200, 400]);
  });

  it("behind a stream: the stream ends whole, then the 400", async () => {
    env.sim.script([{ respond: { firstByteDelayMs: 300 } }]);
    const stream = JSON.stringify({
      model: "moonshot/kimi-k2.5",
      stream: true,
      messages: [{ role: "user", content: "streamed" }],
    });
    const answer = await exchange(env.gateway.port, [post(stream), "NOT HTTP AT ALL\r\n\r\n"]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("data: [DONE]");
    expect(answer.indexOf("data: [DONE]")).toBeLessThan(answer.indexOf("HTTP/1.1 400 "));
    expect(answer).toContain("invalid_http_request");
  });
});

describe("a request whose body does not arrive in time, pipelined behind one still being answered", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      start: { limits: { requestTimeoutMs: 1000, headersTimeoutMs: 800 } },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("gets its 408 after that answer, whose row is its own", async () => {
    // The first answer takes longer than the second request is given to arrive.
    env.sim.script([{ respond: { firstByteDelayMs: 2500 } }]);
    const late = post(chat("late")).replace(/Content-Length: \d+/, "Content-Length: 500");
    const answer = await exchange(env.gateway.port, [post(chat("slow")), late]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("Echo: slow");
    expect(answer).toMatch(/\}HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*request_timeout/);
    expect(await ledgerStatuses(env)).toEqual([200, 408]);
  });
});
