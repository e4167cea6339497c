/**
 * A lean HTTP/1.1 client for upstream calls: keep-alive connections per origin over node:net or
 * node:tls, one write per request, an incremental response parser (content-length, chunked,
 * read-until-close), and nothing else. It speaks the same `dispatch(options, handler)` shape as
 * undici's dispatchers, so the transport can run on either.
 *
 * Why not undici: in a client-only loop against a local server, undici used about twice the
 * user-space CPU per request of this client (29 against 16 µs), and a gateway request spends a
 * good part of its time on the upstream call.
 */
import { type LookupFunction, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { monotonicNow } from "../util/monotonic-clock.js";
import { type ProxyEndpoint, type ProxySettings, proxyFor, proxyLoginRefusal } from "./proxy.js";

/** One request, as the transport describes it (a subset of undici's DispatchOptions). */
export interface UpstreamRequest {
  /** Scheme, host and port (`https://api.moonshot.ai`). */
  origin: string;
  /** Path and query (`/v1/chat/completions`). */
  path: string;
  /** HTTP method (`POST`). */
  method: string;
  /** Request headers, by name. */
  headers: Record<string, string>;
  /** The request body, if any. */
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
  /** The response ended; `trailers` as received. */
  onComplete?(trailers: unknown): void;
  /** The request failed: connection, timeout, abort or a bad answer. */
  onError?(error: Error): void;
}

/** Anything that can carry an upstream request: this pool, or an undici Agent/Pool. */
export interface UpstreamDispatcher {
  /** Sends `request`, reporting to `handler`; false when it ended at once (`onError` was called). */
  dispatch(request: UpstreamRequest, handler: UpstreamHandler): boolean;
}

/** Options of `new Http1Pool()`; times in milliseconds. */
export interface Http1PoolOptions {
  /** Connections per origin at most; further requests wait for one. Default 128. */
  connections?: number;
  /** How long an idle connection is kept (capped by the server's own `Keep-Alive: timeout`). */
  keepAliveTimeout?: number;
  /** Time allowed to open a connection (TCP and TLS). Default 10 s. */
  connectTimeout?: number;
  /** Custom DNS lookup (tests use it to send real host names to 127.0.0.1). */
  lookup?: LookupFunction;
  /**
   * Certificate authorities to trust for https origins instead of Node's bundled list (for a
   * private upstream; `NODE_EXTRA_CA_CERTS` adds to the bundled list instead).
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Largest response head accepted. Default 64 KiB. */
  maxHeaderBytes?: number;
  /**
   * Proxies to go through (see `proxySettingsFromEnv`): https upstreams through a CONNECT
   * tunnel, http ones as absolute URLs. Default: none, every connection is direct.
   */
  proxy?: ProxySettings;
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
      | "POOL_CLOSED"
      | "PROXY_FAILED"
      | "PROXY_AUTH",
    message: string,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

/**
 * The proxy answered 407 (to CONNECT, or to a forwarded http request): it wants a login, or
 * refused the one its URL carries. Retrying does not change that, so it is told apart from the
 * other proxy failures; `hint` says which of the two it is and what to do.
 */
export class ProxyAuthRefusal extends UpstreamHttpError {
  readonly hint: string;
  constructor(
    readonly proxy: ProxyEndpoint,
    reason: string,
  ) {
    const words = proxyLoginRefusal(proxy, reason);
    super("PROXY_AUTH", words.detail);
    this.hint = words.hint;
  }
}

const CRLF2 = Buffer.from("\r\n\r\n");
const INVALID_HEADER = /[\r\n\0]/;
const IDLE_SWEEP_MS = 1_000;
/**
 * Origins kept with nothing open to them (for their TLS session and learnt keep-alive). A config
 * names a handful; a gateway whose base URLs change over many reloads would otherwise keep every
 * origin it ever reached, so past this many the oldest unused ones are forgotten.
 */
const MAX_REMEMBERED_ORIGINS = 64;

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
  /** The proxy connections to this origin go through, if any. */
  proxy: ProxyEndpoint | undefined;
  /** What the request line names: the path, or for http through a proxy the absolute URL's origin before it. */
  targetPrefix: string;
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
  /** Set while the handler has asked for a pause: no callbacks and no body timeout until resume. */
  paused = false;
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

  /** Given to the handler: resumes this request only (never a later one on the same socket). */
  readonly resume = (): void => {
    if (!this.paused || this.finished) return;
    this.paused = false;
    this.connection?.resumeFor(this);
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

  /** (Re)starts the body timeout, unless paused by the handler. */
  armBodyTimer(): void {
    const ms = this.request.bodyTimeout ?? 0;
    if (ms <= 0 || this.paused || this.finished) return;
    if (this.timer === undefined)
      this.timer = setTimeout(onExchangeTimeout, ms, this, "BODY_TIMEOUT");
    else this.timer.refresh();
  }
}

type ExchangeTimeout = "HEADERS_TIMEOUT" | "BODY_TIMEOUT";

/**
 * A deadline passed. Timers run before the event loop reads its sockets, so after the loop was
 * held up (a long synchronous task, a starved CPU) the answer may be waiting unread: a successful
 * answer would be thrown away as a timeout. The sockets are read first, then it is decided.
 */
function onExchangeTimeout(exchange: Exchange, code: ExchangeTimeout): void {
  exchange.timer = undefined;
  setImmediate(confirmExchangeTimeout, exchange, code);
}

function confirmExchangeTimeout(exchange: Exchange, code: ExchangeTimeout): void {
  // Done, held back by its handler, or re-armed by data read meanwhile: not a timeout.
  if (exchange.finished || exchange.paused || exchange.timer !== undefined) return;
  if (code === "HEADERS_TIMEOUT" && exchange.connection?.headRead) return;
  const ms =
    code === "HEADERS_TIMEOUT" ? exchange.request.headersTimeout : exchange.request.bodyTimeout;
  exchange.fail(
    new UpstreamHttpError(
      code,
      code === "HEADERS_TIMEOUT" ? `no response head within ${ms} ms` : `no body data for ${ms} ms`,
    ),
  );
}

/**
 * The connect deadline passed. As with an answer (onExchangeTimeout), a connection made while the
 * event loop was held is seen only once its socket is read, after the timers: read it, then decide.
 */
function onConnectTimeout(connection: Connection, connectTimeout: number): void {
  connection.connectDeadlinePassed(connectTimeout);
}

function confirmConnectTimeout(
  connection: Connection,
  connectTimeout: number,
  tcpWasConnecting: boolean,
): void {
  connection.confirmConnectTimeout(connectTimeout, tcpWasConnecting);
}

interface ConnectOptions {
  connectTimeout: number;
  lookup: LookupFunction | undefined;
  ca: Http1PoolOptions["ca"];
}

/** Where a connection stands in its pool; `gone` is final. */
type ConnectionState = "busy" | "idle" | "gone";

/** One keep-alive connection and its response parser. */
class Connection {
  socket: Socket;
  /** The proxy connection a TLS socket runs inside, when there is a tunnel. */
  private tunnel: Socket | undefined;
  exchange: Exchange | undefined;
  state: ConnectionState = "busy";
  /** Requests this connection has carried; a reused one may have been closed by the server. */
  served = 0;
  idleSince = 0;
  private connected = false;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The connect time was given once more, the TCP connection having been made while the loop was held. */
  private connectRetimed = false;
  private phase = Phase.Head;
  private head: Buffer | undefined;
  private remaining = 0;
  private sizeLine = "";
  private bytesReceived = 0;
  private keepAlive = true;
  private noBody = false;
  /** Bytes read but not parsed yet because the handler paused. */
  private pending: Buffer | undefined;
  /** The socket ended while bytes were pending. */
  private endPending = false;

  constructor(
    readonly origin: Origin,
    private readonly pool: Http1Pool,
    options: ConnectOptions,
  ) {
    const lookup = options.lookup ? { lookup: options.lookup } : {};
    const proxy = origin.proxy;
    if (proxy && origin.secure) {
      // A tunnel first: CONNECT through the proxy, then TLS to the upstream inside it.
      this.socket = netConnect({ host: proxy.hostname, port: proxy.port, ...lookup });
      this.tunnel = this.socket;
      this.openTunnel(this.socket, proxy, options);
    } else if (origin.secure) {
      this.socket = this.startTls(undefined, options);
      this.listen(this.socket);
    } else {
      const host = proxy ? proxy.hostname : origin.hostname;
      const port = proxy ? proxy.port : origin.port;
      this.socket = netConnect({ host, port, ...lookup });
      this.socket.once("connect", () => this.onConnected());
      this.listen(this.socket);
    }
    this.socket.setNoDelay(true);
    if (options.connectTimeout > 0)
      this.connectTimer = setTimeout(
        onConnectTimeout,
        options.connectTimeout,
        this,
        options.connectTimeout,
      );
  }

  /** The connect timer ran: the socket is read once before it is decided (confirmConnectTimeout). */
  connectDeadlinePassed(connectTimeout: number): void {
    this.connectTimer = undefined;
    const tcp = this.tunnel ?? this.socket;
    setImmediate(confirmConnectTimeout, this, connectTimeout, tcp.connecting);
  }

  /**
   * The connect deadline passed and the socket was read once since: still not connected, and not
   * already gone, is a connect timeout. But when the TCP connection was made in that one read, the
   * loop was held while it was made, and what follows it (the TLS handshake, the proxy's CONNECT)
   * needs more reads than one: that gets the connect time once more.
   */
  confirmConnectTimeout(connectTimeout: number, tcpWasConnecting: boolean): void {
    if (this.connected || this.state === "gone") return;
    const tcp = this.tunnel ?? this.socket;
    if (tcpWasConnecting && !tcp.connecting && !this.connectRetimed) {
      this.connectRetimed = true;
      this.connectTimer = setTimeout(onConnectTimeout, connectTimeout, this, connectTimeout);
      return;
    }
    const proxy = this.origin.proxy;
    this.onSocketGone(
      new UpstreamHttpError(
        "CONNECT_TIMEOUT",
        `could not connect to ${this.origin.key}${proxy ? ` through the proxy ${proxy.display}` : ""} within ${connectTimeout} ms`,
      ),
    );
  }

  private startTls(tunnel: Socket | undefined, options: ConnectOptions): Socket {
    const origin = this.origin;
    const socket = tlsConnect({
      ...(tunnel ? { socket: tunnel } : { host: origin.hostname, port: origin.port }),
      servername: isIpAddress(origin.hostname) ? "" : origin.hostname,
      ALPNProtocols: ["http/1.1"],
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(origin.tlsSession ? { session: origin.tlsSession } : {}),
      ...(options.lookup && !tunnel ? { lookup: options.lookup } : {}),
    });
    socket.on("session", (session: Buffer) => {
      origin.tlsSession = session;
    });
    socket.once("secureConnect", () => this.onConnected());
    return socket;
  }

  private listen(socket: Socket): void {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("end", () => this.onEnd());
    socket.on("error", (error: Error) => this.onSocketGone(error));
    socket.on("close", () => this.onSocketGone(undefined));
  }

  /** Asks the proxy for a tunnel to the origin; on "200", TLS starts inside it. */
  private openTunnel(raw: Socket, proxy: ProxyEndpoint, options: ConnectOptions): void {
    const origin = this.origin;
    const target = `${origin.hostname.includes(":") ? `[${origin.hostname}]` : origin.hostname}:${origin.port}`;
    const via = `the proxy ${proxy.display} (${proxy.source})`;
    const fail = (message: string) => {
      raw.off("data", onData);
      this.onSocketGone(new UpstreamHttpError("PROXY_FAILED", message));
    };
    let head: Buffer | undefined;
    let tunnelOpen = false;
    const onData = (chunk: Buffer) => {
      head = head ? Buffer.concat([head, chunk]) : chunk;
      const end = head.indexOf(CRLF2);
      if (end < 0) {
        if (head.length > 16 * 1024) fail(`${via} sent an oversized answer to CONNECT`);
        return;
      }
      raw.off("data", onData);
      const statusLine = head.toString("latin1", 0, head.indexOf("\r\n"));
      const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      if (!match) {
        fail(`${via} did not answer CONNECT with HTTP (is it an HTTP proxy?)`);
        return;
      }
      const status = Number(match[1]);
      if (status === 407) {
        raw.off("data", onData);
        this.onSocketGone(new ProxyAuthRefusal(proxy, match[2] ?? ""));
        return;
      }
      if (status !== 200) {
        const reason = match[2] ? ` ${match[2]}` : "";
        fail(`${via} refused a tunnel to ${target}: HTTP ${status}${reason}`);
        return;
      }
      if (end + 4 < head.length) {
        fail(`${via} sent data before the tunnel was open`);
        return;
      }
      head = undefined;
      tunnelOpen = true;
      const secure = this.startTls(raw, options);
      this.socket = secure;
      this.listen(secure);
    };
    raw.on("data", onData);
    raw.once("connect", () => {
      const login = proxy.authorization ? `proxy-authorization: ${proxy.authorization}\r\n` : "";
      raw.write(`CONNECT ${target} HTTP/1.1\r\nhost: ${target}\r\n${login}\r\n`);
    });
    // Once the tunnel is open, the TLS socket on top reports what happens to it.
    raw.on("error", (error: Error) => {
      if (!tunnelOpen) fail(`could not reach ${via}: ${error.message}`);
    });
    raw.on("close", () => {
      if (!tunnelOpen) fail(`${via} closed the connection before the tunnel was open`);
    });
  }

  /** Runs on every release and reuse, so no allocation: just the handles' ref flags. */
  keepProcessAlive(on: boolean): void {
    if (on) {
      this.socket.ref();
      this.tunnel?.ref();
    } else {
      this.socket.unref();
      this.tunnel?.unref();
    }
  }

  /** Whether the head of the current answer was read whole. */
  get headRead(): boolean {
    return this.phase !== Phase.Head;
  }

  /** Sends `exchange` on this connection (connected or not yet). */
  assign(exchange: Exchange): void {
    this.state = "busy";
    this.exchange = exchange;
    exchange.connection = this;
    exchange.attempts++;
    this.phase = Phase.Head;
    this.head = undefined;
    this.pending = undefined;
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

  /** The handler of `exchange` (still this connection's) resumed: go on parsing. */
  resumeFor(exchange: Exchange): void {
    if (this.exchange !== exchange) return;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.run(exchange, pending);
    if (this.exchange !== exchange || exchange.paused) return;
    if (this.phase !== Phase.Head && this.phase !== Phase.Done) exchange.armBodyTimer();
    this.socket.resume();
    if (this.endPending && this.pending === undefined) {
      this.endPending = false;
      this.onEnd();
    }
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
    this.run(exchange, chunk);
  }

  private run(exchange: Exchange, chunk: Buffer): void {
    try {
      this.parse(exchange, chunk);
    } catch (error) {
      exchange.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // The body timeout runs from the last data read, and only while the body is incomplete (a
    // small answer read whole with its head never needs a timer).
    if (this.exchange === exchange && this.phase !== Phase.Head && this.phase !== Phase.Done)
      exchange.armBodyTimer();
  }

  private parse(exchange: Exchange, input: Buffer): void {
    let chunk = input;
    while (chunk.length > 0 && this.exchange === exchange && !exchange.finished) {
      if (exchange.paused) {
        // The handler asked for a pause: keep the rest until it resumes.
        this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
        this.socket.pause();
        return;
      }
      switch (this.phase) {
        case Phase.Head: {
          const buffered = this.head ? Buffer.concat([this.head, chunk]) : chunk;
          const end = buffered.indexOf(CRLF2);
          if (end < 0 ? buffered.length > this.pool.maxHeaderBytes : end > this.pool.maxHeaderBytes)
            throw new UpstreamHttpError("BAD_RESPONSE", "the response head is too large");
          if (end < 0) {
            this.head = buffered;
            return;
          }
          this.head = undefined;
          chunk = buffered.subarray(end + 4);
          this.onHead(exchange, buffered.toString("latin1", 0, end));
          if (
            this.currentPhase() === Phase.Done &&
            this.exchange === exchange &&
            !exchange.finished
          )
            this.complete(exchange, chunk.length > 0);
          break;
        }
        case Phase.Length: {
          const take = Math.min(this.remaining, chunk.length);
          const piece = take === chunk.length ? chunk : chunk.subarray(0, take);
          chunk = chunk.subarray(take);
          this.remaining -= take;
          if (this.remaining === 0) this.phase = Phase.Done;
          this.deliver(exchange, piece);
          // The handler may have aborted while taking the last piece.
          if (this.phase === Phase.Done && this.exchange === exchange && !exchange.finished)
            this.complete(exchange, chunk.length > 0);
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
          if (line === "" || line === "\r") this.complete(exchange, chunk.length > 0);
          break;
        }
        case Phase.Done:
          return;
      }
    }
  }

  /** The phase, read afresh (after a call that may have changed it). */
  private currentPhase(): Phase {
    return this.phase;
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
    let transferEncoding = false;
    let connection = "";
    let keepAliveMs: number | undefined;
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
          else if (name.toLowerCase() === "keep-alive") keepAliveMs = keepAliveHint(value);
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
          if (name.toLowerCase() === "transfer-encoding") {
            transferEncoding = true;
            chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
          }
          break;
      }
    }
    if (status >= 100 && status < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      if (status === 101) throw new UpstreamHttpError("BAD_RESPONSE", "unexpected protocol switch");
      this.phase = Phase.Head;
      return;
    }
    // Plain http through a proxy: a 407 is the proxy's, not the provider's (which never sends one).
    if (status === 407 && this.origin.proxy && this.origin.targetPrefix)
      throw new ProxyAuthRefusal(this.origin.proxy, match[3] ?? "");
    this.keepAlive =
      minor === "1" ? !connection.includes("close") : connection.includes("keep-alive");
    if (keepAliveMs !== undefined) {
      this.origin.serverKeepAliveMs = keepAliveMs;
      if (keepAliveMs <= 0) this.keepAlive = false;
    }
    exchange.clearTimer();
    if (this.noBody || status === 204 || status === 304) this.phase = Phase.Done;
    else if (chunked) {
      this.phase = Phase.ChunkSize;
      // Framed two ways (RFC 9112 6.3): read by chunks, but never trust the connection again.
      if (contentLength >= 0) this.keepAlive = false;
    } else if (transferEncoding) {
      // A transfer coding without chunked last: only the server's close ends the body.
      this.phase = Phase.UntilClose;
      this.keepAlive = false;
    } else if (contentLength >= 0) {
      this.phase = contentLength === 0 ? Phase.Done : Phase.Length;
      this.remaining = contentLength;
    } else {
      this.phase = Phase.UntilClose;
      this.keepAlive = false;
    }
    const goOn = exchange.handler.onHeaders?.(status, raw, exchange.resume, match[3] ?? "") ?? true;
    if (!goOn) this.pause(exchange);
  }

  private deliver(exchange: Exchange, piece: Buffer): void {
    if (piece.length === 0) return;
    const goOn = exchange.handler.onData?.(piece) ?? true;
    if (!goOn) this.pause(exchange);
  }

  private pause(exchange: Exchange): void {
    if (exchange.finished || exchange.paused) return;
    exchange.paused = true;
    // No body timeout while the handler holds the body back: the upstream is not idle.
    exchange.clearTimer();
    this.socket.pause();
  }

  /** The response is complete; `leftover` = bytes followed it (never reuse such a connection). */
  private complete(exchange: Exchange, leftover: boolean): void {
    this.phase = Phase.Done;
    if (leftover || this.pending) this.keepAlive = false;
    this.pending = undefined;
    this.endPending = false;
    exchange.finished = true;
    exchange.clearTimer();
    exchange.connection = undefined;
    this.exchange = undefined;
    this.served++;
    this.socket.resume();
    const reusable = this.keepAlive && !this.socket.destroyed;
    if (!reusable) this.socket.destroy();
    this.pool.release(this, reusable);
    exchange.handler.onComplete?.(null);
  }

  private onEnd(): void {
    if (this.pending) {
      this.endPending = true;
      return;
    }
    const exchange = this.exchange;
    if (exchange && this.phase === Phase.UntilClose) {
      this.keepAlive = false;
      this.complete(exchange, false);
      return;
    }
    this.onSocketGone(undefined);
  }

  /** The socket failed or closed. */
  private onSocketGone(error: Error | undefined): void {
    if (this.connectTimer !== undefined) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    if (!this.socket.destroyed) this.socket.destroy();
    const exchange = this.exchange;
    this.exchange = undefined;
    if (!exchange || exchange.finished) {
      this.pool.release(this, false);
      return;
    }
    exchange.connection = undefined;
    // A reused keep-alive connection that closed before any byte of the answer: almost always
    // the server closing an idle connection as the request went out, so the request never
    // reached it. It is sent once more, on a fresh connection in the same slot, as browsers do
    // for the same race. A server that read the request and then died without a byte would see
    // it twice; that is rarer than the race, and the runtime would retry such a failure anyway.
    if (this.served > 0 && this.bytesReceived === 0 && exchange.attempts === 1 && this.pool.open) {
      exchange.clearTimer();
      this.pool.replace(this, exchange);
      return;
    }
    this.pool.release(this, false);
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

/** `Keep-Alive: timeout=N` → how long the pool may keep the connection idle (with a margin). */
function keepAliveHint(value: string): number | undefined {
  const match = /timeout\s*=\s*(\d+)/i.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * 1000;
  // Leave a margin (a second, or half of a short timeout) so the pool never sends on a
  // connection the server is closing.
  return ms - Math.min(1000, ms / 2);
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

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A path must not contain spaces, control characters or line breaks (they would split the request). */
function unsafePath(path: string): boolean {
  if (path.length === 0) return true;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

function refuse(what: string): UpstreamHttpError {
  return new UpstreamHttpError("BAD_REQUEST_HEADER", what);
}

/** Serializes one request: head and body in a single string, so one write sends it. */
function serialize(origin: Origin, request: UpstreamRequest): string {
  if (!TOKEN.test(request.method)) throw refuse("the request method is not a valid HTTP token");
  if (unsafePath(request.path))
    throw refuse("the request path contains spaces, control characters or line breaks");
  const body = request.body ?? "";
  let head = `${request.method} ${origin.targetPrefix}${request.path} HTTP/1.1\r\nhost: ${origin.hostHeader}\r\n`;
  // Plain http through a proxy: the proxy reads the absolute URL and, if set, the login.
  const login = origin.targetPrefix && origin.proxy?.authorization;
  if (login) head += `proxy-authorization: ${login}\r\n`;
  for (const name in request.headers) {
    const value = request.headers[name] as string;
    if (!TOKEN.test(name))
      throw refuse(`header name "${name.replace(/[^\x20-\x7e]/g, "?")}" is not a valid HTTP token`);
    if (INVALID_HEADER.test(value)) throw refuse(`header "${name}" contains a line break or NUL`);
    const lower = name.toLowerCase();
    if (
      lower === "host" ||
      lower === "content-length" ||
      lower === "connection" ||
      lower === "proxy-authorization"
    )
      continue;
    head += `${name}: ${value}\r\n`;
  }
  if (request.body !== undefined || request.method === "POST" || request.method === "PUT")
    head += `content-length: ${Buffer.byteLength(body)}\r\n`;
  return `${head}\r\n${body}`;
}

/** Keep-alive HTTP/1.1 connections to any number of origins. */
export class Http1Pool implements UpstreamDispatcher {
  /** Largest response head accepted, in bytes (the option's value, default 64 KiB). */
  readonly maxHeaderBytes: number;
  private readonly origins = new Map<string, Origin>();
  private readonly connections: number;
  private readonly keepAliveTimeout: number;
  private readonly connectTimeout: number;
  private readonly lookup: LookupFunction | undefined;
  private readonly ca: Http1PoolOptions["ca"];
  private readonly proxy: ProxySettings | undefined;
  private readonly all = new Set<Connection>();
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private destroyed = false;

  constructor(options: Http1PoolOptions = {}) {
    this.connections = options.connections ?? 128;
    this.keepAliveTimeout = options.keepAliveTimeout ?? 4_000;
    this.connectTimeout = options.connectTimeout ?? 10_000;
    this.lookup = options.lookup;
    this.ca = options.ca;
    this.maxHeaderBytes = options.maxHeaderBytes ?? 64 * 1024;
    this.proxy = options.proxy;
  }

  /** @internal How many origins the pool remembers (open to or not); for the tests of its bound. */
  get rememberedOrigins(): number {
    return this.origins.size;
  }

  /** False once `destroy()` was called: nothing is sent or re-sent any more. */
  get open(): boolean {
    return !this.destroyed;
  }

  /** Sends `request` on a pooled connection to its origin, reporting to `handler`; false when it ended at once. */
  dispatch(request: UpstreamRequest, handler: UpstreamHandler): boolean {
    let exchange: Exchange;
    try {
      if (this.closed) throw new UpstreamHttpError("POOL_CLOSED", "the connection pool is closed");
      const origin = this.originOf(request.origin);
      exchange = new Exchange(origin, request, handler, serialize(origin, request), this);
    } catch (error) {
      handler.onError?.(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
    try {
      handler.onConnect?.(exchange.abort);
    } catch (error) {
      exchange.fail(error instanceof Error ? error : new Error(String(error)));
    }
    if (exchange.finished) return false;
    this.send(exchange);
    return true;
  }

  /**
   * Takes a connection back: idle when it can carry another request (and the pool is not
   * closing), else gone. A slot that frees up goes to the oldest waiting request.
   * @internal Called by the pool's own connections; left out of the shipped declarations.
   */
  release(connection: Connection, reusable: boolean): void {
    const origin = connection.origin;
    if (connection.state === "gone") return;
    if (connection.state === "idle") {
      if (reusable) return;
      const index = origin.idle.indexOf(connection);
      if (index >= 0) origin.idle.splice(index, 1);
      connection.state = "gone";
      this.all.delete(connection);
      return;
    }
    origin.busy--;
    if (reusable && !this.closed) {
      connection.state = "idle";
      // Idle time on a clock the wall clock's steps do not move (a step back would keep a
      // connection past the server's timeout; one forward would close them all at once).
      connection.idleSince = monotonicNow();
      // An idle connection does not keep the process alive: a command exits once its work is done.
      connection.keepProcessAlive(false);
      origin.idle.push(connection);
      this.ensureSweeper();
    } else {
      connection.state = "gone";
      this.all.delete(connection);
      if (!connection.socket.destroyed) connection.socket.destroy();
    }
    const next = origin.queue.shift();
    if (next) this.send(next);
  }

  /**
   * A stale connection failed under `exchange`: send it again on a new one, in the same slot.
   * @internal Called by the pool's own connections; left out of the shipped declarations.
   */
  replace(connection: Connection, exchange: Exchange): void {
    connection.state = "gone";
    this.all.delete(connection);
    this.open_(exchange);
  }

  /** @internal A waiting request gave up (its caller aborted); called by the request itself. */
  unqueue(exchange: Exchange): void {
    const queue = exchange.origin.queue;
    const index = queue.indexOf(exchange);
    if (index >= 0) queue.splice(index, 1);
  }

  /**
   * Takes no new requests; closes idle connections now and the others once the requests
   * already given to the pool (in flight or waiting) have ended.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const origin of this.origins.values()) {
      for (const connection of origin.idle.splice(0)) {
        connection.state = "gone";
        this.all.delete(connection);
        connection.socket.destroy();
      }
    }
  }

  /** Closes every connection at once; requests in flight or waiting fail. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await this.close();
    const gone = new UpstreamHttpError("POOL_CLOSED", "the connection pool was destroyed");
    for (const origin of this.origins.values())
      for (const waiting of origin.queue.splice(0)) waiting.fail(gone);
    for (const connection of [...this.all]) {
      if (connection.exchange) connection.exchange.fail(gone);
      else connection.socket.destroy();
    }
  }

  private send(exchange: Exchange): void {
    if (exchange.finished) return;
    if (this.destroyed) {
      exchange.fail(new UpstreamHttpError("POOL_CLOSED", "the connection pool was destroyed"));
      return;
    }
    const origin = exchange.origin;
    const limit = this.idleLimit(origin);
    const now = monotonicNow();
    let connection = origin.idle.pop();
    while (connection && (connection.socket.destroyed || now - connection.idleSince > limit)) {
      connection.state = "gone";
      this.all.delete(connection);
      connection.socket.destroy();
      connection = origin.idle.pop();
    }
    if (connection) {
      origin.busy++;
      connection.keepProcessAlive(true);
      connection.assign(exchange);
      return;
    }
    if (origin.busy >= this.connections) {
      origin.queue.push(exchange);
      return;
    }
    origin.busy++;
    this.open_(exchange);
  }

  /** A new connection for `exchange`, in a slot already counted as busy. */
  private open_(exchange: Exchange): void {
    const connection = new Connection(exchange.origin, this, {
      connectTimeout: this.connectTimeout,
      lookup: this.lookup,
      ca: this.ca,
    });
    this.all.add(connection);
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
    const now = monotonicNow();
    let idle = 0;
    for (const origin of this.origins.values()) {
      const limit = this.idleLimit(origin);
      origin.idle = origin.idle.filter((connection) => {
        if (now - connection.idleSince <= limit && !connection.socket.destroyed) return true;
        connection.state = "gone";
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
    const port = url.port ? Number(url.port) : secure ? 443 : 80;
    const proxy = this.proxy ? proxyFor(this.proxy, secure, hostname, port) : undefined;
    origin = {
      key: text,
      secure,
      hostname,
      port,
      hostHeader: url.host,
      idle: [],
      busy: 0,
      queue: [],
      serverKeepAliveMs: undefined,
      tlsSession: undefined,
      proxy,
      targetPrefix: proxy && !secure ? `http://${url.host}` : "",
    };
    if (this.origins.size >= MAX_REMEMBERED_ORIGINS) this.forgetUnusedOrigins();
    this.origins.set(text, origin);
    return origin;
  }

  /**
   * Forgets the oldest origins with no connection and no waiting request until there is room for
   * one more; one in use is kept however many there are. Runs only when an origin is added past
   * the bound, never per request.
   */
  private forgetUnusedOrigins(): void {
    for (const [key, origin] of this.origins) {
      if (this.origins.size < MAX_REMEMBERED_ORIGINS) return;
      if (origin.busy === 0 && origin.idle.length === 0 && origin.queue.length === 0)
        this.origins.delete(key);
    }
  }
}
