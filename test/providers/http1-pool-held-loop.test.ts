/**
 * An answer that arrived (or a connection that was made) while the gateway's event loop was held
 * up (a long synchronous task, a starved CPU) past a deadline is read, not thrown away as a
 * timeout. Timers run before the loop reads its sockets, so the pool (and the transport, for its
 * total deadline) must look at the socket before it gives up.
 *
 * The upstream runs in a worker thread, so it answers while this thread is blocked; it says when
 * its answer is written through shared memory, and this thread waits on that without the loop,
 * then until the kernel holds those bytes for it to read (written is not yet arrived: a body
 * sent after an unacknowledged head waits for the delayed acknowledgement, some 40 ms, longer
 * on a loaded machine) and the deadline has passed: conditions, not a guess of how long.
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createAnthropicMessagesTransport } from "../../src/providers/anthropic-messages.js";
import { createOpenAICompletionsTransport, Http1Pool } from "../../src/providers/index.js";
import type { StreamEvent, Transport, TransportCall } from "../../src/providers/types.js";
import { kimiCodeModel, moonshotModel } from "../helpers/models.js";
import { loopbackLookup, send, waitFor } from "./transport-helpers.js";

const UPSTREAM = `
const { createServer } = require("node:net");
const { parentPort, workerData } = require("node:worker_threads");
const written = new Int32Array(workerData.shared);
createServer((socket) => {
  let buffered = "";
  socket.on("data", (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf("\\r\\n\\r\\n")) >= 0) {
      buffered = buffered.slice(end + 4);
      const body = workerData.body;
      const head = "HTTP/1.1 200 OK\\r\\nContent-Length: " + body.length + "\\r\\n\\r\\n";
      // The head first, the body a moment later: a stalled body's deadline passes too.
      socket.write(head, () => {
        Atomics.add(written, 0, 1);
        Atomics.notify(written, 0);
        setTimeout(() => socket.write(body, () => {
          Atomics.add(written, 0, 1);
          Atomics.notify(written, 0);
        }), workerData.bodyAfterMs);
      });
    }
  });
}).listen(0, "127.0.0.1", function () {
  parentPort.postMessage(this.address().port);
});
`;

const workers: Worker[] = [];
const pools: Http1Pool[] = [];
const httpsServers: HttpsServer[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.destroy();
  for (const worker of workers.splice(0)) await worker.terminate();
  for (const server of httpsServers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function upstream(
  bodyAfterMs: number,
  body = "answer",
): Promise<{ origin: string; port: number; written: Int32Array }> {
  const shared = new SharedArrayBuffer(4);
  const worker = new Worker(UPSTREAM, {
    eval: true,
    workerData: { shared, body, bodyAfterMs },
  });
  workers.push(worker);
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return { origin: `http://127.0.0.1:${port}`, port, written: new Int32Array(shared) };
}

/**
 * Bytes the upstream on `port` sent and this side's kernel has not yet acknowledged (the
 * tx_queue of its connection in Linux's /proc/net/tcp), or undefined where the kernel does not
 * tell. At 0 all it wrote waits in this side's receive queue (or was read).
 */
function unacknowledged(port: number): number | undefined {
  let table: string;
  try {
    table = readFileSync("/proc/net/tcp", "utf8");
  } catch {
    return undefined;
  }
  const local = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let sum = 0;
  for (const line of table.split("\n").slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue …; 01 is an established connection.
    const [, address, , state, queues] = line.trim().split(/\s+/);
    if (address?.endsWith(local) && state === "01")
      sum += Number.parseInt(queues?.split(":")[0] ?? "0", 16);
  }
  return sum;
}

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Blocks this thread (the event loop with it) until the upstream wrote `count` pieces, this
 * side's kernel has received all of them, and `deadline` (a performance.now() time) has passed.
 * Where the kernel does not tell what it received, a second after the writes stands in.
 */
function holdLoop(written: Int32Array, port: number, count: number, deadline: number): void {
  for (let seen = Atomics.load(written, 0); seen < count; seen = Atomics.load(written, 0))
    Atomics.wait(written, 0, seen, 10_000);
  if (unacknowledged(port) === undefined) pause(1_000);
  else while ((unacknowledged(port) ?? 0) > 0) pause(5);
  const left = deadline - performance.now();
  if (left > 0) pause(Math.ceil(left) + 1);
}

describe("an answer read after the event loop was held past a deadline", () => {
  it("is the answer, not a first-byte (HEADERS_TIMEOUT) or idle (BODY_TIMEOUT) failure", async () => {
    const server = await upstream(5);
    const pool = new Http1Pool({ keepAliveTimeout: 10_000 });
    pools.push(pool);
    // A first request opens the keep-alive connection, so the next one is written at once.
    const warm = await send(pool, { origin: server.origin }).done;
    expect(warm.error).toBeUndefined();
    const before = Atomics.load(server.written, 0);

    const sentAt = performance.now();
    const sent = send(pool, { origin: server.origin, headersTimeout: 20, bodyTimeout: 20 });
    // Held past the first-byte deadline while the head arrives…
    holdLoop(server.written, server.port, before + 1, sentAt + 20);
    // …then, once the head is read, past the idle deadline while the body arrives.
    await new Promise((resolve) => setImmediate(resolve));
    holdLoop(server.written, server.port, before + 2, performance.now() + 20);
    const result = await sent.done;

    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe("answer");
  });
});

describe("a connection made, or an answer ended, while the event loop was held past a deadline", () => {
  it("is the connection, not a connect timeout (CONNECT_TIMEOUT)", async () => {
    const server = await upstream(0);
    const pool = new Http1Pool({ keepAliveTimeout: 10_000, connectTimeout: 20 });
    pools.push(pool);

    const sent = send(pool, { origin: server.origin });
    // The socket starts connecting on the next tick; the kernel completes the loopback connect
    // while this thread is held past the connect deadline.
    await new Promise((resolve) => process.nextTick(resolve));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60);
    const result = await sent.done;

    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe("answer");
  });

  it("over TLS, is the connection, not a connect timeout: the handshake after it gets its time", async () => {
    const fixtures = join(import.meta.dirname, "..", "fixtures", "tls");
    const cert = readFileSync(join(fixtures, "cert.pem"));
    const key = readFileSync(join(fixtures, "key.pem"));
    const server = createHttpsServer({ cert, key }, (_req, res) => res.end("answer"));
    httpsServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `https://api.moonshot.ai:${(server.address() as AddressInfo).port}`;
    const pool = new Http1Pool({ ca: cert, lookup: loopbackLookup, connectTimeout: 200 });
    pools.push(pool);

    const sent = send(pool, { origin });
    // The TCP connection is made while this thread is held past the connect deadline; the
    // handshake on top of it has not begun, and needs more than one read of the socket.
    await new Promise((resolve) => process.nextTick(resolve));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    const result = await sent.done;

    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe("answer");
  });

  /**
   * Runs `call` on `transport` (over a pool to an upstream that answers `answer`) with a total
   * timeout of 100 ms, holding the event loop past it while the whole answer (head, then body)
   * arrives; the text the answer's events carry.
   */
  async function heldPastTotal(
    answer: string,
    transport: (pool: Http1Pool) => Transport,
    call: (origin: string) => Omit<TransportCall, "timeouts">,
  ): Promise<{ text: string; done: boolean }> {
    const TOTAL_MS = 100;
    const server = await upstream(5, answer);
    const pool = new Http1Pool({ keepAliveTimeout: 10_000 });
    pools.push(pool);
    // A first request opens the keep-alive connection, so the call is written at once. Its body
    // may be read before the upstream counts it written: the count is taken once it has.
    const warm = await send(pool, { origin: server.origin }).done;
    expect(warm.error).toBeUndefined();
    expect(await waitFor(() => Atomics.load(server.written, 0) === 2)).toBe(true);
    const before = Atomics.load(server.written, 0);

    // Sent and held from the loop's check phase, so that after the hold its timers run before
    // it reads the sockets again (from its timers phase, the sockets could be read first).
    await new Promise((resolve) => setImmediate(resolve));
    // run() dispatches at once (stream() would wait for the first read), so the hold comes after.
    const { run } = transport(pool);
    if (run === undefined) throw new Error("the transport has run()");
    const events: StreamEvent[] = [];
    const startedAt = performance.now();
    const done = run({ ...call(server.origin), timeouts: { totalMs: TOTAL_MS } }, (event) => {
      events.push(event);
    });
    // Held past the total deadline while the whole answer (head, then body) arrives.
    holdLoop(server.written, server.port, before + 2, startedAt + TOTAL_MS);
    await done;

    return {
      text: events.map((event) => (event.type === "text" ? event.delta : "")).join(""),
      done: events.some((event) => event.type === "done"),
    };
  }

  it("is the whole answer, not a total timeout (totalMs)", async () => {
    const completion = JSON.stringify({
      id: "chatcmpl-held",
      object: "chat.completion",
      model: "kimi-k2.5",
      choices: [
        { index: 0, message: { role: "assistant", content: "held" }, finish_reason: "stop" },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
    const result = await heldPastTotal(
      completion,
      (pool) => createOpenAICompletionsTransport({ dispatcher: pool }),
      (origin) => ({
        model: moonshotModel("kimi-k2.5", { baseUrl: `${origin}/v1` }),
        request: { messages: [{ role: "user", content: "hi" }] },
        apiKey: "sk-held-loop",
        stream: false,
      }),
    );
    expect(result).toEqual({ text: "held", done: true });
  });

  it("over api anthropic-messages, is the whole answer, not a total timeout (totalMs)", async () => {
    const message = JSON.stringify({
      id: "msg_held",
      type: "message",
      role: "assistant",
      model: "kimi-for-coding",
      content: [{ type: "text", text: "held" }],
      stop_reason: "end_turn",
      usage: { input_tokens: 3, output_tokens: 1 },
    });
    const result = await heldPastTotal(
      message,
      (pool) => createAnthropicMessagesTransport({ dispatcher: pool }),
      (origin) => ({
        model: kimiCodeModel({ api: "anthropic-messages", baseUrl: `${origin}/coding` }),
        request: { messages: [{ role: "user", content: "hi" }] },
        apiKey: "sk-held-loop",
        stream: false,
      }),
    );
    expect(result).toEqual({ text: "held", done: true });
  });
});
