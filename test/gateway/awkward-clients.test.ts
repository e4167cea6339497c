/**
 * HTTP clients in the wild, over raw sockets: a chunked body whose framing breaks gets Node's 400
 * and a ledger row that says so (not a disconnect), one whose chunk extensions pass Node's limit a
 * 413 in the route's error format under its row's id; paths a client builds from a base URL with a
 * slash too many get a 404 naming that slash; two requests written at once on one connection are
 * answered in order, one ledger row each; an HTTP/1.0 client without Host is served (and gets no
 * 100 Continue), an HTTP/1.1 one gets a 400 saying Host is missing; a body compressed by a
 * transfer coding gets a 415; a route spelled in capitals gets a 404 naming its spelling;
 * `OPTIONS *` gets the methods of every route.
 */
import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, ledgerQuery, startGatewayEnv } from "./harness.js";

/** Writes `bytes` on a raw socket and collects everything sent back until it closes (5 s guard). */
function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
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
      reject(new Error(`still open after 5 s; got ${JSON.stringify(text)}`));
    }, 5000).unref();
  });
}

/** The JSON error of a raw answer (the last one on the connection). */
function errorOf(answer: string): { message: string; code: string | null } {
  return JSON.parse(answer.slice(answer.lastIndexOf("\r\n\r\n") + 4)).error;
}

const AUTH = `Authorization: Bearer ${GATEWAY_TOKEN}\r\n`;
const chat = (text: string) =>
  JSON.stringify({ model: "moonshot/kimi-k2.5", messages: [{ role: "user", content: text }] });

let env: GatewayEnv;
beforeAll(async () => {
  env = await startGatewayEnv();
});
afterAll(async () => {
  await env?.close();
});
beforeEach(async () => {
  await env.gateway.ledger?.flush();
});

async function rowsSince(count: number) {
  const rows = await ledgerQuery<{ status: number; error_class: string | null }>(
    env,
    "SELECT status, error_class FROM requests ORDER BY id",
  );
  return rows.slice(count);
}

async function rowCount(): Promise<number> {
  return (await ledgerQuery<{ n: number }>(env, "SELECT count(*) AS n FROM requests"))[0]?.n ?? 0;
}

describe("chunked request bodies", () => {
  const head = `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${AUTH}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;

  it("are read whole, in any number of chunks", async () => {
    const body = chat("in chunks");
    const chunks = [body.slice(0, 10), body.slice(10, 25), body.slice(25)];
    const framed = chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join("");
    const answer = await rawExchange(env.gateway.port, `${head}${framed}0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("Echo: in chunks");
  });

  it("whose framing breaks get a 400 saying so, and the ledger row says 400, not a disconnect", async () => {
    const before = await rowCount();
    const upstreamBefore = env.sim.chatRequests().length;
    const answer = await rawExchange(env.gateway.port, `${head}zz\r\n{}\r\n0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorOf(answer)).toMatchObject({ code: "invalid_http_request" });
    expect(errorOf(answer).message).toContain("Invalid character in chunk size");
    expect(await rowsSince(before)).toEqual([{ status: 400, error_class: "bad_request" }]);
    expect(env.sim.chatRequests().length).toBe(upstreamBefore);
  });

  it("compressed by a transfer coding before chunked get a 415 naming it, not read as plain", async () => {
    const upstreamBefore = env.sim.chatRequests().length;
    const gzipped = gzipSync(chat("squeezed"));
    const answer = await rawExchange(
      env.gateway.port,
      Buffer.concat([
        Buffer.from(head.replace("chunked", "gzip, chunked")),
        Buffer.from(`${gzipped.length.toString(16)}\r\n`),
        gzipped,
        Buffer.from("\r\n0\r\n\r\n"),
      ]),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 415 /);
    expect(errorOf(answer)).toMatchObject({ code: "unsupported_transfer_encoding" });
    expect(errorOf(answer).message).toContain('Transfer-Encoding "gzip, chunked" is not supported');
    expect(env.sim.chatRequests().length).toBe(upstreamBefore);
  });
});

describe("chunk extensions over Node's 16 KiB", () => {
  /** A chunked body whose first chunk carries an extension of 20,000 bytes. */
  const overLimit = (path: string, headers: string) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1;note=${"x".repeat(20_000)}\r\n{\r\n0\r\n\r\n`;

  /** The answer's head lines, lower-cased names, and its JSON body. */
  function parts(answer: string): { head: string; headers: Map<string, string>; body: unknown } {
    const end = answer.indexOf("\r\n\r\n");
    const [head = "", ...lines] = answer.slice(0, end).split("\r\n");
    const headers = new Map(
      lines.map((line) => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
      }),
    );
    return { head, headers, body: JSON.parse(answer.slice(end + 4)) };
  }

  async function lastRow() {
    const rows = await ledgerQuery<{ request_id: string; status: number; error_class: string }>(
      env,
      "SELECT request_id, status, error_class FROM requests ORDER BY id DESC LIMIT 1",
    );
    return rows[0];
  }

  it("get a 413 in OpenAI's format saying what to do, under the id of the request's row", async () => {
    const before = await rowCount();
    const upstreamBefore = env.sim.chatRequests().length;
    const answer = await rawExchange(env.gateway.port, overLimit("/v1/chat/completions", AUTH));
    const { head, headers, body } = parts(answer);
    expect(head).toBe("HTTP/1.1 413 Payload Too Large");
    expect(headers.get("content-type")).toBe("application/json");
    expect(body).toEqual({
      error: {
        message:
          "the request body's chunk extensions (the ;name=value after a chunk's size) are larger than the 16 KiB Node reads: send the body without chunk extensions, or with a Content-Length instead of Transfer-Encoding: chunked",
        type: "invalid_request_error",
        param: null,
        code: "request_too_large",
      },
    });
    expect(await rowCount()).toBe(before + 1);
    const row = await lastRow();
    expect(row).toMatchObject({ status: 413, error_class: "bad_request" });
    expect(headers.get("x-request-id")).toBe(row?.request_id);
    expect(headers.get("request-id")).toBe(row?.request_id);
    expect(env.sim.chatRequests().length).toBe(upstreamBefore);
  });

  it("get it in Anthropic's format on /v1/messages", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      overLimit("/v1/messages", `x-api-key: ${GATEWAY_TOKEN}\r\nanthropic-version: 2023-06-01\r\n`),
    );
    const { head, headers, body } = parts(answer);
    expect(head).toBe("HTTP/1.1 413 Payload Too Large");
    expect(body).toMatchObject({
      type: "error",
      error: { type: "request_too_large", message: expect.stringContaining("chunk extensions") },
    });
    const row = await lastRow();
    expect(row).toMatchObject({ status: 413 });
    expect(headers.get("request-id")).toBe(row?.request_id);
  });
});

/** The error of the 404 that `method path` (no body) gets. */
async function notFound(
  method: string,
  path: string,
): Promise<{ message: string; code: string | null }> {
  const answer = await rawExchange(
    env.gateway.port,
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${AUTH}Content-Length: 0\r\n\r\n`,
  );
  expect(answer).toMatch(/^HTTP\/1\.1 404 /);
  return errorOf(answer);
}

describe("a path built from a base URL with a slash too many", () => {
  it("gets a 404 that names the slash to take out", async () => {
    const cases = [
      ["GET", "//v1/models", "Give the base URL without its trailing slash"],
      ["POST", "/v1//chat/completions", "Give the base URL without its trailing slash"],
      [
        "POST",
        "/v1/chat/completions/",
        "Send it without the trailing slash: POST /v1/chat/completions",
      ],
      ["GET", "/v1/models/", "no model id after /v1/models/"],
    ] as const;
    for (const [method, path, hint] of cases) {
      const error = await notFound(method, path);
      expect(error.message).not.toContain("missing the /v1");
      expect(error.message).toContain(hint);
    }
  });
});

describe("a route spelled in capitals", () => {
  it("gets a 404 that names the route as it is spelled", async () => {
    const cases = [
      ["POST", "/V1/CHAT/COMPLETIONS", "Paths are case-sensitive: send POST /v1/chat/completions"],
      ["GET", "/v1/Models/", "Paths are case-sensitive: send GET /v1/models"],
    ] as const;
    for (const [method, path, hint] of cases) {
      const error = await notFound(method, path);
      expect(error.code).toBe("unknown_route");
      expect(error.message).toContain(hint);
    }
  });
});

describe("requests written at once on one connection", () => {
  it("are answered in order, one ledger row each, a refused one not stopping the next", async () => {
    const before = await rowCount();
    const post = (body: string, last: boolean) =>
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n${last ? "Connection: close\r\n" : ""}${AUTH}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const answer = await rawExchange(
      env.gateway.port,
      post(chat("first"), false) + post("{not json", false) + post(chat("third"), true),
    );
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(["200", "400", "200"]);
    expect(answer.indexOf("Echo: first")).toBeLessThan(answer.indexOf("invalid_json"));
    expect(answer.indexOf("invalid_json")).toBeLessThan(answer.indexOf("Echo: third"));
    // Node reads the next request while the one before is served: rows come as each ends.
    const rows = await rowsSince(before);
    expect(rows.map((row) => row.status).sort()).toEqual([200, 200, 400]);
  });
});

describe("an HTTP/1.0 client", () => {
  it("is served without a Host header, and its connection closed after the answer", async () => {
    const body = chat("one point oh");
    const answer = await rawExchange(
      env.gateway.port,
      `POST /v1/chat/completions HTTP/1.0\r\n${AUTH}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer).toContain("Echo: one point oh");
  });

  it("gets no 100 Continue it may take for the answer, though it sent Expect: 100-continue", async () => {
    const body = chat("no interim");
    const answer = await rawExchange(
      env.gateway.port,
      `POST /v1/chat/completions HTTP/1.0\r\n${AUTH}Expect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).not.toContain("100 Continue");
    expect(answer).toContain("Echo: no interim");
  });
});

describe("an HTTP/1.1 request without a Host header", () => {
  it("gets a 400 in the route's error format saying Host is missing, nothing sent upstream", async () => {
    const upstreamBefore = env.sim.chatRequests().length;
    const body = chat("hostless");
    const openAi = await rawExchange(
      env.gateway.port,
      `POST /v1/chat/completions HTTP/1.1\r\n${AUTH}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(openAi).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorOf(openAi)).toMatchObject({ code: "missing_host" });
    expect(errorOf(openAi).message).toContain("no Host header");
    expect(env.sim.chatRequests().length).toBe(upstreamBefore);

    const anthropic = await rawExchange(
      env.gateway.port,
      `POST /v1/messages HTTP/1.1\r\nx-api-key: ${GATEWAY_TOKEN}\r\nanthropic-version: 2023-06-01\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(anthropic).toMatch(/^HTTP\/1\.1 400 /);
    const parsed = JSON.parse(anthropic.slice(anthropic.lastIndexOf("\r\n\r\n") + 4));
    expect(parsed).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect(parsed.error.message).toContain("no Host header");
  });
});

describe("OPTIONS without an Origin (not a browser's preflight)", () => {
  it("says the methods of every route, with or without the token, as it does for /v1/models", async () => {
    const cases = [
      ["/v1/models/moonshot%2Fkimi-k2.5", "GET, HEAD, OPTIONS"],
      ["/v1/responses/resp_unknown", "GET, HEAD, DELETE, OPTIONS"],
      ["/v1/responses/resp_unknown/input_items", "GET, HEAD, OPTIONS"],
    ] as const;
    for (const [path, allow] of cases) {
      const answer = await rawExchange(
        env.gateway.port,
        `OPTIONS ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 204 /);
      expect(answer.toLowerCase()).toContain(`\r\nallow: ${allow.toLowerCase()}\r\n`);
    }
  });

  it("asked of the server as a whole (OPTIONS *), says every method some route takes", async () => {
    const answer = await rawExchange(
      env.gateway.port,
      "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 204 /);
    expect(answer.toLowerCase()).toContain("\r\nallow: get, head, post, delete, options\r\n");
  });
});
