/**
 * Http1Pool against real loopback servers: a `node:net` server scripted byte by byte for the
 * protocol's edge cases, and a `node:http` server for ordinary traffic.
 */
import type { LookupFunction, Socket } from "node:net";
import { Agent } from "undici";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createOpenAICompletionsTransport,
  Http1Pool,
  type Http1PoolOptions,
  type UpstreamHandler,
  UpstreamHttpError,
} from "../../src/providers/index.js";
import { moonshotModel } from "../helpers/models.js";
import { startSimulator } from "../simulator/index.js";
import {
  closedPort,
  collect,
  doneOf,
  errorCodeOf,
  headerOf,
  httpServer,
  loopbackLookup,
  type Outcome,
  type ReceivedRequest,
  type ScriptedServer,
  type ServerStats,
  scriptedServer,
  send,
  sleep,
  waitFor,
} from "./transport-helpers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function pool(options: Http1PoolOptions = {}): Http1Pool {
  const created = new Http1Pool({ keepAliveTimeout: 10_000, ...options });
  cleanups.push(() => created.destroy());
  return created;
}

async function raw(
  onRequest: (request: ReceivedRequest, socket: Socket) => void,
): Promise<ScriptedServer> {
  const server = await scriptedServer(onRequest);
  cleanups.push(() => server.close());
  return server;
}

async function http(...args: Parameters<typeof httpServer>): Promise<ServerStats> {
  const server = await httpServer(...args);
  cleanups.push(() => server.close());
  return server;
}

const ok = (body = "ok", extra = ""): string =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** Writes `data` one byte at a time, yielding to the event loop between bytes. */
async function writeBytewise(socket: Socket, data: Buffer): Promise<void> {
  for (let i = 0; i < data.length && !socket.destroyed; i++) {
    socket.write(data.subarray(i, i + 1));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("response bodies", () => {
  it("reads a content-length body and hands over status, reason and raw headers", async () => {
    const server = await http((_request, response) => {
      response.setHeader("x-trace-id", "trace-1");
      response.setHeader("content-length", 11);
      response.end("hello world");
    });
    const result = await send(pool(), { origin: server.origin }).done;
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.statusText).toBe("OK");
    expect(result.body.toString()).toBe("hello world");
    expect(headerOf(result.headers, "x-trace-id")).toBe("trace-1");
    expect(headerOf(result.headers, "content-length")).toBe("11");
    expect(result.calls[0]).toBe("connect");
    expect(result.calls.at(-1)).toBe("complete");
    expect(result.completes).toBe(1);
  });

  it("reads a chunked body from node:http written in several pieces", async () => {
    const server = await http((_request, response) => {
      response.write("data: one\n\n");
      setTimeout(() => {
        response.write("data: two\n\n");
        response.end("data: [DONE]\n\n");
      }, 10);
    });
    const result = await send(pool(), { origin: server.origin }).done;
    expect(result.error).toBeUndefined();
    expect(headerOf(result.headers, "transfer-encoding")).toBe("chunked");
    expect(result.body.toString()).toBe("data: one\n\ndata: two\n\ndata: [DONE]\n\n");
  });

  it("reads chunks with extensions and trailers, and reuses the connection after them", async () => {
    const server = await raw((_request, socket) => {
      socket.write(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
          "5;name=value\r\nhello\r\n6;flag\r\n world\r\n0;last=1\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n",
      );
    });
    const p = pool();
    const first = await send(p, { origin: server.origin }).done;
    const second = await send(p, { origin: server.origin }).done;
    expect(first.error).toBeUndefined();
    expect(first.body.toString()).toBe("hello world");
    expect(second.body.toString()).toBe("hello world");
    expect(server.connections).toBe(1);
  });

  it("reads a body without length or chunking until the server closes", async () => {
    const server = await raw((_request, socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart one, ");
      setTimeout(() => socket.end("part two"), 20);
    });
    const p = pool();
    const first = await send(p, { origin: server.origin }).done;
    expect(first.error).toBeUndefined();
    expect(first.completes).toBe(1);
    expect(first.body.toString()).toBe("part one, part two");
    const second = await send(p, { origin: server.origin }).done;
    expect(second.body.toString()).toBe("part one, part two");
    expect(server.connections).toBe(2);
  });

  it("reads chunks when content-length comes too, and does not reuse a connection so framed", async () => {
    // Both headers: chunked wins (RFC 9112 6.3), and the connection is not trusted with another
    // request, since a proxy on the way may have framed the answer by the other header.
    const server = await raw((_request, socket) =>
      socket.write(
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      ),
    );
    const p = pool();
    const first = await send(p, { origin: server.origin }).done;
    expect(first.body.toString()).toBe("hello");
    const second = await send(p, { origin: server.origin }).done;
    expect(second.body.toString()).toBe("hello");
    expect(server.connections).toBe(2);
  });

  it("reads until close when chunked is not the last transfer coding, whatever content-length says", async () => {
    const server = await raw((_request, socket) => {
      socket.write(
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked, identity\r\n\r\nabc",
      );
      setTimeout(() => socket.end("def"), 20);
    });
    const p = pool();
    const first = await send(p, { origin: server.origin }).done;
    expect(first.error).toBeUndefined();
    expect(first.body.toString()).toBe("abcdef");
  });

  it("completes 204, 304 and HEAD answers without a body and keeps the connection", async () => {
    const server = await raw((request, socket) => {
      if (request.path === "/204") socket.write("HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n");
      else if (request.path === "/304")
        socket.write('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n');
      else if (request.method === "HEAD")
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\n");
      else socket.write(ok("after"));
    });
    const p = pool();
    const noContent = await send(p, { origin: server.origin, path: "/204" }).done;
    const notModified = await send(p, { origin: server.origin, path: "/304" }).done;
    const head = await send(p, { origin: server.origin, method: "HEAD" }).done;
    const after = await send(p, { origin: server.origin }).done;
    expect([noContent.status, notModified.status, head.status, after.status]).toEqual([
      204, 304, 200, 200,
    ]);
    for (const result of [noContent, notModified, head]) {
      expect(result.error).toBeUndefined();
      expect(result.completes).toBe(1);
      expect(result.body.length).toBe(0);
      expect(result.pieces).toBe(0);
    }
    expect(headerOf(head.headers, "content-length")).toBe("11");
    expect(after.body.toString()).toBe("after");
    expect(server.connections).toBe(1);
  });

  it("skips 100 Continue and 103 Early Hints and reports only the final answer", async () => {
    const server = await raw((request, socket) => {
      const interim =
        "HTTP/1.1 100 Continue\r\n\r\n" +
        "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
      if (request.path === "/together") socket.write(`${interim}${ok("final")}`);
      else {
        socket.write("HTTP/1.1 100 Continue\r\n\r\n");
        setTimeout(() => socket.write("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"), 5);
        setTimeout(() => socket.write(ok("final", "X-Final: yes\r\n")), 15);
      }
    });
    const p = pool();
    for (const path of ["/together", "/apart"]) {
      const result = await send(p, { origin: server.origin, path }).done;
      expect(result.error).toBeUndefined();
      expect(result.headerCalls).toBe(1);
      expect(result.status).toBe(200);
      expect(headerOf(result.headers, "link")).toBeUndefined();
      expect(result.body.toString()).toBe("final");
    }
    expect(server.connections).toBe(1);
  });
});

describe("a response split anywhere", () => {
  const lengthResponse = Buffer.from(
    "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nX-Extra:  a b \r\nContent-Length: 13\r\n\r\nhello, world!",
  );
  const chunkedResponse = Buffer.from(
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Trace-Id: t-1\r\n\r\n" +
      "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n",
  );
  const cases = [
    {
      name: "content-length",
      response: lengthResponse,
      status: 201,
      statusText: "Created",
      headers: ["Content-Type", "text/plain", "X-Extra", "a b", "Content-Length", "13"],
      body: "hello, world!",
    },
    {
      name: "chunked",
      response: chunkedResponse,
      status: 200,
      statusText: "OK",
      headers: ["Transfer-Encoding", "chunked", "X-Trace-Id", "t-1"],
      body: "Wikipedia in\r\n\r\nchunks.",
    },
  ];

  it.each(cases)("$name: one byte per write gives the same answer", async (c) => {
    const server = await raw((_request, socket) => void writeBytewise(socket, c.response));
    const p = pool();
    for (let round = 0; round < 2; round++) {
      const result = await send(p, { origin: server.origin }).done;
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(c.status);
      expect(result.statusText).toBe(c.statusText);
      expect(result.headers).toEqual(c.headers);
      expect(result.body.toString()).toBe(c.body);
      expect(result.completes).toBe(1);
    }
    expect(server.connections).toBe(1);
  });

  it.each(cases)("$name: two writes split at every index give the same answer", async (c) => {
    const server = await raw((request, socket) => {
      const at = Number(request.path.slice(1));
      socket.write(c.response.subarray(0, at));
      setTimeout(() => socket.write(c.response.subarray(at)), 1);
    });
    const p = pool();
    for (let at = 1; at < c.response.length; at++) {
      const result = await send(p, { origin: server.origin, path: `/${at}` }).done;
      const seen = {
        error: result.error?.message,
        status: result.status,
        statusText: result.statusText,
        headers: result.headers,
        body: result.body.toString(),
        completes: result.completes,
      };
      expect(seen, `split at ${at}`).toEqual({
        error: undefined,
        status: c.status,
        statusText: c.statusText,
        headers: c.headers,
        body: c.body,
        completes: 1,
      });
    }
    expect(server.requests).toHaveLength(c.response.length - 1);
    expect(server.connections).toBe(1);
  });
});

describe("keep-alive", () => {
  it("sends sequential requests over one connection", async () => {
    const server = await http((request, response) => response.end(`you asked ${request.url}`));
    const p = pool();
    for (let i = 0; i < 5; i++) {
      const result = await send(p, { origin: server.origin, path: `/n/${i}` }).done;
      expect(result.body.toString()).toBe(`you asked /n/${i}`);
    }
    expect(server.connections).toBe(1);
  });

  it("does not reuse a connection answered with Connection: close, and closes it itself", async () => {
    // The server leaves its socket open: closing it is the client's job.
    const server = await raw((_request, socket) =>
      socket.write(ok("bye", "Connection: close\r\n")),
    );
    const p = pool();
    for (let i = 0; i < 3; i++) {
      const result = await send(p, { origin: server.origin }).done;
      expect(result.body.toString()).toBe("bye");
    }
    expect(server.connections).toBe(3);
    expect(await waitFor(() => server.closed === 3, 1_000)).toBe(true);
  });

  it("does not reuse node:http connections that announce Connection: close", async () => {
    const server = await http((_request, response) => {
      response.setHeader("connection", "close");
      response.end("closing");
    });
    const p = pool();
    for (let i = 0; i < 3; i++) {
      const result = await send(p, { origin: server.origin }).done;
      expect(result.error).toBeUndefined();
      expect(result.body.toString()).toBe("closing");
    }
    expect(server.connections).toBe(3);
  });

  it("does not reuse HTTP/1.0 answers unless they say keep-alive", async () => {
    const server = await raw((request, socket) => {
      const keep = request.path === "/keep" ? "Connection: keep-alive\r\n" : "";
      socket.write(`HTTP/1.0 200 OK\r\nContent-Length: 2\r\n${keep}\r\nok`);
    });
    const p = pool();
    await send(p, { origin: server.origin }).done;
    await send(p, { origin: server.origin }).done;
    expect(server.connections).toBe(2);
    expect(await waitFor(() => server.closed === 2, 1_000)).toBe(true);
    await send(p, { origin: server.origin, path: "/keep" }).done;
    await send(p, { origin: server.origin, path: "/keep" }).done;
    expect(server.connections).toBe(3);
  });

  it("honours the server's Keep-Alive: timeout hint below its own keepAliveTimeout", async () => {
    const server = await raw((_request, socket) =>
      socket.write(ok("ok", "Keep-Alive: timeout=2, max=100\r\n")),
    );
    const p = pool({ keepAliveTimeout: 10_000 });
    await send(p, { origin: server.origin }).done;
    await send(p, { origin: server.origin }).done;
    expect(server.connections).toBe(1);
    // timeout=2 leaves the pool a second at most (a margin for the server's own timer).
    await sleep(1_150);
    const late = await send(p, { origin: server.origin }).done;
    expect(late.body.toString()).toBe("ok");
    expect(server.connections).toBe(2);
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
  });

  it("does not reuse a connection idle longer than keepAliveTimeout", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool({ keepAliveTimeout: 100 });
    await send(p, { origin: server.origin }).done;
    await sleep(250);
    await send(p, { origin: server.origin }).done;
    expect(server.connections).toBe(2);
  });

  it("does not reuse an idle connection past keepAliveTimeout after the wall clock went back", async () => {
    // NTP or a resumed laptop can set the clock back; idle time is measured on a monotonic clock,
    // or the connection would look idle for minus an hour and be sent on after the server closed it.
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool({ keepAliveTimeout: 100 });
    await send(p, { origin: server.origin }).done;
    await sleep(250);
    const realNow = Date.now.bind(Date);
    const clockBack = vi.spyOn(Date, "now").mockImplementation(() => realNow() - 3_600_000);
    cleanups.push(async () => clockBack.mockRestore());
    const second = await send(p, { origin: server.origin }).done;
    expect(second.error).toBeUndefined();
    expect(server.connections).toBe(2);
  });

  it("closes idle connections past keepAliveTimeout on its own", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool({ keepAliveTimeout: 100 });
    await send(p, { origin: server.origin }).done;
    expect(server.open).toBe(1);
    expect(await waitFor(() => server.open === 0, 2_500)).toBe(true);
  });

  it("forgets an idle connection the server closed and opens a new one", async () => {
    const server = await raw((_request, socket) => {
      socket.write(ok());
      setTimeout(() => socket.end(), 10);
    });
    const p = pool();
    await send(p, { origin: server.origin }).done;
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
    await sleep(20);
    const result = await send(p, { origin: server.origin }).done;
    expect(result.error).toBeUndefined();
    expect(server.connections).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it("retries once on a fresh connection when a reused one closes before answering", async () => {
    // The second request on the first connection finds it closed (as if the server's idle timer
    // had just fired): it must go out again, once, and succeed.
    const server = await raw((request, socket) => {
      if (request.connection === 1 && request.indexOnConnection === 2) socket.destroy();
      else socket.write(ok(`answer from connection ${request.connection}`));
    });
    const p = pool();
    const first = await send(p, { origin: server.origin }).done;
    const second = await send(p, { origin: server.origin, method: "POST", body: "{}" }).done;
    expect(first.body.toString()).toBe("answer from connection 1");
    expect(second.error).toBeUndefined();
    expect(second.body.toString()).toBe("answer from connection 2");
    expect(server.requests.map((r) => r.connection)).toEqual([1, 1, 2]);
    expect(server.requests[2]?.body.toString()).toBe("{}");
  });

  it("retries once when a reused connection is reset (RST) before answering", async () => {
    const server = await raw((request, socket) => {
      if (request.connection === 1 && request.indexOnConnection === 2) socket.resetAndDestroy();
      else socket.write(ok(`from ${request.connection}`));
    });
    const p = pool();
    await send(p, { origin: server.origin }).done;
    const second = await send(p, { origin: server.origin }).done;
    expect(second.error).toBeUndefined();
    expect(second.body.toString()).toBe("from 2");
    expect(server.connections).toBe(2);
  });

  it("succeeds when the server closes each connection right after answering", async () => {
    const server = await raw((_request, socket) => {
      socket.write(ok());
      setImmediate(() => socket.end());
    });
    const p = pool();
    for (let i = 0; i < 4; i++) {
      const result = await send(p, { origin: server.origin }).done;
      expect(result.error).toBeUndefined();
      expect(result.body.toString()).toBe("ok");
    }
  });

  it("does not retry a request whose fresh connection is reset before answering", async () => {
    const server = await raw((_request, socket) => socket.resetAndDestroy());
    const result = await send(pool(), { origin: server.origin }).done;
    expect(result.error).toBeDefined();
    expect(result.errors).toHaveLength(1);
    expect(["ECONNRESET", "UPSTREAM_CLOSED"]).toContain(errorCodeOf(result.error));
    await sleep(50);
    expect(server.connections).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a stale connection only once (no loop when the fresh one fails too)", async () => {
    const server = await raw((_request, socket) => {
      if (server.requests.length === 1) socket.write(ok());
      else socket.destroy();
    });
    const p = pool();
    await send(p, { origin: server.origin }).done;
    const second = await send(p, { origin: server.origin }).done;
    expect(errorCodeOf(second.error)).toBe("UPSTREAM_CLOSED");
    expect(second.errors).toHaveLength(1);
    await sleep(50);
    expect(server.connections).toBe(2);
    expect(server.requests).toHaveLength(3);
  });
});

describe("failures", () => {
  it("reports UPSTREAM_CLOSED when the server closes in the middle of a body", async () => {
    const server = await raw((request, socket) => {
      if (request.path === "/chunked")
        socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nwo");
      else socket.end("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten!!");
    });
    const p = pool();
    const byLength = await send(p, { origin: server.origin }).done;
    expect(errorCodeOf(byLength.error)).toBe("UPSTREAM_CLOSED");
    expect(byLength.error).toBeInstanceOf(UpstreamHttpError);
    expect(byLength.body.toString()).toBe("only ten!!");
    expect(byLength.completes).toBe(0);
    const chunked = await send(p, { origin: server.origin, path: "/chunked" }).done;
    expect(errorCodeOf(chunked.error)).toBe("UPSTREAM_CLOSED");
    expect(chunked.body.toString()).toBe("hellowo");
    expect(chunked.errors).toHaveLength(1);
  });

  it("reports UPSTREAM_CLOSED when a fresh connection closes before any answer", async () => {
    const server = await raw((_request, socket) => socket.end());
    const result = await send(pool(), { origin: server.origin }).done;
    expect(errorCodeOf(result.error)).toBe("UPSTREAM_CLOSED");
    expect(result.headerCalls).toBe(0);
  });

  it("gives up with HEADERS_TIMEOUT and closes the socket when no head comes", async () => {
    const server = await raw(() => {});
    const result = await send(pool(), { origin: server.origin, headersTimeout: 100 }).done;
    expect(errorCodeOf(result.error)).toBe("HEADERS_TIMEOUT");
    expect(result.error?.message).toContain("100 ms");
    expect(server.requests).toHaveLength(1);
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
  });

  it("gives up with BODY_TIMEOUT when the body stalls", async () => {
    const server = await raw((_request, socket) =>
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
    );
    const result = await send(pool(), { origin: server.origin, bodyTimeout: 100 }).done;
    expect(errorCodeOf(result.error)).toBe("BODY_TIMEOUT");
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe("abc");
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
  });

  it("lets a body trickle for longer than either timeout while pieces keep coming", async () => {
    const server = await raw((_request, socket) => {
      socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
      let sent = 0;
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        sent++;
        socket.write(`1\r\n${sent}\r\n`);
        if (sent === 6) {
          clearInterval(timer);
          socket.write("0\r\n\r\n");
        }
      }, 50);
    });
    const result = await send(pool(), {
      origin: server.origin,
      headersTimeout: 200,
      bodyTimeout: 200,
    }).done;
    expect(result.error).toBeUndefined();
    expect(result.body.toString()).toBe("123456");
  });

  it("gives up with CONNECT_TIMEOUT when the connection never opens", async () => {
    // A lookup that never answers keeps the socket connecting for ever, deterministically.
    const never: LookupFunction = () => {};
    const p = pool({ connectTimeout: 100, lookup: never });
    const result = await send(p, { origin: "http://upstream.invalid:8080" }).done;
    expect(errorCodeOf(result.error)).toBe("CONNECT_TIMEOUT");
    expect(result.error?.message).toContain("100 ms");
    expect(result.errors).toHaveLength(1);
  });

  it("reports ECONNREFUSED for a closed port", async () => {
    const port = await closedPort();
    const result = await send(pool(), { origin: `http://127.0.0.1:${port}` }).done;
    expect(errorCodeOf(result.error)).toBe("ECONNREFUSED");
    expect(result.errors).toHaveLength(1);
  });

  it("passes a lookup failure to onError", async () => {
    const failing: LookupFunction = (hostname, _options, callback) =>
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }),
        "",
        4,
      );
    const result = await send(pool({ lookup: failing }), { origin: "http://nowhere.invalid" }).done;
    expect(errorCodeOf(result.error)).toBe("ENOTFOUND");
  });

  it("forgets origins it no longer uses past 64, and keeps the one in use", async () => {
    // A gateway whose base URLs change over many reloads reaches ever new origins: the pool must
    // not remember each of them for the rest of the process.
    const server = await http((_request, response) => response.end("ok"));
    const p = pool({ lookup: loopbackLookup });
    const kept = `http://kept.test:${server.port}`;
    const refused = await closedPort();
    expect((await send(p, { origin: kept }).done).body.toString()).toBe("ok");
    for (let i = 0; i < 300; i++) {
      const result = await send(p, { origin: `http://h${i}.test:${refused}` }).done;
      expect(errorCodeOf(result.error)).toBe("ECONNREFUSED");
    }
    expect(p.rememberedOrigins).toBeLessThanOrEqual(64);
    // The origin with an idle keep-alive connection was not forgotten: its connection is reused.
    expect((await send(p, { origin: kept }).done).body.toString()).toBe("ok");
    expect(server.connections).toBe(1);
  });

  it("reaches a named host through the lookup option", async () => {
    const server = await raw((request, socket) => socket.write(ok(request.headers.host)));
    const p = pool({ lookup: loopbackLookup });
    const result = await send(p, { origin: `http://api.moonshot.cn:${server.port}` }).done;
    expect(result.body.toString()).toBe(`api.moonshot.cn:${server.port}`);
  });
});

describe("abort", () => {
  it("before the connection is made (inside onConnect): one onError, no connection", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool();
    const reason = new Error("stop right there");
    const sent = send(p, { origin: server.origin }, { onConnect: (abort) => abort(reason) });
    const result = await sent.done;
    expect(sent.dispatched).toBe(false);
    expect(result.errors).toEqual([reason]);
    expect(result.calls).toEqual(["connect", "error"]);
    await sleep(50);
    expect(server.connections).toBe(0);
    expect((await send(p, { origin: server.origin }).done).body.toString()).toBe("ok");
  });

  it("while the connection is still opening: one onError, then the pool works", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool();
    const sent = send(p, { origin: server.origin });
    expect(sent.dispatched).toBe(true);
    sent.abort?.();
    sent.abort?.(); // twice is harmless
    const result = await sent.done;
    expect(result.errors).toHaveLength(1);
    expect(result.headerCalls).toBe(0);
    expect(await waitFor(() => server.open === 0, 1_000)).toBe(true);
    expect(server.requests).toHaveLength(0);
    expect((await send(p, { origin: server.origin }).done).body.toString()).toBe("ok");
  });

  it("while taking the last piece of the body: onError once and no onComplete after it", async () => {
    const server = await raw((_request, socket) => socket.write(ok("the whole body")));
    const p = pool();
    const sent = send(
      p,
      { origin: server.origin },
      {
        onData: () => {
          sent.abort?.(new Error("changed my mind"));
          return true;
        },
      },
    );
    const result = await sent.done;
    await sleep(20); // a late onComplete would land here
    expect(result.calls).toEqual(["connect", "headers", "data", "error"]);
    expect(result.completes).toBe(0);
    expect(result.error?.message).toBe("changed my mind");
  });

  it("after the head: one onError, the server sees the socket closed, the pool goes on", async () => {
    const server = await raw((request, socket) => {
      if (request.path === "/slow")
        socket.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst ten.");
      else socket.write(ok());
    });
    const p = pool();
    const sent = send(
      p,
      { origin: server.origin, path: "/slow" },
      {
        onHeaders: () => {
          sent.abort?.(new Error("not wanted"));
          return true;
        },
      },
    );
    const result = await sent.done;
    expect(result.calls).toEqual(["connect", "headers", "error"]);
    expect(result.error?.message).toBe("not wanted");
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
    const next = await send(p, { origin: server.origin }).done;
    expect(next.body.toString()).toBe("ok");
    expect(server.connections).toBe(2);
    await sleep(20);
    expect(result.errors).toHaveLength(1);
    expect(result.completes).toBe(0);
  });

  it("in the middle of the body: one onError, socket closed, the pool goes on", async () => {
    const server = await raw((request, socket) => {
      if (request.path !== "/slow") return void socket.write(ok());
      socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
      const timer = setInterval(() => {
        if (socket.destroyed) clearInterval(timer);
        else socket.write("3\r\nxyz\r\n");
      }, 10);
    });
    const p = pool();
    const sent = send(
      p,
      { origin: server.origin, path: "/slow" },
      {
        onData: (_chunk, outcome) => {
          if (outcome.pieces === 2) sent.abort?.();
          return true;
        },
      },
    );
    const result = await sent.done;
    expect(result.errors).toHaveLength(1);
    expect(result.completes).toBe(0);
    expect(result.body.toString()).toBe("abcxyz");
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
    expect((await send(p, { origin: server.origin }).done).body.toString()).toBe("ok");
    expect(result.errors).toHaveLength(1);
    expect(result.pieces).toBe(2);
  });

  it("of a request waiting for a connection: it is never sent", async () => {
    const server = await raw((request, socket) => {
      setTimeout(() => socket.write(ok(request.path)), 50);
    });
    const p = pool({ connections: 1 });
    const first = send(p, { origin: server.origin, path: "/first" });
    const waiting = send(p, { origin: server.origin, path: "/waiting" });
    waiting.abort?.();
    expect((await waiting.done).errors).toHaveLength(1);
    expect((await first.done).body.toString()).toBe("/first");
    expect((await send(p, { origin: server.origin, path: "/third" }).done).body.toString()).toBe(
      "/third",
    );
    expect(server.requests.map((r) => r.path)).toEqual(["/first", "/third"]);
  });

  it("after completion it does nothing", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool();
    const sent = send(p, { origin: server.origin });
    const result = await sent.done;
    sent.abort?.();
    await sleep(20);
    expect(result.calls).toEqual(["connect", "headers", "data", "complete"]);
    await send(p, { origin: server.origin }).done;
    expect(server.connections).toBe(1);
  });
});

describe("backpressure", () => {
  it("stops reading while onData says false, and the server's writes stall until resume()", async () => {
    const total = 32 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const state = { written: 0, stalled: false, stalls: 0 };
    const server = await raw((_request, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${total}\r\n\r\n`);
      const pump = (): void => {
        while (state.written < total && !socket.destroyed) {
          state.written += piece.length;
          if (!socket.write(piece)) {
            state.stalled = true;
            state.stalls++;
            socket.once("drain", () => {
              state.stalled = false;
              pump();
            });
            return;
          }
        }
      };
      pump();
    });
    let received = 0;
    let resume: (() => void) | undefined;
    let paused = false;
    let done!: (error?: Error) => void;
    const finished = new Promise<Error | undefined>((resolve) => {
      done = resolve;
    });
    const handler: UpstreamHandler = {
      onHeaders: (_status, _raw, resumeFn) => {
        resume = resumeFn;
        return true;
      },
      onData: (chunk) => {
        received += chunk.length;
        if (resume && !paused && received > 0 && received < total / 2) {
          paused = true;
          return false;
        }
        return true;
      },
      onComplete: () => done(),
      onError: (error) => done(error),
    };
    const p = pool();
    p.dispatch({ origin: server.origin, path: "/", method: "GET", headers: {} }, handler);
    expect(await waitFor(() => paused && state.stalled, 3_000)).toBe(true);
    const atPause = received;
    await sleep(200);
    expect(received).toBe(atPause);
    expect(state.stalled).toBe(true);
    expect(state.written).toBeLessThan(total);
    resume?.();
    expect(await finished).toBeUndefined();
    expect(received).toBe(total);
  });

  it("stops reading after onHeaders says false until resume()", async () => {
    const server = await raw((_request, socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
      setTimeout(() => socket.write("body"), 50);
    });
    const sent = send(pool(), { origin: server.origin }, { onHeaders: () => false });
    expect(await waitFor(() => sent.outcome.headerCalls === 1, 1_000)).toBe(true);
    await sleep(200);
    expect(sent.outcome.pieces).toBe(0);
    sent.resume?.();
    const result = await sent.done;
    expect(result.error).toBeUndefined();
    expect(result.body.toString()).toBe("body");
  });
});

describe("connection limit", () => {
  it("never opens more than `connections` sockets and serves every queued request", async () => {
    const server = await http((request, response) => {
      setTimeout(() => response.end(`done ${request.url}`), 30);
    });
    const p = pool({ connections: 2 });
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => send(p, { origin: server.origin, path: `/${i}` }).done),
    );
    expect(results.map((r) => r.body.toString())).toEqual([0, 1, 2, 3, 4].map((i) => `done /${i}`));
    expect(results.every((r) => r.error === undefined && r.status === 200)).toBe(true);
    expect(server.maxOpen).toBeLessThanOrEqual(2);
    expect(server.connections).toBe(2);
  });

  it("keeps separate limits and connections per origin", async () => {
    const a = await http((_request, response) => setTimeout(() => response.end("a"), 20));
    const b = await http((_request, response) => setTimeout(() => response.end("b"), 20));
    const p = pool({ connections: 1 });
    const results = await Promise.all([
      send(p, { origin: a.origin }).done,
      send(p, { origin: b.origin }).done,
      send(p, { origin: a.origin }).done,
      send(p, { origin: b.origin }).done,
    ]);
    expect(results.map((r) => r.body.toString())).toEqual(["a", "b", "a", "b"]);
    expect([a.connections, b.connections]).toEqual([1, 1]);
  });
});

describe("malformed answers", () => {
  const answers: Array<[string, string]> = [
    ["not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n\r\n"],
    ["HTTP/2 status line", "HTTP/2 200\r\n\r\n"],
    ["a status that is not three digits", "HTTP/1.1 20 OK\r\n\r\n"],
    ["a header line without a colon", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"],
    ["a content-length that is not a number", "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n"],
    ["a negative content-length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"],
    [
      "two different content-lengths",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
    ],
    [
      "a chunk size that is not hex",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    ],
    [
      "a chunk longer than its size",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloEXTRA\r\n0\r\n\r\n",
    ],
    [
      "an endless chunk size line",
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${"1".repeat(2_000)}`,
    ],
    ["a protocol switch", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"],
    ["a head larger than maxHeaderBytes", `HTTP/1.1 200 OK\r\nX-Big: ${"b".repeat(2_000)}`],
  ];

  it.each(answers)("%s → BAD_RESPONSE, socket closed, the pool goes on", async (_name, answer) => {
    const server = await raw((request, socket) => {
      if (request.path === "/bad") socket.write(answer);
      else socket.write(ok("fine"));
    });
    const p = pool({ maxHeaderBytes: 1_024 });
    const result = await send(p, { origin: server.origin, path: "/bad" }).done;
    expect(errorCodeOf(result.error)).toBe("BAD_RESPONSE");
    expect(result.error).toBeInstanceOf(UpstreamHttpError);
    expect(result.errors).toHaveLength(1);
    expect(result.completes).toBe(0);
    expect(await waitFor(() => server.closed === 1, 1_000)).toBe(true);
    const next = await send(p, { origin: server.origin }).done;
    expect(next.body.toString()).toBe("fine");
  });

  it("closes a connection that received bytes beyond the declared length", async () => {
    const server = await raw((_request, socket) => socket.write(`${ok("ok")}SURPLUS`));
    const p = pool();
    const first = await send(p, { origin: server.origin }).done;
    expect(first.body.toString()).toBe("ok");
    const second = await send(p, { origin: server.origin }).done;
    expect(second.body.toString()).toBe("ok");
    expect(server.connections).toBe(2);
  });
});

describe("requests", () => {
  it("rejects header names and values with CR, LF or NUL without sending anything", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool();
    const bad: Array<Record<string, string>> = [
      { "x-note": "a\r\nX-Injected: 1" },
      { "x-note": "line\nbreak" },
      { "x-note": "nul\0byte" },
      { "x-bad\r\nname": "v" },
    ];
    for (const headers of bad) {
      const sent = send(p, { origin: server.origin, headers });
      const result = await sent.done;
      expect(sent.dispatched).toBe(false);
      expect(errorCodeOf(result.error)).toBe("BAD_REQUEST_HEADER");
      expect(result.calls).toEqual(["error"]);
    }
    await sleep(30);
    expect(server.connections).toBe(0);
  });

  it("sends a UTF-8 body with its byte length", async () => {
    const text = JSON.stringify({ content: "héllo wörld — 你好 🌍" });
    const server = await http((request, response) => {
      const parts: Buffer[] = [];
      request.on("data", (part: Buffer) => parts.push(part));
      request.on("end", () => {
        const body = Buffer.concat(parts);
        response.end(
          JSON.stringify({ length: request.headers["content-length"], body: body.toString() }),
        );
      });
    });
    const result = await send(pool(), {
      origin: server.origin,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
    }).done;
    const echoed = JSON.parse(result.body.toString()) as { length: string; body: string };
    expect(echoed.body).toBe(text);
    expect(Number(echoed.length)).toBe(Buffer.byteLength(text));
    expect(Number(echoed.length)).toBeGreaterThan(text.length);
  });

  it("writes its own host and content-length, never the caller's", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool();
    await send(p, {
      origin: server.origin,
      method: "POST",
      path: "/v1/chat/completions?x=1",
      headers: {
        Host: "evil.example",
        "Content-Length": "1",
        Connection: "close",
        "X-Mine": "yes",
      },
      body: "four",
    }).done;
    await send(p, { origin: server.origin, method: "POST" }).done;
    await send(p, { origin: server.origin, method: "GET" }).done;
    const [post, empty, get] = server.requests;
    expect(post?.path).toBe("/v1/chat/completions?x=1");
    expect(post?.headers.host).toBe(`127.0.0.1:${server.port}`);
    expect(post?.headerCounts).toMatchObject({ host: 1, "content-length": 1, "x-mine": 1 });
    expect(post?.headers["content-length"]).toBe("4");
    expect(post?.headers.connection).toBeUndefined();
    expect(post?.body.toString()).toBe("four");
    expect(empty?.headers["content-length"]).toBe("0");
    expect(get?.headers["content-length"]).toBeUndefined();
    expect(server.connections).toBe(1);
  });

  it("rejects an origin that is not http or https", async () => {
    const result = await send(pool(), { origin: "ftp://127.0.0.1:21" }).done;
    expect(errorCodeOf(result.error)).toBe("BAD_REQUEST_HEADER");
  });
});

describe("close and destroy", () => {
  it("close() closes idle connections and refuses new requests with POOL_CLOSED", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const p = pool();
    await send(p, { origin: server.origin }).done;
    expect(server.open).toBe(1);
    await p.close();
    expect(await waitFor(() => server.open === 0, 1_000)).toBe(true);
    const sent = send(p, { origin: server.origin });
    const result = await sent.done;
    expect(sent.dispatched).toBe(false);
    expect(errorCodeOf(result.error)).toBe("POOL_CLOSED");
    expect(server.connections).toBe(1);
  });

  it("close() lets a request in flight finish", async () => {
    const server = await raw((_request, socket) => setTimeout(() => socket.write(ok("late")), 50));
    const p = pool();
    const sent = send(p, { origin: server.origin });
    await waitFor(() => server.requests.length === 1, 1_000);
    await p.close();
    const result = await sent.done;
    expect(result.error).toBeUndefined();
    expect(result.body.toString()).toBe("late");
  });

  it("destroy() fails a request in flight and closes its socket", async () => {
    const server = await raw(() => {});
    const p = pool();
    const sent = send(p, { origin: server.origin });
    await waitFor(() => server.requests.length === 1, 1_000);
    await p.destroy();
    const result = await sent.done;
    expect(result.errors).toHaveLength(1);
    expect(result.completes).toBe(0);
    expect(await waitFor(() => server.open === 0, 1_000)).toBe(true);
    expect(errorCodeOf(send(p, { origin: server.origin }).outcome.error)).toBe("POOL_CLOSED");
  });
});

describe("dispatchers", () => {
  it("an undici Agent still works as the transport's dispatcher", async () => {
    const sim = await startSimulator();
    const agent = new Agent({ keepAliveTimeout: 1_000 });
    cleanups.push(() => sim.close());
    cleanups.push(() => agent.close());
    const transport = createOpenAICompletionsTransport({ dispatcher: agent });
    const model = moonshotModel("kimi-k2.5", { baseUrl: sim.moonshotBaseUrl });
    const events = await collect(
      transport,
      model,
      { messages: [{ role: "user", content: "hi agent" }] },
      { apiKey: sim.keys.moonshot },
    );
    expect(doneOf(events).message.content).toBe("Echo: hi agent");
    expect(sim.chatRequests()).toHaveLength(1);
  });
});

/** The outcome, or undefined if the request has not settled within `ms`. */
async function within(done: Promise<Outcome>, ms: number): Promise<Outcome | undefined> {
  return Promise.race([done, sleep(ms).then(() => undefined)]);
}

// Edge cases found in review (each once failed): closing and destroying with requests in flight
// or waiting, short Keep-Alive hints, oversized heads in one read, pauses held by the handler,
// the connection limit during a stale-connection retry, queue order, request splitting.
describe("Http1Pool edge cases", () => {
  it("close(): a request in flight has its connection closed once it completes", async () => {
    const server = await raw((_request, socket) => setTimeout(() => socket.write(ok("late")), 50));
    const p = pool();
    const sent = send(p, { origin: server.origin });
    await waitFor(() => server.requests.length === 1, 1_000);
    await p.close();
    expect((await sent.done).body.toString()).toBe("late");
    // "Closes idle connections now and the rest as their requests end."
    expect(await waitFor(() => server.open === 0, 500)).toBe(true);
  });

  it("destroy(): a request in flight on a reused connection fails instead of being re-sent", async () => {
    const server = await raw((_request, socket) => {
      if (server.requests.length === 1) socket.write(ok());
      // later requests hang
    });
    const p = pool();
    await send(p, { origin: server.origin }).done;
    const sent = send(p, { origin: server.origin });
    await waitFor(() => server.requests.length === 2, 1_000);
    await p.destroy();
    const result = await within(sent.done, 300);
    expect({
      failed: result?.errors.length,
      connections: server.connections,
      requests: server.requests.length,
    }).toEqual({ failed: 1, connections: 1, requests: 2 });
  });

  it("destroy(): requests waiting for a connection fail and open no connection", async () => {
    const server = await raw(() => {});
    const p = pool({ connections: 1 });
    const first = send(p, { origin: server.origin, path: "/first" });
    const waiting = send(p, { origin: server.origin, path: "/waiting" });
    await waitFor(() => server.requests.length === 1, 1_000);
    await p.destroy();
    const [a, b] = await Promise.all([within(first.done, 300), within(waiting.done, 300)]);
    expect({
      firstFailed: a?.errors.length,
      waitingFailed: b?.errors.length,
      connections: server.connections,
      paths: server.requests.map((r) => r.path),
    }).toEqual({ firstFailed: 1, waitingFailed: 1, connections: 1, paths: ["/first"] });
  });

  it("Keep-Alive: timeout=1 is honoured (a connection idle 1.1 s is not reused)", async () => {
    const server = await raw((_request, socket) =>
      socket.write(ok("ok", "Keep-Alive: timeout=1\r\n")),
    );
    const p = pool({ keepAliveTimeout: 10_000 });
    await send(p, { origin: server.origin }).done;
    await sleep(1_100);
    await send(p, { origin: server.origin }).done;
    // The server said it closes idle sockets after 1 s; this one has been idle longer.
    expect(server.connections).toBe(2);
  });

  it("maxHeaderBytes holds when the whole oversized head arrives in one read", async () => {
    const server = await raw((_request, socket) =>
      socket.write(ok("ok", `X-Big: ${"b".repeat(2_000)}\r\n`)),
    );
    const result = await send(pool({ maxHeaderBytes: 1_024 }), { origin: server.origin }).done;
    expect(errorCodeOf(result.error)).toBe("BAD_RESPONSE");
  });

  it("bodyTimeout does not fire while the handler itself has paused the body", async () => {
    const server = await raw((_request, socket) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na");
      setTimeout(() => socket.write("bcd"), 20);
    });
    let paused = false;
    const sent = send(
      pool(),
      { origin: server.origin, bodyTimeout: 100 },
      {
        onData: () => {
          if (paused) return true;
          paused = true;
          return false;
        },
      },
    );
    await waitFor(() => paused, 1_000);
    await sleep(300); // a slow consumer, not a slow upstream
    sent.resume?.();
    const result = await sent.done;
    expect(result.error?.message).toBeUndefined();
    expect(result.body.toString()).toBe("abcd");
  });

  it("onData is not called again after it returned false, until resume()", async () => {
    const server = await raw((_request, socket) =>
      socket.write(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n",
      ),
    );
    const sent = send(pool(), { origin: server.origin }, { onData: () => false });
    await waitFor(() => sent.outcome.pieces > 0, 1_000);
    await sleep(50);
    expect(sent.outcome.pieces).toBe(1);
  });

  it("the connection limit holds while a stale connection's request is re-sent", async () => {
    const server = await raw((request, socket) => {
      if (request.connection === 1 && request.indexOnConnection === 2) socket.destroy();
      else setTimeout(() => socket.write(ok(request.path)), 30);
    });
    const p = pool({ connections: 1 });
    await send(p, { origin: server.origin, path: "/a" }).done;
    const [b, c] = await Promise.all([
      send(p, { origin: server.origin, path: "/b" }).done,
      send(p, { origin: server.origin, path: "/c" }).done,
    ]);
    expect([b.body.toString(), c.body.toString()]).toEqual(["/b", "/c"]);
    expect(server.maxOpen).toBe(1);
  });

  it("requests waiting for a connection are sent in the order they were dispatched", async () => {
    const server = await raw((request, socket) =>
      socket.write(ok(request.path, "Connection: close\r\n")),
    );
    const p = pool({ connections: 1 });
    const paths = ["/1", "/2", "/3", "/4", "/5"];
    await Promise.all(paths.map((path) => send(p, { origin: server.origin, path }).done));
    expect(server.requests.map((r) => r.path)).toEqual(paths);
  });

  it("a request path with CR/LF is refused instead of splitting the request", async () => {
    const server = await raw((_request, socket) => socket.write(ok()));
    const sent = send(pool(), {
      origin: server.origin,
      path: "/a HTTP/1.1\r\nX-Injected: yes\r\nX-Rest: /b",
    });
    const result = await within(sent.done, 500);
    expect({
      dispatched: sent.dispatched,
      error: errorCodeOf(result?.error),
      injected: server.requests.map((r) => r.headers["x-injected"]),
    }).toEqual({ dispatched: false, error: "BAD_REQUEST_HEADER", injected: [] });
  });
});
