/**
 * A gateway without a token (`gateway.auth.mode: "none"`, loopback only) and web pages, over
 * real HTTP with the headers a browser sends: a page's "simple" request (a text/plain POST, sent
 * without a preflight) must not run, and neither must a request addressed to another host name
 * (DNS rebinding makes a page same-origin with the gateway). Listed origins and clients without
 * an Origin header keep working.
 */
import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv({
    gateway: { auth: { mode: "none" }, cors: { origins: ["http://localhost:3000"] } },
  });
});
afterAll(async () => {
  await env?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to the gateway with exactly the headers given (Host included). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: env.gateway.port, method, path, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A GET written on a socket as is, with `host` as its Host line: the whole answer as text. */
function rawGet(path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(env.gateway.port, "127.0.0.1", () => {
      socket.end(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
  });
}

const chatBody = JSON.stringify({
  model: "moonshot/kimi-k2.5",
  messages: [{ role: "user", content: "spend my keys" }],
});

/** What a page's form or `fetch(url, {method: "POST", body})` sends: no preflight before it. */
function simplePost(origin: string | undefined, host = `127.0.0.1:${env.gateway.port}`) {
  return send(
    "POST",
    "/v1/chat/completions",
    { host, "content-type": "text/plain;charset=UTF-8", ...(origin ? { origin } : {}) },
    chatBody,
  );
}

function errorOf(answer: Answer): { message: string; type: string; code: string } {
  return (JSON.parse(answer.body) as { error: { message: string; type: string; code: string } })
    .error;
}

describe("a gateway without a token, called from web pages", () => {
  it("refuses a page's simple request from an unlisted origin before anything runs, saying how to allow it", async () => {
    const before = env.sim.chatRequests().length;
    const answer = await simplePost("https://evil.example");
    expect(answer.status).toBe(403);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    const error = errorOf(answer);
    expect(error.type).toBe("permission_error");
    expect(error.code).toBe("origin_not_allowed");
    expect(error.message).toContain('"https://evil.example"');
    expect(error.message).toContain("gateway.cors.origins");
    // Refused as well: a page's GET, and the sandboxed iframe's (or file://) "null" origin.
    const models = await send("GET", "/v1/models", {
      host: `127.0.0.1:${env.gateway.port}`,
      origin: "https://evil.example",
    });
    expect(models.status).toBe(403);
    expect((await simplePost("null")).status).toBe(403);
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("refuses a request addressed to a host name that is not loopback (DNS rebinding), with or without an Origin", async () => {
    const before = env.sim.chatRequests().length;
    const port = env.gateway.port;
    const rebound = await simplePost(
      `http://rebind.evil.example:${port}`,
      `rebind.evil.example:${port}`,
    );
    expect(rebound.status).toBe(403);
    const sameOrigin = await send("GET", "/v1/models", { host: `rebind.evil.example:${port}` });
    expect(sameOrigin.status).toBe(403);
    const error = errorOf(sameOrigin);
    expect(error.code).toBe("host_not_allowed");
    expect(error.message).toContain('"rebind.evil.example:');
    expect(error.message).toContain("127.0.0.1");
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("refuses a Host that only begins with a loopback name: anything but a host and a port of digits", async () => {
    const before = env.sim.chatRequests().length;
    const port = env.gateway.port;
    const hosts = [
      `127.0.0.1:${port}@evil.example`,
      `localhost:${port}@evil.example`,
      `127.0.0.1:${port}.evil.example`,
      `127.0.0.1:x`,
      `127.0.0.1:`,
      `[::1]evil.example`,
      `[::1]:${port}@evil.example`,
      `127.0.0.1 evil.example`,
      `127.0.0.1/evil.example`,
    ];
    for (const host of hosts) {
      // Raw HTTP: clients build Host from a URL and never send these.
      const answer = await rawGet("/v1/models", host);
      expect(answer, host).toMatch(/^HTTP\/1\.1 403 /);
      expect(answer, host).toContain('"code":"host_not_allowed"');
    }
    expect(await rawGet("/v1/models", `127.0.0.1:${port}`)).toMatch(/^HTTP\/1\.1 200 /);
    expect(await rawGet("/v1/models", `[::1]:${port}`)).toMatch(/^HTTP\/1\.1 200 /);
    expect(env.sim.chatRequests().length).toBe(before);
  });

  it("serves loopback host names, listed origins and clients that send no Origin", async () => {
    const port = env.gateway.port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "localhost"]) {
      const answer = await send("GET", "/v1/models", { host });
      expect(answer.status, host).toBe(200);
    }
    const listed = await send(
      "POST",
      "/v1/chat/completions",
      {
        host: `127.0.0.1:${port}`,
        origin: "http://localhost:3000",
        "content-type": "application/json",
      },
      chatBody,
    );
    expect(listed.status).toBe(200);
    expect(listed.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    const cli = await simplePost(undefined);
    expect(cli.status).toBe(200);
    expect(JSON.parse(cli.body)).toMatchObject({
      choices: [{ message: { content: "Echo: spend my keys" } }],
    });
  });
});
