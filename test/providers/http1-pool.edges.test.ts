/**
 * Http1Pool edge cases found in review (each once failed): closing and destroying with requests
 * in flight or waiting, short Keep-Alive hints, oversized heads in one read, pauses held by the
 * handler, the connection limit during a stale-connection retry, queue order, request splitting.
 */
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Http1Pool, type Http1PoolOptions } from "../../src/providers/index.js";
import {
  errorCodeOf,
  type Outcome,
  type ReceivedRequest,
  type ScriptedServer,
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

const ok = (body = "ok", extra = ""): string =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

/** The outcome, or undefined if the request has not settled within `ms`. */
async function within(done: Promise<Outcome>, ms: number): Promise<Outcome | undefined> {
  return Promise.race([done, sleep(ms).then(() => undefined)]);
}

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
