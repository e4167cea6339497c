/**
 * The gateway's HTTP server: node:http, no framework. Routes, auth, limits, the relay between a
 * client and the runtime, and a drain on shutdown. Everything that can be a pure function lives
 * in its own module (validation, formats, memory, metrics); this file is the I/O edge.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type {
  AssistantMessage,
  FinishReason,
  Timeouts,
  ToolCall,
  Usage,
} from "../providers/types.js";
import type { RunOptions, RunResult, Runtime, RuntimeEvent } from "../runtime/types.js";
import { BoundedTtlMap } from "../util/bounded-ttl-map.js";
import { Cancellation, type CancelSignal } from "../util/cancellation.js";
import { extendableCopy } from "../util/extendable-copy.js";
import { printable } from "../util/printable.js";
import { type AuthPolicy, authorize } from "./auth.js";
import { allowedOrigin, type CorsPolicy, corsHeaders, preflightHeaders } from "./cors.js";
import { badRequest, CLIENT_GONE, GatewayHttpError, toHttpError } from "./http-error.js";
import type { ChatApi, LedgerRow, UsageLedger } from "./ledger.js";
import { GatewayMetrics } from "./metrics.js";
import { type GatewayModel, type ModelDirectory, modelObject } from "./model-directory.js";
import { ChunkEncoder, completionBody } from "./openai-format.js";
import { ProcessMetrics } from "./process-metrics.js";
import { ReasoningMemory } from "./reasoning-memory.js";
import {
  itemTextLength,
  ResponseEventEncoder,
  requestEcho,
  responseObject,
} from "./responses-format.js";
import { responsesToChatBody } from "./responses-request.js";
import { createSseOutput, type SseOutput } from "./sse-output.js";
import { type ParsedChatRequest, parseChatRequest } from "./validate-request.js";

/** What one config generation provides; swapped as a whole on hot reload. */
export interface GatewayBackend {
  runtime: Runtime;
  directory: ModelDirectory;
  auth: AuthPolicy;
  /** Which browser origins may call; undefined for none. */
  cors?: CorsPolicy | undefined;
}

export interface GatewayLimits {
  maxBodyBytes: number;
  maxMessages: number;
  /** Time allowed to receive the request headers. */
  headersTimeoutMs: number;
  /** Time allowed to receive the whole request (headers and body). */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Upstream requests in flight at once; beyond it clients get 429 with Retry-After. */
  maxConcurrentUpstream: number;
  /** A client that reads nothing for this long while the gateway has data for it is dropped. */
  writeStallMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxMessages: 2048,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConcurrentUpstream: 1024,
  writeStallMs: 30_000,
};

export interface GatewayServerOptions {
  backend: GatewayBackend;
  ledger?: UsageLedger | undefined;
  metrics?: GatewayMetrics;
  memory?: ReasoningMemory;
  limits?: Partial<GatewayLimits>;
  /** Upstream timeouts passed to the runtime. */
  timeouts?: Timeouts;
  log?: (line: string) => void;
  /** Told of every finished chat request, with the row the ledger gets (secrets never in it). */
  onRequestFinished?: (row: LedgerRow) => void;
}

export interface GatewayServer {
  readonly server: Server;
  readonly metrics: GatewayMetrics;
  readonly memory: ReasoningMemory;
  listen(port: number, host: string): Promise<AddressInfo>;
  setBackend(backend: GatewayBackend): void;
  /** Requests being served right now. */
  activeRequests(): number;
  /**
   * Stops accepting, lets running requests finish for up to `deadlineMs`, then cancels the rest.
   * Resolves once every connection is closed.
   */
  close(deadlineMs: number): Promise<{ cancelled: number }>;
}

const JSON_HEADERS = { "content-type": "application/json" } as const;
const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

const idPrefix = randomBytes(6).toString("hex");
let idCounter = 0;
function nextRequestId(): string {
  idCounter = (idCounter + 1) % 0x7fffffff;
  return `chatcmpl-${idPrefix}${idCounter.toString(36)}`;
}

/** A successful answer's headers: its content type, and which request and model it was. */
function responseHeaders(
  base: Readonly<Record<string, string>>,
  requestId: string,
  model: string,
  traceId: string | undefined,
): Record<string, string | number> {
  const headers: Record<string, string | number> = extendableCopy(base);
  headers["x-request-id"] = requestId;
  headers["x-openclaw-model"] = model;
  if (traceId) headers["x-trace-id"] = traceId;
  return headers;
}

function sendError(res: ServerResponse, error: GatewayHttpError, requestId?: string): void {
  if (res.headersSent) return;
  const body = error.body();
  const headers: Record<string, string | number> = {
    "content-type": JSON_HEADERS["content-type"],
    "content-length": Buffer.byteLength(body),
  };
  if (requestId) headers["x-request-id"] = requestId;
  if (error.retryAfterSec !== undefined) headers["retry-after"] = error.retryAfterSec;
  if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="openclaw-gateway"';
  if (error.status === 413) headers.connection = "close";
  res.writeHead(error.status === 499 ? 400 : error.status, headers);
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    "content-type": JSON_HEADERS["content-type"],
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        reject(tooLarge(maxBytes));
      } else if (first === undefined) first = chunk;
      else {
        chunks ??= [first];
        chunks.push(chunk);
      }
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(chunks ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0)));
    });
    req.on("error", (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    req.on("aborted", () => {
      if (settled) return;
      settled = true;
      reject(
        new GatewayHttpError(499, "invalid_request_error", "client closed the request", {
          errorClass: "client_disconnect",
        }),
      );
    });
  });
}

function tooLarge(maxBytes: number): GatewayHttpError {
  return new GatewayHttpError(
    413,
    "invalid_request_error",
    `request body exceeds ${maxBytes} bytes`,
    { code: "request_too_large", errorClass: "bad_request" },
  );
}

function unknownModel(directory: ModelDirectory, model: string): GatewayHttpError {
  const problem = directory.explain?.(model);
  if (problem) {
    // Configured, but its provider is broken: the others keep serving; say what to fix.
    return new GatewayHttpError(503, "server_error", problem, {
      param: "model",
      code: "provider_unavailable",
      errorClass: "provider_unavailable",
    });
  }
  const matches = directory.suggest(model);
  const tail =
    matches.length > 0
      ? `; close matches: ${matches.join(", ")}`
      : "; GET /v1/models lists the models this gateway serves";
  return new GatewayHttpError(
    404,
    "invalid_request_error",
    `model "${model}" is not configured${tail}`,
    {
      param: "model",
      code: "model_not_found",
      errorClass: "not_found",
    },
  );
}

const SHUTTING_DOWN = new GatewayHttpError(503, "server_error", "the gateway is shutting down", {
  code: "shutting_down",
  errorClass: "shutdown",
});

interface RequestRecord {
  /** Also the `route` label of its metrics and the `api` of its ledger row. */
  dialect: ChatApi;
  /** How a failure is written once a stream has begun (each API has its own in-band form). */
  inBandError: ((error: GatewayHttpError) => string) | undefined;
  ts: number;
  started: number;
  requestId: string;
  client: string;
  stream: boolean;
  status: number;
  errorClass: string | undefined;
  modelRequested: string | undefined;
  modelUsed: string | undefined;
  fallbackFrom: string | undefined;
  traceId: string | undefined;
  usage: Usage | undefined;
  costUsd: number;
  ttftMs: number | undefined;
}

/** Renders a run's events in one API's streaming format ("" writes nothing). */
interface EventWriter {
  setModel(model: string): void;
  text(delta: string): string;
  reasoning(delta: string): string;
  toolCallDelta(event: Extract<RuntimeEvent, { type: "tool_call_delta" }>): string;
  toolCall(index: number, call: ToolCall): string;
  /** At the upstream's end; the closing events that need the usage come after the run. */
  done(reason: FinishReason): string;
}

/** What a 404 says: the routes there are, and what to use instead of OpenAI APIs not served. */
function noRouteMessage(method: string | undefined, path: string): string {
  const served =
    "this gateway serves POST /v1/chat/completions, POST /v1/responses, GET /v1/models, /healthz and /metrics";
  const base = `no route for ${method ?? "?"} ${path}; ${served}`;
  if (path.startsWith("/v1/responses/"))
    return `${base}. Stored responses are not kept, so there is nothing to fetch or cancel: each POST /v1/responses carries the whole conversation`;
  if (path.startsWith("/v1/v1/"))
    return `${base}. Does the client's base URL end in /v1 and the client add another /v1?`;
  if (!path.startsWith("/v1/") && ["/chat/completions", "/models"].some((r) => path.endsWith(r)))
    return `${base}. Is the client's base URL missing the /v1 at its end?`;
  return base;
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const metrics = options.metrics ?? new GatewayMetrics();
  const processMetrics = new ProcessMetrics();
  const memory = options.memory ?? new ReasoningMemory({ maxEntries: 10_000, ttlMs: 3_600_000 });
  /** Output items of served responses, for clients that send `item_reference`s back. */
  const responseItems = new BoundedTtlMap<string, Record<string, unknown>>({
    maxEntries: 10_000,
    ttlMs: 3_600_000,
    // Items hold answers and arguments: at most 32 MiB of their text, whatever clients ask for.
    maxWeight: 32 * 1024 * 1024,
    weigh: itemTextLength,
  });
  const rememberItems = (items: readonly Record<string, unknown>[]) => {
    for (const item of items) if (typeof item.id === "string") responseItems.set(item.id, item);
  };
  const ledger = options.ledger;
  const log = options.log ?? (() => {});
  const onRequestFinished = options.onRequestFinished;
  const timeouts = options.timeouts;
  let backend = options.backend;
  let inFlightUpstream = 0;
  let activeRequests = 0;
  let draining = false;
  const cancellers = new Set<Cancellation>();
  let idle: (() => void) | undefined;
  let modelsBody: { for: ModelDirectory; body: string } | undefined;

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      noDelay: true,
    },
    (req, res) => {
      activeRequests++;
      res.once("close", () => {
        activeRequests--;
        if (activeRequests === 0 && idle) idle();
      });
      if (draining) res.setHeader("connection", "close");
      // Only browsers send Origin: other clients never pay for this.
      const origin = req.headers.origin;
      if (origin !== undefined) {
        const allowed = allowedOrigin(backend.cors, origin);
        if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
          preflight(res, allowed, req.headers["access-control-request-headers"]);
          return;
        }
        if (allowed)
          for (const [name, value] of Object.entries(corsHeaders(allowed)))
            res.setHeader(name, value);
      }
      route(req, res).catch((error: unknown) => {
        log(
          `gateway: unexpected error: ${printable(error instanceof Error ? error.message : String(error))}`,
        );
        if (!res.headersSent) sendError(res, toHttpError(error));
        else if (!res.writableEnded) res.destroy();
      });
    },
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;

  const sweeper = setInterval(() => {
    memory.sweep();
    responseItems.sweep();
  }, 60_000);
  sweeper.unref();

  /** A browser asking whether it may call: yes for an allowed origin, else no CORS headers. */
  function preflight(
    res: ServerResponse,
    allowed: string | undefined,
    requestedHeaders: string | undefined,
  ): void {
    res.writeHead(204, allowed ? preflightHeaders(allowed, requestedHeaders) : { vary: "Origin" });
    res.end();
    metrics.requests.add({ route: "other", status: "204" });
  }

  function requireAuth(req: IncomingMessage): void {
    if (!authorize(backend.auth, req.headers.authorization)) {
      throw new GatewayHttpError(
        401,
        "authentication_error",
        req.headers.authorization === undefined
          ? "missing gateway token: send Authorization: Bearer <gateway token>"
          : "incorrect gateway token",
        { code: "invalid_api_key", errorClass: "auth" },
      );
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    const dialect: ChatApi | undefined =
      path === "/v1/chat/completions"
        ? "chat_completions"
        : path === "/v1/responses"
          ? "responses"
          : undefined;
    if (dialect) {
      if (req.method !== "POST") {
        methodNotAllowed(res, "POST");
        metrics.requests.add({ route: dialect, status: "405" });
        return;
      }
      return answerChat(req, res, dialect);
    }
    try {
      if (path === "/healthz") {
        if (req.method !== "GET" && req.method !== "HEAD") return methodNotAllowed(res, "GET");
        return sendJson(
          res,
          draining ? 503 : 200,
          JSON.stringify({ status: draining ? "draining" : "ok", inFlight: inFlightUpstream }),
        );
      }
      if (path === "/metrics") {
        if (req.method !== "GET") return methodNotAllowed(res, "GET");
        requireAuth(req);
        const text = metrics.render(processMetrics);
        res.writeHead(200, {
          "content-type": "text/plain; version=0.0.4; charset=utf-8",
          "content-length": Buffer.byteLength(text),
        });
        res.end(text);
        return;
      }
      if (path === "/v1/models") {
        if (req.method !== "GET") return methodNotAllowed(res, "GET");
        requireAuth(req);
        const directory = backend.directory;
        if (modelsBody?.for !== directory) {
          modelsBody = {
            for: directory,
            body: JSON.stringify({ object: "list", data: directory.list().map(modelObject) }),
          };
        }
        return sendJson(res, 200, modelsBody.body);
      }
      if (path.startsWith("/v1/models/")) {
        if (req.method !== "GET") return methodNotAllowed(res, "GET");
        requireAuth(req);
        let id: string;
        try {
          id = decodeURIComponent(path.slice("/v1/models/".length));
        } catch {
          throw badRequest("the model id in the path is not valid percent-encoding", "model");
        }
        const model = backend.directory.find(id);
        if (!model) throw unknownModel(backend.directory, id);
        return sendJson(res, 200, JSON.stringify(modelObject(model)));
      }
      throw new GatewayHttpError(404, "not_found_error", noRouteMessage(req.method, path), {
        code: "unknown_route",
        errorClass: "not_found",
      });
    } catch (error) {
      sendError(res, toHttpError(error));
    } finally {
      metrics.requests.add({ route: "other", status: String(res.statusCode) });
    }
  }

  function methodNotAllowed(res: ServerResponse, allow: string): void {
    res.setHeader("allow", allow);
    sendError(
      res,
      new GatewayHttpError(405, "invalid_request_error", `method not allowed; use ${allow}`, {
        code: "method_not_allowed",
        errorClass: "bad_request",
      }),
    );
  }

  /** A chat request on either API: auth, parse, model, then the relay for its dialect and form. */
  async function answerChat(
    req: IncomingMessage,
    res: ServerResponse,
    dialect: ChatApi,
  ): Promise<void> {
    const record: RequestRecord = {
      dialect,
      inBandError: undefined,
      ts: Date.now(),
      started: performance.now(),
      requestId: nextRequestId(),
      client: req.socket.remoteAddress ?? "unknown",
      stream: false,
      status: 200,
      errorClass: undefined,
      modelRequested: undefined,
      modelUsed: undefined,
      fallbackFrom: undefined,
      traceId: undefined,
      usage: undefined,
      costUsd: 0,
      ttftMs: undefined,
    };
    const current = backend;
    let holdsSlot = false;
    const controller = new Cancellation();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(CLIENT_GONE);
    };
    try {
      requireAuth(req);
      const raw = await readBody(req, limits.maxBodyBytes);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch (error) {
        throw badRequest(
          `the request body is not valid JSON (${error instanceof Error ? error.message : "parse error"})`,
          null,
          "invalid_json",
        );
      }
      const parsed = parseChatRequest(
        dialect === "responses" ? responsesToChatBody(body, (id) => responseItems.get(id)) : body,
        limits,
      );
      record.stream = parsed.stream;
      record.modelRequested = parsed.model;
      if (parsed.user) record.client = parsed.user;
      const target = current.directory.find(parsed.model);
      if (!target) throw unknownModel(current.directory, parsed.model);
      const restored = memory.restore(parsed.request.messages);
      if (restored > 0) metrics.reasoningRestored.add({}, restored);
      if (inFlightUpstream >= limits.maxConcurrentUpstream) {
        throw new GatewayHttpError(
          429,
          "rate_limit_error",
          `the gateway is serving ${limits.maxConcurrentUpstream} upstream requests already; retry shortly`,
          { code: "gateway_busy", retryAfterSec: 1, errorClass: "gateway_busy" },
        );
      }
      inFlightUpstream++;
      holdsSlot = true;
      metrics.activeStreams.set({}, inFlightUpstream);
      cancellers.add(controller);
      res.once("close", onClose);
      if (dialect === "responses")
        await relayResponse(current.runtime, target, parsed, res, record, controller, body);
      else if (parsed.stream)
        await relayStream(current.runtime, target, parsed, res, record, controller);
      else await relayComplete(current.runtime, target, parsed, res, record, controller);
    } catch (error) {
      const reason: unknown = controller.aborted ? controller.reason : undefined;
      const httpError =
        reason instanceof GatewayHttpError
          ? reason
          : error instanceof GatewayHttpError
            ? error
            : res.destroyed
              ? CLIENT_GONE
              : toHttpError(error);
      const gone =
        res.destroyed || httpError === CLIENT_GONE || httpError.errorClass === "slow_client";
      if (httpError.errorClass === "slow_client") res.destroy();
      record.status = httpError.status;
      record.errorClass = httpError.errorClass;
      if (res.headersSent) {
        if (!gone && !res.writableEnded) {
          // The stream already started: report the failure in-band, as OpenAI does.
          res.end(record.inBandError?.(httpError) ?? `data: ${httpError.body()}\n\n`);
        }
      } else if (!gone) {
        sendError(res, httpError, record.requestId);
      }
    } finally {
      if (holdsSlot) {
        inFlightUpstream--;
        metrics.activeStreams.set({}, inFlightUpstream);
        cancellers.delete(controller);
        res.off("close", onClose);
      }
      finish(record);
    }
  }

  function finish(record: RequestRecord): void {
    const latencyMs = performance.now() - record.started;
    const usage = record.usage;
    metrics.completed({
      route: record.dialect,
      status: record.status,
      stream: record.stream,
      errorClass: record.errorClass,
      latencySeconds: latencyMs / 1000,
      ttftSeconds: record.ttftMs === undefined ? undefined : record.ttftMs / 1000,
      modelUsed: record.modelUsed,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      cachedTokens: usage?.cachedTokens ?? 0,
      costUsd: record.costUsd,
    });
    if (!ledger && !onRequestFinished) return;
    const row: LedgerRow = {
      ts: record.ts,
      requestId: record.requestId,
      traceId: record.traceId,
      client: record.client,
      modelRequested: record.modelRequested,
      modelUsed: record.modelUsed,
      fallbackFrom: record.fallbackFrom,
      stream: record.stream,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      cachedTokens: usage?.cachedTokens ?? 0,
      costUsd: record.costUsd,
      latencyMs,
      ttftMs: record.ttftMs,
      status: record.status,
      outcome:
        record.errorClass === undefined
          ? "ok"
          : record.errorClass === "client_disconnect"
            ? "client_disconnect"
            : "error",
      errorClass: record.errorClass,
      api: record.dialect,
    };
    ledger?.record(row);
    onRequestFinished?.(row);
  }

  function applyResult(record: RequestRecord, result: RunResult): void {
    record.modelUsed = result.model;
    record.traceId = result.traceId;
    record.usage = result.usage;
    record.costUsd = result.cost.total;
    record.fallbackFrom = result.fallbackFrom;
    if (result.message.tool_calls && result.message.tool_calls.length > 0)
      memory.remember(result.message);
  }

  /**
   * Follows a run's attempts for one request, streamed or not: counts retries and fallbacks as
   * they happen (failed runs too) and keeps the record's model and trace id current. Returns a
   * function that takes each event (or nothing) and answers with the ref being tried now.
   */
  function trackAttempts(
    target: GatewayModel,
    record: RequestRecord,
  ): (event: RuntimeEvent | undefined) => string {
    let currentRef = target.chain?.[0] ?? target.id;
    return (event) => {
      if (event?.type === "start") {
        // The transport names the bare model id; the client and the ledger get the ref.
        record.modelUsed = currentRef;
        record.traceId = event.traceId;
      } else if (event?.type === "retry") {
        metrics.retries.add({ model: event.model });
      } else if (event?.type === "fallback") {
        metrics.fallbacks.add({ from: event.from, to: event.to });
        currentRef = event.to;
      }
      return currentRef;
    };
  }

  function runOptions(parsed: ParsedChatRequest, signal: CancelSignal): RunOptions {
    const run: RunOptions = { model: parsed.model, request: parsed.request, signal };
    if (timeouts) run.timeouts = timeouts;
    return run;
  }

  async function relayComplete(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    res: ServerResponse,
    record: RequestRecord,
    signal: CancelSignal,
  ): Promise<void> {
    const result = await completeRun(runtime, target, parsed, record, signal);
    const body = completionBody({
      id: record.requestId,
      created: Math.floor(record.ts / 1000),
      model: result.model,
      message: result.message,
      finishReason: result.finishReason,
      usage: result.usage,
    });
    sendAnswer(res, record, result, body);
  }

  /** Runs a request to its end (no streaming to the client): retries, fallbacks, the record. */
  async function completeRun(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    record: RequestRecord,
    signal: CancelSignal,
  ): Promise<RunResult> {
    const progress = trackAttempts(target, record);
    let result: RunResult;
    try {
      result = await runtime.complete(runOptions(parsed, signal), (event) => {
        progress(event);
      });
    } catch (error) {
      // A failed run is logged under the model it ended on.
      record.modelUsed ??= progress(undefined);
      throw error;
    }
    applyResult(record, result);
    return result;
  }

  /** A whole JSON answer, with the headers that say which request and model it was. */
  function sendAnswer(
    res: ServerResponse,
    record: RequestRecord,
    result: RunResult,
    body: string,
  ): void {
    const headers = responseHeaders(JSON_HEADERS, record.requestId, result.model, result.traceId);
    headers["content-length"] = Buffer.byteLength(body);
    res.writeHead(200, headers);
    res.end(body);
  }

  /** A streamed answer's output for `record`; its headers are taken when the first text goes. */
  function sseOutput(
    res: ServerResponse,
    record: RequestRecord,
    model: string,
    opening: () => string,
  ): SseOutput {
    return createSseOutput({
      res,
      record,
      opening,
      headers: () =>
        responseHeaders(SSE_HEADERS, record.requestId, record.modelUsed ?? model, record.traceId),
      writeStallMs: limits.writeStallMs,
    });
  }

  /**
   * Runs a streamed request and writes each event as `writer` renders it; returns how the answer
   * ended, for the caller's closing events. What arrived before a failure is written before the
   * failure propagates (the caller then reports it in-band).
   */
  async function relayEvents(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    record: RequestRecord,
    signal: CancelSignal,
    output: SseOutput,
    writer: EventWriter,
  ): Promise<{ finishReason: FinishReason; usage: Usage | undefined }> {
    const progress = trackAttempts(target, record);
    writer.setModel(progress(undefined));
    let finished: { reason: FinishReason; message: AssistantMessage } | undefined;
    let usage: Usage | undefined;
    let result: RunResult | undefined;
    const write = (text: string) => {
      if (text !== "") output.push(text);
    };
    const sink = (event: RuntimeEvent): Promise<void> | undefined => {
      const currentRef = progress(event);
      switch (event.type) {
        case "start":
          writer.setModel(currentRef);
          break;
        case "text":
          if (event.delta !== "") write(writer.text(event.delta));
          break;
        case "reasoning":
          if (event.delta !== "") write(writer.reasoning(event.delta));
          break;
        case "tool_call_delta":
          write(writer.toolCallDelta(event));
          break;
        case "tool_call":
          write(writer.toolCall(event.index, event.toolCall));
          break;
        case "usage":
          usage = event.usage;
          break;
        case "done":
          finished = { reason: event.finishReason, message: event.message };
          usage = event.usage ?? usage;
          write(writer.done(event.finishReason));
          break;
        case "result":
          result = event.result;
          break;
      }
      // The runtime pauses the upstream until the client has read what was written.
      return output.drained(signal);
    };
    try {
      await runtime.relay(runOptions(parsed, signal), sink);
    } catch (error) {
      record.modelUsed ??= progress(undefined);
      // What arrived before the failure goes out first; the error follows it in-band.
      output.flushNow();
      throw error;
    }
    if (result) applyResult(record, result);
    else if (finished?.message.tool_calls) memory.remember(finished.message);
    usage = record.usage ?? usage;
    record.usage = usage;
    return { finishReason: result?.finishReason ?? finished?.reason ?? "stop", usage };
  }

  async function relayStream(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    res: ServerResponse,
    record: RequestRecord,
    signal: CancelSignal,
  ): Promise<void> {
    const encoder = new ChunkEncoder(
      record.requestId,
      Math.floor(record.ts / 1000),
      target.chain?.[0] ?? target.id,
    );
    const output = sseOutput(res, record, parsed.model, () => encoder.role());
    // A call already sent as fragments is not sent again whole.
    const fragmented = new Set<number>();
    const { usage } = await relayEvents(runtime, target, parsed, record, signal, output, {
      setModel: (model) => encoder.setModel(model),
      text: (delta) => encoder.text(delta),
      reasoning: (delta) => encoder.reasoning(delta),
      toolCallDelta: (event) => {
        fragmented.add(event.index);
        return encoder.toolCallDelta(event.index, event.id, event.name, event.argumentsDelta);
      },
      toolCall: (index, call) => (fragmented.has(index) ? "" : encoder.toolCall(index, call)),
      done: (reason) => encoder.finish(reason),
    });
    output.end((parsed.includeUsage && usage ? encoder.usage(usage) : "") + encoder.done());
  }

  /** A Responses API request, streamed or not, answered from the same runtime run. */
  async function relayResponse(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    res: ServerResponse,
    record: RequestRecord,
    signal: CancelSignal,
    body: unknown,
  ): Promise<void> {
    const meta = {
      id: record.requestId,
      createdAt: Math.floor(record.ts / 1000),
      model: target.chain?.[0] ?? target.id,
      echo: requestEcho(body),
    };
    if (!parsed.stream) {
      const result = await completeRun(runtime, target, parsed, record, signal);
      const response = responseObject(
        { ...meta, model: result.model },
        result.message,
        result.finishReason,
        result.usage,
      );
      rememberItems(response.output);
      sendAnswer(res, record, result, JSON.stringify(response));
      return;
    }
    const encoder = new ResponseEventEncoder(meta);
    const output = sseOutput(res, record, parsed.model, () => encoder.start());
    record.inBandError = (error) => encoder.failure(error.code ?? error.type, error.message);
    // Function-call arguments stream as they come; the response closes once the usage is known.
    const { finishReason, usage } = await relayEvents(
      runtime,
      target,
      parsed,
      record,
      signal,
      output,
      {
        setModel: (model) => encoder.setModel(model),
        text: (delta) => encoder.text(delta),
        reasoning: (delta) => encoder.reasoning(delta),
        toolCallDelta: (event) =>
          encoder.toolCallDelta(event.index, event.id, event.name, event.argumentsDelta),
        toolCall: (index, call) => encoder.toolCall(index, call),
        done: () => "",
      },
    );
    output.end(encoder.finish(finishReason, usage));
    rememberItems(encoder.items());
  }

  return {
    server,
    metrics,
    memory,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    setBackend(next) {
      backend = next;
    },
    activeRequests: () => activeRequests,
    async close(deadlineMs) {
      draining = true;
      clearInterval(sweeper);
      processMetrics.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let cancelled = 0;
      if (activeRequests > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadlineMs);
          timer.unref();
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        idle = undefined;
      }
      if (activeRequests > 0) {
        cancelled = cancellers.size;
        for (const controller of cancellers) controller.abort(SHUTTING_DOWN);
        // Give the relays a moment to end their responses before the sockets go.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Whatever is left is idle keep-alive connections (or responses past the deadline).
      server.closeAllConnections();
      await closed;
      return { cancelled };
    },
  };
}
