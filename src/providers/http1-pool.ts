/**
 * A lean HTTP/1.1 client for upstream calls: keep-alive connections per origin over node:net or
 * node:tls, one write per request, an incremental response parser (content-length, chunked,
 * read-until-close), and nothing else. It speaks the same `dispatch(options, handler)` shape as
 * undici's dispatchers, so the transport can run on either.
 *
 * Why not undici: on a loopback upstream undici costs about twice the CPU per request of this
 * client (measured with `bench/gateway.ts`), and the gateway spends most of its time here.
 */
import { type LookupFunction, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

/** One request, as the transport describes it (a subset of undici's DispatchOptions). */
export interface UpstreamRequest {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Time allowed from sending the request to receiving the response head (0 = none). */
  headersTimeout?: number;
  /** Time allowed between two pieces of the response body (0 = none). */
  bodyTimeout?: number;
}

/** Callbacks for one request (the shape of undici's legacy dispatch handler). */
export interface UpstreamHandler {
  /** Called at once; `abort` cancels the request and closes its connection. */
  onConnect?(abort: (error?: Error) => void): void;
  /** Raw header list: name, value, name, value… Return false to pause until `resume()`. */
  onHeaders?(
    statusCode: number,
    rawHeaders: Array<Buffer | string>,
    resume: () => void,
    statusText: string,
  ): boolean;
  /** A piece of the body. Return false to pause reading until `resume()`. */
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: unknown): void;
  onError?(error: Error): void;
}

/** Anything that can carry an upstream request: this pool, or an undici Agent/Pool. */
export interface UpstreamDispatcher {
  dispatch(request: UpstreamRequest, handler: UpstreamHandler): boolean;
}

export interface Http1PoolOptions {
  /** Connections per origin at most; further requests wait for one. Default 128. */
  connections?: number;
  /** How long an idle connection is kept (capped by the server's own `Keep-Alive: timeout`). */
  keepAliveTimeout?: number;
  /** Time allowed to open a connection (TCP and TLS). Default 10 s. */
  connectTimeout?: number;
  /** Custom DNS lookup (tests use it to send real host names to 127.0.0.1). */
  lookup?: LookupFunction;
  /** Largest response head accepted. Default 64 KiB. */
  maxHeaderBytes?: number;
}

/** A transport-level failure, with a stable code the transport turns into words. */
export class UpstreamHttpError extends Error {
  constructor(
    readonly code:
      | "HEADERS_TIMEOUT"
      | "BODY_TIMEOUT"
      | "CONNECT_TIMEOUT"
      | "UPSTREAM_CLOSED"
      | "BAD_RESPONSE"
      | "BAD_REQUEST_HEADER"
      | "POOL_CLOSED",
    message: string,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

const CRLF2 = Buffer.from("\r\n\r\n");
const INVALID_HEADER = /[\r\n\0]/;
const IDLE_SWEEP_MS = 1_000;

interface Origin {
  key: string;
  secure: boolean;
  hostname: string;
  port: number;
  hostHeader: string;
  idle: Connection[];
  busy: number;
  queue: Exchange[];
  /** Server's `Keep-Alive: timeout`, less a margin, when it sent one. */
  serverKeepAliveMs: number | undefined;
  tlsSession: Buffer | undefined;
}

enum Phase {
  Head = 0,
  Length = 1,
  ChunkSize = 2,
  ChunkData = 3,
  ChunkDataEnd = 4,
  Trailers = 5,
  UntilClose = 6,
  Done = 7,
}

/** One request in flight (or waiting for a connection). */
class Exchange {
  connection: Connection | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  finished = false;
  attempts = 0;
  constructor(
    readonly origin: Origin,
    readonly request: UpstreamRequest,
    readonly handler: UpstreamHandler,
    readonly payload: string,
    readonly pool: Http1Pool,
  ) {}

  readonly abort = (error?: Error): void => {
    if (this.finished) return;
    this.fail(error ?? new Error("request aborted"));
  };

  fail(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    const connection = this.connection;
    this.connection = undefined;
    if (connection) connection.destroyFor(this);
    else this.pool.unqueue(this);
    try {
      this.handler.onError?.(error);
    } catch {
      // A handler that throws while being told of an error has nothing left to tell.
    }
  }

  clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function onExchangeTimeout(exchange: Exchange, code: "HEADERS_TIMEOUT" | "BODY_TIMEOUT"): void {
  exchange.timer = undefined;
  const ms =
    code === "HEADERS_TIMEOUT" ? exchange.request.headersTimeout : exchange.request.bodyTimeout;
  exchange.fail(
    new UpstreamHttpError(
      code,
      code === "HEADERS_TIMEOUT" ? `no response head within ${ms} ms` : `no body data for ${ms} ms`,
    ),
  );
}

/** One keep-alive connection and its response parser. */
class Connection {
  readonly socket: Socket;
  exchange: Exchange | undefined;
  /** Requests this connection has carried; a reused one may have been closed by the server. */
  served = 0;
  idleSince = 0;
  private connected = false;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private phase = Phase.Head;
  private head: Buffer | undefined;
  private remaining = 0;
  private sizeLine = "";
  private bytesReceived = 0;
  private keepAlive = true;
  private paused = false;
  private noBody = false;

  constructor(
    readonly origin: Origin,
    private readonly pool: Http1Pool,
    options: { connectTimeout: number; lookup: LookupFunction | undefined },
  ) {
    const lookup = options.lookup ? { lookup: options.lookup } : {};
    if (origin.secure) {
      this.socket = tlsConnect({
        host: origin.hostname,
        port: origin.port,
        servername: isIpAddress(origin.hostname) ? "" : origin.hostname,
        ALPNProtocols: ["http/1.1"],
        ...(origin.tlsSession ? { session: origin.tlsSession } : {}),
        ...lookup,
      });
      this.socket.on("session", (session: Buffer) => {
        origin.tlsSession = session;
      });
      this.socket.once("secureConnect", () => this.onConnected());
    } else {
      this.socket = netConnect({ host: origin.hostname, port: origin.port, ...lookup });
      this.socket.once("connect", () => this.onConnected());
    }
    this.socket.setNoDelay(true);
    if (options.connectTimeout > 0) {
      this.connectTimer = setTimeout(() => {
        this.connectTimer = undefined;
        this.onSocketGone(
          new UpstreamHttpError(
            "CONNECT_TIMEOUT",
            `could not connect to ${origin.key} within ${options.connectTimeout} ms`,
          ),
        );
      }, options.connectTimeout);
    }
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("end", () => this.onEnd());
    this.socket.on("error", (error: Error) => this.onSocketGone(error));
    this.socket.on("close", () => this.onSocketGone(undefined));
  }

  /** Sends `exchange` on this connection (connected or not yet). */
  assign(exchange: Exchange): void {
    this.exchange = exchange;
    exchange.connection = this;
    exchange.attempts++;
    this.phase = Phase.Head;
    this.head = undefined;
    this.bytesReceived = 0;
    this.keepAlive = true;
    this.noBody = exchange.request.method === "HEAD";
    const headersTimeout = exchange.request.headersTimeout ?? 0;
    if (headersTimeout > 0)
      exchange.timer = setTimeout(onExchangeTimeout, headersTimeout, exchange, "HEADERS_TIMEOUT");
    if (this.connected) this.socket.write(exchange.payload);
  }

  private onConnected(): void {
    this.connected = true;
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    if (this.exchange) this.socket.write(this.exchange.payload);
  }

  /** The exchange gave up (error, cancel, timeout): this connection is in an unknown state. */
  destroyFor(exchange: Exchange): void {
    if (this.exchange !== exchange) return;
    this.exchange = undefined;
    this.pool.release(this, false);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const exchange = this.exchange;
    if (exchange === undefined) {
      // Bytes nobody asked for: the connection cannot be trusted any more.
      this.pool.release(this, false);
      this.socket.destroy();
      return;
    }
    this.bytesReceived += chunk.length;
    try {
      this.parse(exchange, chunk);
    } catch (error) {
      exchange.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private parse(exchange: Exchange, input: Buffer): void {
    let chunk = input;
    while (chunk.length > 0 && this.exchange === exchange && !exchange.finished) {
      switch (this.phase) {
        case Phase.Head: {
          const buffered = this.head ? Buffer.concat([this.head, chunk]) : chunk;
          const end = buffered.indexOf(CRLF2);
          if (end < 0) {
            if (buffered.length > this.pool.maxHeaderBytes)
              throw new UpstreamHttpError("BAD_RESPONSE", "the response head is too large");
            this.head = buffered;
            return;
          }
          this.head = undefined;
          chunk = buffered.subarray(end + 4);
          this.onHead(exchange, buffered.toString("latin1", 0, end));
          break;
        }
        case Phase.Length: {
          const take = Math.min(this.remaining, chunk.length);
          const piece = take === chunk.length ? chunk : chunk.subarray(0, take);
          chunk = chunk.subarray(take);
          this.remaining -= take;
          this.deliver(exchange, piece);
          if (this.remaining === 0) {
            if (chunk.length > 0) this.keepAlive = false; // bytes beyond the declared length
            this.complete(exchange);
          }
          break;
        }
        case Phase.UntilClose:
          this.deliver(exchange, chunk);
          return;
        case Phase.ChunkSize: {
          const lineEnd = chunk.indexOf(10); // \n
          if (lineEnd < 0) {
            this.sizeLine += chunk.toString("latin1");
            if (this.sizeLine.length > 1024)
              throw new UpstreamHttpError("BAD_RESPONSE", "a chunk size line is too long");
            return;
          }
          const line = this.sizeLine + chunk.toString("latin1", 0, lineEnd);
          this.sizeLine = "";
          chunk = chunk.subarray(lineEnd + 1);
          const size = parseChunkSize(line);
          if (size === 0) this.phase = Phase.Trailers;
          else {
            this.remaining = size;
            this.phase = Phase.ChunkData;
          }
          break;
        }
        case Phase.ChunkData: {
          const take = Math.min(this.remaining, chunk.length);
          const piece = take === chunk.length ? chunk : chunk.subarray(0, take);
          chunk = chunk.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) {
            this.phase = Phase.ChunkDataEnd;
            this.remaining = 2; // the CRLF after the data
          }
          this.deliver(exchange, piece);
          break;
        }
        case Phase.ChunkDataEnd: {
          const take = Math.min(this.remaining, chunk.length);
          chunk = chunk.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) this.phase = Phase.ChunkSize;
          break;
        }
        case Phase.Trailers: {
          // Trailer lines until an empty one; their content is not used.
          const lineEnd = chunk.indexOf(10);
          if (lineEnd < 0) {
            this.sizeLine += chunk.toString("latin1");
            if (this.sizeLine.length > this.pool.maxHeaderBytes)
              throw new UpstreamHttpError("BAD_RESPONSE", "the response trailers are too large");
            return;
          }
          const line = this.sizeLine + chunk.toString("latin1", 0, lineEnd);
          this.sizeLine = "";
          chunk = chunk.subarray(lineEnd + 1);
          if (line === "" || line === "\r") {
            if (chunk.length > 0) this.keepAlive = false; // bytes beyond the last chunk
            this.complete(exchange);
          }
          break;
        }
        case Phase.Done:
          // Bytes after a complete response: not a connection to keep.
          this.keepAlive = false;
          return;
      }
    }
  }

  private onHead(exchange: Exchange, head: string): void {
    const lines = head.split("\r\n");
    const statusLine = lines[0] ?? "";
    const match = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!match)
      throw new UpstreamHttpError(
        "BAD_RESPONSE",
        `the upstream did not answer with HTTP/1.x (${JSON.stringify(statusLine.slice(0, 40))})`,
      );
    const minor = match[1];
    const status = Number(match[2]);
    let contentLength = -1;
    let chunked = false;
    let connection = "";
    const raw: string[] = [];
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(":");
      if (colon <= 0)
        throw new UpstreamHttpError("BAD_RESPONSE", "a response header line is malformed");
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      raw.push(name, value);
      switch (name.length) {
        case 10:
          if (name.toLowerCase() === "connection") connection = value.toLowerCase();
          else if (name.toLowerCase() === "keep-alive") this.noteKeepAlive(value);
          break;
        case 14:
          if (name.toLowerCase() === "content-length") {
            const length = /^\d+$/.test(value) ? Number(value) : Number.NaN;
            if (!Number.isSafeInteger(length) || (contentLength >= 0 && contentLength !== length))
              throw new UpstreamHttpError(
                "BAD_RESPONSE",
                "the response has an invalid content-length",
              );
            contentLength = length;
          }
          break;
        case 17:
          if (name.toLowerCase() === "transfer-encoding")
            chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
          break;
      }
    }
    if (status >= 100 && status < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      if (status === 101) throw new UpstreamHttpError("BAD_RESPONSE", "unexpected protocol switch");
      this.phase = Phase.Head;
      return;
    }
    this.keepAlive =
      minor === "1" ? !connection.includes("close") : connection.includes("keep-alive");
    if (exchange.timer !== undefined) {
      clearTimeout(exchange.timer);
      exchange.timer = undefined;
    }
    const bodyTimeout = exchange.request.bodyTimeout ?? 0;
    if (this.noBody || status === 204 || status === 304) this.phase = Phase.Done;
    else if (chunked) this.phase = Phase.ChunkSize;
    else if (contentLength >= 0) {
      this.phase = contentLength === 0 ? Phase.Done : Phase.Length;
      this.remaining = contentLength;
    } else {
      this.phase = Phase.UntilClose;
      this.keepAlive = false;
    }
    if (this.phase !== Phase.Done && bodyTimeout > 0)
      exchange.timer = setTimeout(onExchangeTimeout, bodyTimeout, exchange, "BODY_TIMEOUT");
    const goOn = exchange.handler.onHeaders?.(status, raw, this.resume, match[3] ?? "") ?? true;
    if (!goOn) this.pause();
    if (this.phase === Phase.Done && this.exchange === exchange && !exchange.finished)
      this.complete(exchange);
  }

  private noteKeepAlive(value: string): void {
    const match = /timeout\s*=\s*(\d+)/i.exec(value);
    if (!match) return;
    // Leave a second's margin so the pool never sends on a connection the server is closing.
    const ms = Number(match[1]) * 1000 - 1000;
    if (ms > 0) this.origin.serverKeepAliveMs = ms;
  }

  private deliver(exchange: Exchange, piece: Buffer): void {
    if (piece.length === 0) return;
    exchange.timer?.refresh();
    const goOn = exchange.handler.onData?.(piece) ?? true;
    if (!goOn) this.pause();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  private readonly resume = (): void => {
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
  };

  private complete(exchange: Exchange): void {
    this.phase = Phase.Done;
    exchange.finished = true;
    exchange.clearTimer();
    exchange.connection = undefined;
    this.exchange = undefined;
    this.served++;
    this.resume();
    this.pool.release(this, this.keepAlive && !this.socket.destroyed);
    if (!this.keepAlive) this.socket.destroy();
    exchange.handler.onComplete?.(null);
  }

  private onEnd(): void {
    const exchange = this.exchange;
    if (exchange && this.phase === Phase.UntilClose) {
      this.keepAlive = false;
      this.complete(exchange);
      return;
    }
    this.onSocketGone(undefined);
  }

  /** The socket failed or closed. */
  private onSocketGone(error: Error | undefined): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const exchange = this.exchange;
    this.exchange = undefined;
    this.pool.release(this, false);
    if (!this.socket.destroyed) this.socket.destroy();
    if (!exchange || exchange.finished) return;
    exchange.connection = undefined;
    // A reused keep-alive connection the server had just closed, before any answer: the request
    // was not processed, so it is sent once more on a fresh connection.
    if (this.served > 0 && this.bytesReceived === 0 && exchange.attempts === 1) {
      exchange.clearTimer();
      this.pool.retry(exchange);
      return;
    }
    exchange.fail(
      error ??
        new UpstreamHttpError(
          "UPSTREAM_CLOSED",
          this.phase === Phase.Head
            ? "the upstream closed the connection before answering"
            : "the upstream closed the connection in the middle of the answer",
        ),
    );
  }
}

function parseChunkSize(line: string): number {
  const semicolon = line.indexOf(";");
  const text = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
  if (!/^[0-9a-fA-F]{1,12}$/.test(text))
    throw new UpstreamHttpError("BAD_RESPONSE", "the response has a malformed chunk size");
  return Number.parseInt(text, 16);
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

/** Serializes one request: head and body in a single string, so one write sends it. */
function serialize(origin: Origin, request: UpstreamRequest): string {
  const body = request.body ?? "";
  let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: ${origin.hostHeader}\r\n`;
  for (const name in request.headers) {
    const value = request.headers[name] as string;
    if (INVALID_HEADER.test(name) || INVALID_HEADER.test(value))
      throw new UpstreamHttpError(
        "BAD_REQUEST_HEADER",
        `header "${name.replace(/[^\x20-\x7e]/g, "?")}" contains a line break or NUL`,
      );
    const lower = name.toLowerCase();
    if (lower === "host" || lower === "content-length" || lower === "connection") continue;
    head += `${name}: ${value}\r\n`;
  }
  if (request.body !== undefined || request.method === "POST" || request.method === "PUT")
    head += `content-length: ${Buffer.byteLength(body)}\r\n`;
  return `${head}\r\n${body}`;
}

/** Keep-alive HTTP/1.1 connections to any number of origins. */
export class Http1Pool implements UpstreamDispatcher {
  readonly maxHeaderBytes: number;
  private readonly origins = new Map<string, Origin>();
  private readonly connections: number;
  private readonly keepAliveTimeout: number;
  private readonly connectTimeout: number;
  private readonly lookup: LookupFunction | undefined;
  private readonly all = new Set<Connection>();
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(options: Http1PoolOptions = {}) {
    this.connections = options.connections ?? 128;
    this.keepAliveTimeout = options.keepAliveTimeout ?? 4_000;
    this.connectTimeout = options.connectTimeout ?? 10_000;
    this.lookup = options.lookup;
    this.maxHeaderBytes = options.maxHeaderBytes ?? 64 * 1024;
  }

  dispatch(request: UpstreamRequest, handler: UpstreamHandler): boolean {
    let exchange: Exchange | undefined;
    try {
      if (this.closed) throw new UpstreamHttpError("POOL_CLOSED", "the connection pool is closed");
      const origin = this.originOf(request.origin);
      exchange = new Exchange(origin, request, handler, serialize(origin, request), this);
    } catch (error) {
      handler.onError?.(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
    handler.onConnect?.(exchange.abort);
    if (exchange.finished) return false;
    this.send(exchange);
    return true;
  }

  /** Sends again on a fresh connection (after a stale keep-alive one failed). */
  retry(exchange: Exchange): void {
    this.send(exchange, true);
  }

  /** Takes a connection back: idle if it can carry another request, else forgotten. */
  release(connection: Connection, reusable: boolean): void {
    const origin = connection.origin;
    if (this.all.has(connection) && connection.exchange === undefined) {
      const index = origin.idle.indexOf(connection);
      if (index < 0 && !reusable) {
        this.all.delete(connection);
        origin.busy--;
      } else if (index < 0) {
        origin.busy--;
        connection.idleSince = Date.now();
        origin.idle.push(connection);
        this.ensureSweeper();
      } else if (!reusable) {
        origin.idle.splice(index, 1);
        this.all.delete(connection);
      }
    }
    const next = origin.queue.shift();
    if (next) this.send(next);
  }

  unqueue(exchange: Exchange): void {
    const queue = exchange.origin.queue;
    const index = queue.indexOf(exchange);
    if (index >= 0) queue.splice(index, 1);
  }

  /** Closes idle connections now and the rest as their requests end. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const origin of this.origins.values()) {
      for (const connection of origin.idle.splice(0)) {
        this.all.delete(connection);
        connection.socket.destroy();
      }
    }
  }

  /** Closes every connection at once, failing requests in flight. */
  async destroy(): Promise<void> {
    await this.close();
    for (const connection of [...this.all]) connection.socket.destroy();
  }

  private send(exchange: Exchange, fresh = false): void {
    const origin = exchange.origin;
    if (!fresh) {
      const limit = this.idleLimit(origin);
      const now = Date.now();
      let connection = origin.idle.pop();
      while (connection && (connection.socket.destroyed || now - connection.idleSince > limit)) {
        this.all.delete(connection);
        connection.socket.destroy();
        connection = origin.idle.pop();
      }
      if (connection) {
        origin.busy++;
        connection.assign(exchange);
        return;
      }
      if (origin.busy >= this.connections) {
        origin.queue.push(exchange);
        return;
      }
    }
    const connection = new Connection(origin, this, {
      connectTimeout: this.connectTimeout,
      lookup: this.lookup,
    });
    this.all.add(connection);
    origin.busy++;
    connection.assign(exchange);
  }

  private idleLimit(origin: Origin): number {
    const server = origin.serverKeepAliveMs;
    return server === undefined ? this.keepAliveTimeout : Math.min(server, this.keepAliveTimeout);
  }

  private ensureSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), IDLE_SWEEP_MS);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = Date.now();
    let idle = 0;
    for (const origin of this.origins.values()) {
      const limit = this.idleLimit(origin);
      origin.idle = origin.idle.filter((connection) => {
        if (now - connection.idleSince <= limit && !connection.socket.destroyed) return true;
        this.all.delete(connection);
        connection.socket.destroy();
        return false;
      });
      idle += origin.idle.length;
    }
    if (idle === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private originOf(text: string): Origin {
    let origin = this.origins.get(text);
    if (origin) return origin;
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new UpstreamHttpError("BAD_REQUEST_HEADER", `unsupported protocol ${url.protocol}`);
    const secure = url.protocol === "https:";
    const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
    origin = {
      key: text,
      secure,
      hostname,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      hostHeader: url.host,
      idle: [],
      busy: 0,
      queue: [],
      serverKeepAliveMs: undefined,
      tlsSession: undefined,
    };
    this.origins.set(text, origin);
    return origin;
  }
}
