/**
 * Shared bits for the transport tests: a private pool, a run-to-completion helper, error capture;
 * and for the Http1Pool tests: scripted loopback servers and a recording dispatch handler.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import {
  type AddressInfo,
  createServer as createNetServer,
  type LookupFunction,
  type Server,
  type Socket,
} from "node:net";
import type { ResolvedModel } from "../../src/catalog/types.js";
import {
  createOpenAICompletionsTransport,
  Http1Pool,
  ProviderError,
  type UpstreamDispatcher,
  type UpstreamRequest,
} from "../../src/providers/index.js";
import type { ChatRequest, StreamEvent, Timeouts, Transport } from "../../src/providers/types.js";

export { closedPort } from "../helpers/net.js";
export { waitFor } from "../helpers/wait.js";

/** Resolves every host name to 127.0.0.1, so `api.moonshot.cn:<port>` reaches the simulator. */
export const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  if (options.all) {
    (callback as (e: null, addresses: Array<{ address: string; family: number }>) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  } else callback(null, "127.0.0.1", 4);
};

/**
 * A transport on its own `Http1Pool` (the default upstream client), so each test file closes
 * what it opened. `agent` is the pool (the name predates the pool replacing undici's Agent).
 */
export function testTransport(loopbackHosts = false): { transport: Transport; agent: Http1Pool } {
  const agent = new Http1Pool({
    keepAliveTimeout: 2_000,
    ...(loopbackHosts ? { lookup: loopbackLookup } : {}),
  });
  return { transport: createOpenAICompletionsTransport({ dispatcher: agent }), agent };
}

export interface RunOptions {
  apiKey: string | undefined;
  stream?: boolean;
  signal?: AbortSignal;
  timeouts?: Timeouts;
}

export async function collect(
  transport: Transport,
  model: ResolvedModel,
  request: ChatRequest,
  options: RunOptions,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of transport.stream({
    model,
    request,
    apiKey: options.apiKey,
    stream: options.stream ?? true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  })) {
    events.push(event);
  }
  return events;
}

export async function failure(run: Promise<unknown>): Promise<ProviderError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

export function doneOf(events: StreamEvent[]): Extract<StreamEvent, { type: "done" }> {
  const done = events.find((e): e is Extract<StreamEvent, { type: "done" }> => e.type === "done");
  if (!done) throw new Error("no done event");
  return done;
}

// --- Loopback servers and a recording handler for the Http1Pool tests ---

/** One request as a scripted server parsed it off the wire. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** Header names lower-cased; a repeated header keeps its last value. */
  headers: Record<string, string>;
  /** How many times each (lower-cased) header name appeared. */
  headerCounts: Record<string, number>;
  body: Buffer;
  /** 1-based number of the server connection it came on. */
  connection: number;
  /** 1-based number of this request on its connection. */
  indexOnConnection: number;
}

/** Connection bookkeeping shared by the raw and the node:http test servers. */
export interface ServerStats {
  port: number;
  origin: string;
  /** Connections accepted so far. */
  connections: number;
  /** Connections open now. */
  open: number;
  /** Most connections open at the same time. */
  maxOpen: number;
  /** Connections the client (or the server) has closed. */
  closed: number;
  sockets: Socket[];
  close(): Promise<void>;
}

export interface ScriptedServer extends ServerStats {
  requests: ReceivedRequest[];
  /** Raw bytes received per connection (index 0 = connection 1). */
  received: Buffer[];
}

function track(server: Server, stats: Omit<ServerStats, "close" | "port" | "origin">): void {
  server.on("connection", (socket: Socket) => {
    stats.connections++;
    stats.open++;
    stats.maxOpen = Math.max(stats.maxOpen, stats.open);
    stats.sockets.push(socket);
    socket.on("close", () => {
      stats.open--;
      stats.closed++;
    });
  });
}

/** Fresh counters for `server`, kept up to date from its connections from now on. */
function tracked(server: Server): ServerStats {
  const stats: ServerStats = {
    port: 0,
    origin: "",
    connections: 0,
    open: 0,
    maxOpen: 0,
    closed: 0,
    sockets: [],
    close: closer(server, []),
  };
  track(server, stats);
  return stats;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: Server, sockets: Socket[]): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/**
 * A `node:net` server that parses requests (head + content-length body, keep-alive) and hands
 * each to `onRequest` with its socket, which answers with whatever bytes the test scripts.
 */
export async function scriptedServer(
  onRequest: (request: ReceivedRequest, socket: Socket) => void,
): Promise<ScriptedServer> {
  const server = createNetServer();
  // The same object the connection hooks update, with the request log added.
  const stats: ScriptedServer = Object.assign(tracked(server), {
    requests: [] as ReceivedRequest[],
    received: [] as Buffer[],
  });
  server.on("connection", (socket: Socket) => {
    const connection = stats.connections;
    let buffered = Buffer.alloc(0);
    let served = 0;
    stats.received[connection - 1] = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      stats.received[connection - 1] = Buffer.concat([
        stats.received[connection - 1] as Buffer,
        chunk,
      ]);
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buffered.toString("latin1", 0, end).split("\r\n");
        const [method = "", path = ""] = (lines[0] ?? "").split(" ");
        const headers: Record<string, string> = {};
        const headerCounts: Record<string, number> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(":");
          const name = line.slice(0, colon).trim().toLowerCase();
          headers[name] = line.slice(colon + 1).trim();
          headerCounts[name] = (headerCounts[name] ?? 0) + 1;
        }
        const length = Number(headers["content-length"] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = buffered.subarray(end + 4, end + 4 + length);
        buffered = buffered.subarray(end + 4 + length);
        served++;
        const request: ReceivedRequest = {
          method,
          path,
          headers,
          headerCounts,
          body,
          connection,
          indexOnConnection: served,
        };
        stats.requests.push(request);
        onRequest(request, socket);
        if (socket.destroyed) return;
      }
    });
  });
  stats.port = await listen(server);
  stats.origin = `http://127.0.0.1:${stats.port}`;
  stats.close = closer(server, stats.sockets);
  return stats;
}

/** A `node:http` server for ordinary traffic, with the same connection counts. */
export async function httpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<ServerStats> {
  const server = createHttpServer(handler);
  const stats = tracked(server);
  stats.port = await listen(server);
  stats.origin = `http://127.0.0.1:${stats.port}`;
  stats.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return stats;
}

/** What a handler saw, in order. */
export interface Outcome {
  status: number;
  statusText: string;
  /** Raw header list as strings: name, value, name, value… */
  headers: string[];
  body: Buffer;
  /** onData calls. */
  pieces: number;
  headerCalls: number;
  completes: number;
  errors: Error[];
  error: Error | undefined;
  /** Callback names in call order. */
  calls: string[];
}

export interface Sent {
  /** Settles at the first onComplete or onError (never rejects). */
  done: Promise<Outcome>;
  outcome: Outcome;
  /** What `dispatch` returned. */
  dispatched: boolean;
  /** The abort function given to onConnect. */
  abort: ((error?: Error) => void) | undefined;
  /** The last `resume` given to onHeaders. */
  resume: (() => void) | undefined;
}

export interface Hooks {
  onConnect?(abort: (error?: Error) => void): void;
  /** Return false to pause. */
  onHeaders?(status: number, resume: () => void): boolean | undefined;
  /** Return false to pause. */
  onData?(chunk: Buffer, outcome: Outcome): boolean | undefined;
}

/** Dispatches one request with a recording handler. */
export function send(
  dispatcher: UpstreamDispatcher,
  request: Partial<UpstreamRequest> & { origin: string },
  hooks: Hooks = {},
): Sent {
  const outcome: Outcome = {
    status: 0,
    statusText: "",
    headers: [],
    body: Buffer.alloc(0),
    pieces: 0,
    headerCalls: 0,
    completes: 0,
    errors: [],
    error: undefined,
    calls: [],
  };
  const chunks: Buffer[] = [];
  let settle!: () => void;
  const done = new Promise<Outcome>((resolve) => {
    settle = () => {
      outcome.body = Buffer.concat(chunks);
      resolve(outcome);
    };
  });
  const sent: Sent = { done, outcome, dispatched: false, abort: undefined, resume: undefined };
  sent.dispatched = dispatcher.dispatch(
    { method: "GET", path: "/", headers: {}, ...request },
    {
      onConnect(abort) {
        outcome.calls.push("connect");
        sent.abort = abort;
        hooks.onConnect?.(abort);
      },
      onHeaders(status, raw, resume, statusText) {
        outcome.calls.push("headers");
        outcome.headerCalls++;
        outcome.status = status;
        outcome.statusText = statusText;
        outcome.headers = raw.map(String);
        sent.resume = resume;
        return hooks.onHeaders?.(status, resume) ?? true;
      },
      onData(chunk) {
        outcome.calls.push("data");
        outcome.pieces++;
        chunks.push(Buffer.from(chunk));
        return hooks.onData?.(chunk, outcome) ?? true;
      },
      onComplete() {
        outcome.calls.push("complete");
        outcome.completes++;
        settle();
      },
      onError(error) {
        outcome.calls.push("error");
        outcome.errors.push(error);
        outcome.error ??= error;
        settle();
      },
    },
  );
  return sent;
}

/** The value of a header in a raw list (case-insensitive), or undefined. */
export function headerOf(raw: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2)
    if ((raw[i] as string).toLowerCase() === name) return raw[i + 1];
  return undefined;
}

export function errorCodeOf(error: Error | undefined): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
