/**
 * The gateway's HTTP server: node:http, no framework. Routes, auth, limits, each chat request's
 * way from its body to a relay (`chat-relays.ts`) and into the ledger, and a drain on shutdown.
 * Everything that can be a pure function lives in its own module (validation, formats, memory,
 * metrics); this file is the I/O edge.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import { DEFAULT_LIMITS, type GatewayLimits } from "../config/gateway-defaults.js";
import { ProviderError } from "../providers/errors.js";
import type { Timeouts } from "../providers/types.js";
import { keysMissingIn } from "../runtime/chain-failure.js";
import { estimateRequestTokens, runFailureOf } from "../runtime/index.js";
import type { Runtime } from "../runtime/types.js";
import { Cancellation } from "../util/cancellation.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { onceEach } from "../util/once-each.js";
import { printable } from "../util/printable.js";
import { anthropicClientId } from "./anthropic-client-id.js";
import { anthropicModelInfo, anthropicModelPage } from "./anthropic-models.js";
import { stopSequencesRefusal } from "./anthropic-stop-sequences.js";
import type { AuthPolicy } from "./auth.js";
import { parseBodyJson } from "./body-json.js";
import { checkNesting, checkNestingOfText } from "./body-nesting.js";
import { refuseWithoutToken } from "./browser-guard.js";
import { createChatRelays } from "./chat-relays.js";
import { claudeModelHint } from "./claude-model-hint.js";
import { blameInClientTerms } from "./client-blame.js";
import { answerClientErrors, rawAnswerRequestId } from "./client-timeouts.js";
import { type CompletionTextRules, parseCompletionsRequest } from "./completions-request.js";
import { makeRoomAtConnectionCap } from "./connection-room.js";
import { allowedOrigin, type CorsPolicy, corsHeaders, preflightHeaders } from "./cors.js";
import { withEnableThinking } from "./enable-thinking.js";
import {
  type ErrorAnswering,
  errorFormat,
  forClient,
  logCallerCode,
  logInternal,
  methodNotAllowed,
  sendCountedError,
} from "./error-answers.js";
import { grokModelHint } from "./grok-model-hint.js";
import { withHeldStops } from "./held-stop-request.js";
import { clientGone, GatewayHttpError, toHttpError } from "./http-error.js";
import { type ErrorRenderer, sendError, sendJson, setRouteRequestId } from "./http-send.js";
import {
  keyMissingLogLine,
  keyPassedOverLogLine,
  PROVIDER_KEY_MISSING,
} from "./key-missing-answer.js";
import type { ChatApi, LedgerRow, UsageLedger } from "./ledger.js";
import { limitSetting } from "./limit-setting.js";
import {
  closeAfterAnswer,
  closesBeforeAnswering,
  lingerWhenClosing,
  noteRequestRead,
} from "./lingering-close.js";
import { messagesErrorBody, messagesErrorOf } from "./messages-format.js";
import { parseMessagesRequest } from "./messages-request.js";
import { GatewayMetrics } from "./metrics.js";
import { type ModelDirectory, modelObject } from "./model-directory.js";
import { withMovedToolIdsOf } from "./moved-tool-ids.js";
import { openaiModelHint } from "./openai-model-hint.js";
import { ProcessMetrics } from "./process-metrics.js";
import { ReasoningMemory } from "./reasoning-memory.js";
import { withReasoningObject } from "./reasoning-object.js";
import { type RouteRefusal, refusedRouteLog } from "./refused-routes.js";
import { requireAuth } from "./request-auth.js";
import { awaitingContinue, continueIfExpected, decodeBody, readBody } from "./request-body.js";
import { costOf, type Finishing, finishRequest } from "./request-finish.js";
import { duplicateHost, missingHost, useOriginForm } from "./request-head.js";
import {
  estimateUnreportedUsage,
  type RequestRecord,
  recordFailure,
  startRecord,
} from "./request-record.js";
import type { ImageOrigin } from "./responses-content-parts.js";
import { parseResponsesRequest } from "./responses-request.js";
import { createResponsesStore } from "./responses-store.js";
import {
  chatDialectOf,
  isAnthropicErrorPath,
  isRead,
  noRouteHint,
  noRouteMessage,
  RESPONSES_PREFIX,
  ROOT_BODY,
} from "./route-table.js";
import { answerStoredResponse } from "./stored-responses.js";
import { chatStreamFailure } from "./stream-failure-wording.js";
import { unknownModel } from "./unknown-model.js";
import { unknownRoute } from "./unknown-route.js";
import { chatCompletionsMethodAdvice } from "./unserved-openai-apis.js";
import {
  MAX_MODEL_NAME_LENGTH,
  type ParsedChatRequest,
  parseChatRequest,
  type RequestLimits,
} from "./validate-request.js";

/** What one config generation provides; swapped as a whole on hot reload. */
export interface GatewayBackend {
  /** Runs the requests. */
  runtime: Runtime;
  /** The models served: what `GET /v1/models` lists and what a request's `model` may name. */
  directory: ModelDirectory;
  /** Who may call (`gateway.auth`). */
  auth: AuthPolicy;
  /** Which browser origins may call; undefined for none. */
  cors?: CorsPolicy | undefined;
}

// The limits' shape and defaults are the config's (`config get` names a key's default).
export { DEFAULT_LIMITS, type GatewayLimits };

export interface GatewayServerOptions {
  backend: GatewayBackend;
  ledger?: UsageLedger | undefined;
  metrics?: GatewayMetrics;
  memory?: ReasoningMemory;
  limits?: Partial<GatewayLimits>;
  /**
   * The limits startGateway's own `limits` option set (over the config's): a refusal over one of
   * them names that option, not the config's `gateway.limits.*` (words decided here, once).
   */
  limitsGivenAtStart?: Partial<GatewayLimits>;
  /**
   * How the fixes the log's fallback notes give reach the gateway's config (startGateway's, for a
   * program: the state dir's words, or the edit of its config object); bare commands unless told.
   */
  fixWords?: RetiredFixWords;
  /** Upstream timeouts passed to the runtime. */
  timeouts?: Timeouts;
  log?: (line: string) => void;
  /** Told of every finished chat request, with the row the ledger gets (secrets never in it). */
  onRequestFinished?: (row: LedgerRow) => void;
  /**
   * Told of requests refused for a path not served (404), at most once per method and path a
   * window (with a count of the repeats at its end); see refused-routes.ts.
   */
  onRouteRefused?: (refusal: RouteRefusal) => void;
  /** The window of `onRouteRefused` (a minute unless a test shortens it). */
  refusedRouteWindowMs?: number;
  /**
   * An error's message as its client reads it, from the message the log gets: a gateway bound
   * beyond loopback cuts the host's paths out (see host-paths.ts). Unchanged when left out.
   */
  clientText?: (message: string) => string;
}

/** The gateway's HTTP server as `createGatewayServer` builds it, before it listens. */
export interface GatewayServer {
  /** The Node HTTP server. */
  readonly server: Server;
  /** The metrics it serves at /metrics. */
  readonly metrics: GatewayMetrics;
  /** The reasoning of the tool-call turns it answered, restored when clients replay them. */
  readonly memory: ReasoningMemory;
  /** Listens on `host`:`port` (0 picks a free port); resolves with the address bound. */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Serves the requests that arrive from now on with `backend` (what a config reload builds). */
  setBackend(backend: GatewayBackend): void;
  /** Requests being served right now. */
  activeRequests(): number;
  /**
   * Stops accepting, lets running requests finish for up to `deadlineMs`, then cancels the rest.
   * Resolves once every connection is closed.
   */
  close(deadlineMs: number): Promise<{ cancelled: number }>;
}

/**
 * A body refused before it was read through (a 400 on its messages, its tools…) still names the
 * model and the client it was for in the ledger, so that `openclaw usage --errors` tells which
 * app sent it, rather than "(no model)" from the address. Only on the way out of a failure.
 */
function noteRefusedBody(record: RequestRecord, body: unknown, dialect: ChatApi): void {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return;
  const { model, user, safety_identifier, metadata } = body as Record<string, unknown>;
  if (typeof model === "string" && model.length <= MAX_MODEL_NAME_LENGTH && model.trim() !== "")
    record.modelRequested = model.trim();
  // The client as a served request names it: `user`, else a Responses request's
  // safety_identifier, else a Messages request's metadata.user_id, read as a served one reads it
  // (Claude Code's JSON, with a new session_id each run, as its device or account).
  const client =
    typeof user === "string" && user !== ""
      ? user
      : dialect === "messages"
        ? anthropicClientId((metadata as { user_id?: unknown } | null)?.user_id)
        : safety_identifier;
  if (typeof client === "string" && client !== "") record.client = client;
}

/**
 * The 429 beyond the cap on upstream requests: what is full and which setting sets it, so that
 * whoever runs the gateway can tell a burst from a cap set too low.
 */
function busyMessage(cap: number): string {
  const requests = cap === 1 ? "1 request" : `${cap} requests`;
  return `the gateway is already serving ${requests} upstream, as many as it takes at once (gateway.limits.maxConcurrentStreams, or fewer when the open-files limit cannot carry that many: its start-up log says so); retry shortly`;
}

/**
 * A running request cancelled by a stop (a second signal, or the drain deadline passed): what
 * happened and what the client can do. One reason serves every request cancelled, streamed or
 * not, so it says only of a stream that its answer is cut: a whole answer sent nothing.
 */
const SHUTTING_DOWN = new GatewayHttpError(
  503,
  "server_error",
  "the gateway is shutting down and stopped this request before its end (a second stop signal, or its drain deadline, gateway.limits.drainTimeoutMs, passed): send the request again once the gateway runs again; a streamed answer that ends here is incomplete",
  { code: "shutting_down", errorClass: "shutdown" },
);

/**
 * The error format of a request refused before its route is looked at (two Host headers, a host
 * or origin a gateway without a token refuses, an unexpected throw): Anthropic's on a path its
 * clients send to, as the route itself would answer, else OpenAI's. Error paths only.
 */
function errorFormatOfPath(url = "/"): ErrorRenderer | undefined {
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  return isAnthropicErrorPath(path) ? messagesErrorBody : undefined;
}

/** How long a close waits, after the connections are gone, for the chat handlers to end. */
const HANDLERS_END_MS = 1000;

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const givenAtStart = options.limitsGivenAtStart ?? {};
  const bodyLimitSetting = limitSetting("maxBodyBytes", givenAtStart.maxBodyBytes !== undefined);
  const requestLimits: RequestLimits = {
    maxMessages: limits.maxMessages,
    maxMessagesSetting: limitSetting("maxMessages", givenAtStart.maxMessages !== undefined),
  };
  const metrics = options.metrics ?? new GatewayMetrics();
  const processMetrics = new ProcessMetrics();
  const memory = options.memory ?? new ReasoningMemory({ maxEntries: 10_000, ttlMs: 3_600_000 });
  const responsesStore = createResponsesStore();
  const log = options.log ?? (() => {});
  const relays = createChatRelays({
    metrics,
    memory,
    rememberResponse: responsesStore.rememberResponse,
    responseBegun: responsesStore.responseBegun,
    writeStallMs: limits.writeStallMs,
    timeouts: options.timeouts,
    noteAdjustment: onceEach((model, text) =>
      log(`gateway: ${model}: ${printable(text)} (said once per model)`),
    ),
    noteDroppedToolCallData: log,
    ...(options.clientText ? { clientText: options.clientText } : {}),
    ...(options.fixWords ? { fixWords: options.fixWords } : {}),
  });
  /** A config problem requests run into, said once (it is the same for every request). */
  const noteConfigProblem = onceEach((_, text) =>
    log(`gateway: requests fail on the config: ${printable(text)}`),
  );
  /** A provider without a key: the client is told whose it is to fix, the log how (once). */
  const noteKeyMissing = onceEach((_, line) => log(line));
  /** Where a finished chat request is told: the metrics, the ledger, the caller's hook. */
  const finishing: Finishing = {
    metrics,
    ledger: options.ledger,
    onRequestFinished: options.onRequestFinished,
  };
  /** What answering an error needs: its count, the log, the message as a client reads it. */
  const answering: ErrorAnswering = { metrics, log, clientText: options.clientText };
  const refusedRoutes = options.onRouteRefused
    ? refusedRouteLog(options.onRouteRefused, options.refusedRouteWindowMs)
    : undefined;
  let backend = options.backend;
  let inFlightUpstream = 0;
  let activeRequests = 0;
  let draining = false;
  /**
   * Every chat (or count_tokens) request being handled, from its first byte: cancelled at the
   * drain's deadline.
   */
  const cancellers = new Set<Cancellation>();
  /** Called when the last such handler has ended (a chat's ledger row recorded), while closing. */
  let handlersEnded: (() => void) | undefined;
  let idle: (() => void) | undefined;
  /** Per connection, the ends of the counts of its requests not answered yet. */
  const unansweredOn = new WeakMap<Socket, Set<() => void>>();
  let modelsBody: { for: ModelDirectory; body: string } | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    noteRequestRead(req);
    room?.noteRequest(req, res);
    const socket = req.socket;
    activeRequests++;
    let counted = true;
    const uncount = (): void => {
      if (!counted) return;
      counted = false;
      unansweredOn.get(socket)?.delete(uncount);
      activeRequests--;
      if (activeRequests === 0 && idle) idle();
    };
    res.once("close", uncount);
    // An answer queued behind one that closes the connection never gets the socket, so it never
    // emits "close": the connection's close ends its count, or a drain would wait for it.
    const unanswered = unansweredOn.get(socket);
    if (unanswered) unanswered.add(uncount);
    else {
      unansweredOn.set(socket, new Set([uncount]));
      socket.once("close", () => {
        for (const end of unansweredOn.get(socket) ?? []) end();
      });
    }
    if (draining) closeAfterAnswer(res);
    const hostProblem = req.headers.host === undefined ? missingHost(req) : duplicateHost(req);
    if (hostProblem) {
      // Which host the request is for is in doubt: nothing after it on the connection is served,
      // and the close lingers so that a body still coming does not reset the 400 away.
      closeAfterAnswer(res);
      lingerWhenClosing(socket);
      sendCountedError(answering, res, hostProblem, errorFormatOfPath(req.url));
      metrics.requests.add({ route: "other", status: "400" });
      return;
    }
    useOriginForm(req);
    // Only browsers send Origin: other clients never pay for this.
    const origin = req.headers.origin;
    if (backend.auth.mode === "none") {
      const refusal = refuseWithoutToken(req.headers.host, origin, backend.cors);
      if (refusal) {
        closeAfterAnswer(res);
        sendCountedError(answering, res, refusal, errorFormatOfPath(req.url));
        metrics.requests.add({ route: "other", status: "403" });
        return;
      }
    }
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
      if (!res.headersSent)
        sendError(
          res,
          forClient(answering, toHttpError(error)),
          undefined,
          errorFormatOfPath(req.url),
        );
      else if (!res.writableEnded) res.destroy();
    });
  };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      noDelay: true,
      // Answered by `handle` instead (missingHost), in the route's error format, not an empty 400.
      requireHostHeader: false,
    },
    handle,
  );
  // A client waiting on `Expect: 100-continue` gets its 100 only once its body is wanted.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    awaitingContinue(res);
    handle(req, res);
  });
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    noteRequestRead(req);
    closeAfterAnswer(res);
    sendError(
      res,
      new GatewayHttpError(
        417,
        "invalid_request_error",
        "the Expect header asks for something other than 100-continue, the only expectation this gateway meets",
        { code: "expectation_failed", errorClass: "bad_request" },
      ),
    );
  });
  const clientTimeouts = answerClientErrors(server, limits);
  const room =
    limits.maxConnections === undefined
      ? undefined
      : makeRoomAtConnectionCap(server, limits.maxConnections);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;

  const sweeper = setInterval(() => {
    memory.sweep();
    responsesStore.sweep();
  }, 60_000);
  sweeper.unref();

  /**
   * A browser asking whether it may call: yes for an allowed origin, else no CORS headers. Its
   * 204 has a request id as every other answer does (`req_`: no ledger row has it).
   */
  function preflight(
    res: ServerResponse,
    allowed: string | undefined,
    requestedHeaders: string | undefined,
  ): void {
    setRouteRequestId(res);
    res.writeHead(204, allowed ? preflightHeaders(allowed, requestedHeaders) : { vary: "Origin" });
    res.end();
    metrics.requests.add({ route: "other", status: "204" });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    const dialect = chatDialectOf(path);
    if (dialect) {
      if (req.method !== "POST") {
        setRouteRequestId(res);
        const advice =
          dialect === "chat_completions" ? chatCompletionsMethodAdvice(req.method) : undefined;
        methodNotAllowed(answering, res, "POST", errorFormat(dialect), advice);
        // Counted with the requests that reach no chat handler: a chat route's counts are its
        // chat requests, each a ledger row, so /metrics and `openclaw usage` agree.
        metrics.requests.add({ route: "other", status: String(res.statusCode) });
        return;
      }
      return answerChat(req, res, dialect);
    }
    // Every other answer, success or error, has a request id too (a chat's is its record's).
    const requestId = setRouteRequestId(res);
    if (path === "/v1/messages/count_tokens") return countTokens(req, res, requestId);
    const queryString = query < 0 ? "" : url.slice(query + 1);
    // The Anthropic SDKs send anthropic-version on every request: on the model routes, which both
    // APIs have, it asks for Anthropic's shapes, its error format and its x-api-key.
    const fromAnthropicClient =
      req.headers["anthropic-version"] !== undefined && /^\/v1\/models(?:\/|$)/.test(path);
    const anthropicRender = fromAnthropicClient ? messagesErrorBody : undefined;
    /** Set by an error's answer: the status requests_total counts (499 for a client gone). */
    let countedStatus: string | undefined;
    try {
      // A probe of the root (Claude Code sends HEAD / before its first request) is told what
      // answers here, not counted as an error.
      // `OPTIONS *` (RFC 9110 §9.3.7) asks what the server as a whole takes: every route's methods.
      if (path === "*" && req.method === "OPTIONS")
        return methodNotAllowed(answering, res, "GET, HEAD, POST, DELETE");
      if (path === "/") {
        if (!isRead(req.method)) return methodNotAllowed(answering, res, "GET, HEAD");
        return sendJson(res, 200, ROOT_BODY);
      }
      if (path === "/healthz") {
        if (!isRead(req.method)) return methodNotAllowed(answering, res, "GET, HEAD");
        return sendJson(
          res,
          draining ? 503 : 200,
          JSON.stringify({ status: draining ? "draining" : "ok", inFlight: inFlightUpstream }),
        );
      }
      if (path === "/metrics") {
        if (!isRead(req.method)) return methodNotAllowed(answering, res, "GET, HEAD");
        requireAuth(backend.auth, req);
        const text = maskKeyShapedNames(metrics.render(processMetrics));
        res.writeHead(200, {
          "content-type": "text/plain; version=0.0.4; charset=utf-8",
          "content-length": Buffer.byteLength(text),
        });
        res.end(text);
        return;
      }
      if (path === "/v1/models") {
        if (!isRead(req.method))
          return methodNotAllowed(answering, res, "GET, HEAD", anthropicRender);
        requireAuth(backend.auth, req, fromAnthropicClient);
        const directory = backend.directory;
        if (fromAnthropicClient) {
          const page = anthropicModelPage(directory.list(), new URLSearchParams(queryString));
          return sendJson(res, 200, maskKeyShapedNames(JSON.stringify(page)));
        }
        if (modelsBody?.for !== directory) {
          modelsBody = {
            for: directory,
            // A key pasted as a provider's name is not handed to every client that lists models.
            body: maskKeyShapedNames(
              JSON.stringify({ object: "list", data: directory.list().map(modelObject) }),
            ),
          };
        }
        return sendJson(res, 200, modelsBody.body);
      }
      if (path.startsWith("/v1/models/")) {
        if (!isRead(req.method))
          return methodNotAllowed(answering, res, "GET, HEAD", anthropicRender);
        requireAuth(backend.auth, req, fromAnthropicClient);
        const written = path.slice("/v1/models/".length);
        let id: string;
        try {
          id = decodeURIComponent(written);
        } catch {
          // A model id may hold a "%" (config ids are any text): sent unencoded, it is the id.
          id = written;
        }
        if (id.trim() === "") {
          throw new GatewayHttpError(
            404,
            "invalid_request_error",
            "no model id after /v1/models/: ask for GET /v1/models/{id} (a ref such as moonshot/kimi-k2.5, percent-encoded or not), or GET /v1/models for the list",
            { param: "model", code: "model_not_found", errorClass: "not_found" },
          );
        }
        const model = backend.directory.find(id);
        // Claude Code checks its models' names here too: an Anthropic client's claude-* name
        // gets the same hint as on /v1/messages.
        if (!model)
          throw unknownModel(
            backend.directory,
            id,
            fromAnthropicClient ? claudeModelHint(id, req.headers) : undefined,
          );
        // Left out of the list because its provider does not list it: a client checking an id
        // before offering it gets the same answer as for one the gateway does not know.
        const notServed = backend.directory.notServed?.(model);
        if (notServed !== undefined) {
          throw new GatewayHttpError(404, "invalid_request_error", notServed, {
            param: "model",
            code: "model_not_found",
            errorClass: "not_found",
          });
        }
        return sendJson(
          res,
          200,
          maskKeyShapedNames(
            JSON.stringify(
              fromAnthropicClient ? anthropicModelInfo(model, id) : modelObject(model),
            ),
          ),
        );
      }
      if (path.startsWith(RESPONSES_PREFIX)) {
        // OPTIONS only asks for the methods (no response is looked up): no token, as elsewhere.
        if (req.method !== "OPTIONS") requireAuth(backend.auth, req);
        const rest = path.slice(RESPONSES_PREFIX.length);
        const answer = answerStoredResponse(req.method, rest, queryString, responsesStore.history);
        if ("allow" in answer) return methodNotAllowed(answering, res, answer.allow);
        if ("status" in answer) return sendJson(res, answer.status, answer.body);
      }
      // The operator is told too: a client may show its user only "HTTP 404".
      refusedRoutes?.refused(req.method, url, 404, noRouteHint(path));
      throw unknownRoute(noRouteMessage(req.method, path));
    } catch (error) {
      const httpError = toHttpError(error);
      // The request id the client got names the line.
      const request = `${req.method} ${path} (request ${requestId})`;
      if (httpError.errorClass === "internal") logInternal(answering, request, error);
      else if (httpError.errorClass === "caller_code") logCallerCode(answering, request, error);
      // An Anthropic client's path: its SDK reads the error's type and message only in that format.
      countedStatus = sendCountedError(
        answering,
        res,
        httpError,
        isAnthropicErrorPath(path) ? messagesErrorBody : anthropicRender,
      );
    } finally {
      metrics.requests.add({ route: "other", status: countedStatus ?? String(res.statusCode) });
    }
  }

  /** A chat request on either API: auth, parse, model, then the relay for its dialect and form. */
  async function answerChat(
    req: IncomingMessage,
    res: ServerResponse,
    dialect: ChatApi,
  ): Promise<void> {
    const record = startRecord(dialect, req.socket.remoteAddress ?? "unknown");
    const current = backend;
    let holdsSlot = false;
    const controller = new Cancellation();
    let parsed: ParsedChatRequest | undefined;
    /** A Messages request's chat fields as the client named them, for an error's field. */
    let clientFields: ((text: string) => string) | undefined;
    /** Where a Responses request held each chat image part, for an image's refusal. */
    let clientImagePart: ((chatPart: string) => ImageOrigin | undefined) | undefined;
    /** The request as the client sent it, for naming its fields in an error. */
    let body: unknown;
    /** What the gateway does to a legacy completion's text (its echo, its stops held back). */
    let completionText: CompletionTextRules | undefined;
    const onClose = () => {
      if (!res.writableFinished) controller.abort(clientGone());
    };
    // From the start, not only once upstream: a request still sending its body when the drain's
    // deadline passes is cancelled too, and its row says shutdown, not that the client left.
    cancellers.add(controller);
    try {
      requireAuth(backend.auth, req, dialect === "messages");
      const raw = await readBody(
        req,
        limits.maxBodyBytes,
        () => continueIfExpected(req, res, !draining),
        bodyLimitSetting,
      );
      const text = decodeBody(raw);
      checkNestingOfText(text);
      body = parseBodyJson(text, dialect);
      checkNesting(body);
      if (dialect === "chat_completions") parsed = parseChatRequest(body, requestLimits);
      else if (dialect === "messages") {
        const messages = parseMessagesRequest(body, requestLimits);
        clientFields = messages.clientFields;
        parsed = messages;
      } else if (dialect === "responses") {
        const responses = parseResponsesRequest(
          body,
          responsesStore.lookupItem,
          responsesStore.conversationOf,
          requestLimits,
        );
        clientImagePart = responses.clientImagePart;
        parsed = responses;
      } else {
        const completions = parseCompletionsRequest(body, requestLimits);
        completionText = completions.text;
        parsed = completions;
      }
      record.stream = parsed.stream;
      record.modelRequested = parsed.model;
      if (parsed.user) record.client = parsed.user;
      const target = current.directory.find(parsed.model);
      if (!target)
        throw unknownModel(
          current.directory,
          parsed.model,
          dialect === "messages"
            ? claudeModelHint(parsed.model, req.headers)
            : (openaiModelHint(parsed.model) ??
                // Grok CLI speaks chat completions only: on /v1/responses a grok-* name is
                // another client's, which that advice would not fit.
                (dialect === "chat_completions" ? grokModelHint(parsed.model) : undefined)),
        );
      // Only the model's provider tells whether Qwen's thinking switch or OpenRouter's reasoning
      // object means anything there.
      parsed = withEnableThinking(parsed, target);
      parsed = withReasoningObject(parsed, target);
      // More stop sequences than the model's endpoint takes: the rest are the gateway's to apply.
      parsed = withHeldStops(parsed, target.stopLimits);
      // A conversation moved here from /v1/messages keeps the tool-call ids encoded there.
      if (dialect !== "messages") parsed = withMovedToolIdsOf(parsed);
      const restored = memory.restore(parsed.request.messages, parsed.user);
      if (restored > 0) metrics.reasoningRestored.add({}, restored);
      // Pipelined behind an answer that closes the connection (a 413 or 403, a refused
      // `Expect: 100-continue`, any answer while draining): its own answer could not be sent.
      if (closesBeforeAnswering(req)) throw clientGone();
      if (inFlightUpstream >= limits.maxConcurrentUpstream) {
        throw new GatewayHttpError(
          429,
          "rate_limit_error",
          busyMessage(limits.maxConcurrentUpstream),
          { code: "gateway_busy", retryAfterSec: 1, errorClass: "gateway_busy" },
        );
      }
      inFlightUpstream++;
      holdsSlot = true;
      metrics.activeStreams.set({}, inFlightUpstream);
      res.once("close", onClose);
      if (dialect === "chat_completions") {
        if (parsed.stream)
          await relays.stream(current.runtime, target, parsed, res, record, controller);
        else await relays.complete(current.runtime, target, parsed, res, record, controller);
      } else if (dialect === "responses")
        await relays.response(current.runtime, target, parsed, res, record, controller, body);
      else if (dialect === "messages")
        await relays.message(current.runtime, target, parsed, res, record, controller);
      else if (completionText)
        await relays.textCompletion(
          current.runtime,
          target,
          parsed,
          res,
          record,
          controller,
          completionText,
        );
    } catch (error) {
      const reason: unknown = controller.aborted ? controller.reason : undefined;
      const answeredRaw = clientTimeouts.answered(req.socket);
      // The raw 400, 408 or 413 gave the client an id of its own (this answer had none yet, to
      // keep a served request's head on Node's fast path): the row takes it, so the two agree.
      if (answeredRaw) record.requestId = rawAnswerRequestId(res) ?? record.requestId;
      const httpError =
        answeredRaw ??
        (reason instanceof GatewayHttpError
          ? reason
          : error instanceof GatewayHttpError
            ? error
            : res.destroyed
              ? clientGone()
              : ((dialect === "messages" ? stopSequencesRefusal(error) : undefined) ??
                toHttpError(
                  error,
                  parsed &&
                    blameInClientTerms(error, parsed, dialect, body, {
                      clientFields,
                      clientImagePart,
                    }),
                  options.fixWords,
                )));
      if (httpError.errorClass === "internal") logInternal(answering, record.requestId, error);
      else if (httpError.errorClass === "caller_code")
        logCallerCode(answering, record.requestId, error);
      else if (httpError.errorClass === "config") noteConfigProblem("config", httpError.message);
      else if (httpError.errorClass === PROVIDER_KEY_MISSING && error instanceof ProviderError)
        noteKeyMissing(PROVIDER_KEY_MISSING, keyMissingLogLine(error));
      // A chain that sent its request elsewhere is answered with that failure: the models it
      // passed over for a missing key are still the operator's to fix, told once each.
      for (const missing of keysMissingIn(error))
        noteKeyMissing(PROVIDER_KEY_MISSING, keyPassedOverLogLine(missing));
      const gone =
        res.destroyed ||
        httpError.errorClass === "client_disconnect" ||
        httpError.errorClass === "slow_client";
      if (httpError.errorClass === "slow_client") res.destroy();
      // The status the client was told: on Anthropic's route an upstream overload is its 529
      // (in the body, or as the in-band `overloaded_error` of a stream that had begun). A
      // cancelled request keeps its 499 on every route, as no client reads its answer.
      record.status =
        dialect === "messages" && httpError.status !== 499
          ? messagesErrorOf(httpError).status
          : httpError.status;
      record.errorClass = httpError.errorClass;
      if (parsed === undefined) noteRefusedBody(record, body, dialect);
      // The model the run called last, and the chain it went down, not one it only skipped.
      const failure = runFailureOf(error);
      // A web search that failed after its first request: what the provider already billed.
      const accrued = error instanceof ProviderError ? error.accrued : undefined;
      if (failure) {
        recordFailure(record, failure, accrued);
        // The attempt the run ended on; those it fell back from were counted as it went.
        const last = failure.failedAttempts.at(-1);
        // The run's error is its last attempt's: no API at its base URL is counted apart.
        if (
          last !== undefined &&
          error instanceof ProviderError &&
          error.noApiAtBaseUrl &&
          `${error.provider}/${error.model}` === last.model
        ) {
          // An answer only, as on a fallback: a skip for the provider's bench has no status.
          if (error.status !== undefined) metrics.noApi(last.model);
        } else if (last?.status === 404) metrics.notFound(last.model);
      }
      // The trace id of the request that failed (not of one that answered before it): the
      // client got it, the ledger keeps it too.
      record.traceId = httpError.traceId ?? record.traceId;
      if (res.headersSent) {
        if (!gone && !res.writableEnded) {
          // The stream already started: report the failure in-band, as OpenAI does.
          const shown = forClient(answering, httpError);
          res.end(record.inBandError?.(shown) ?? chatStreamFailure(shown));
        }
      } else if (!gone) {
        sendError(res, forClient(answering, httpError), record.requestId, errorFormat(dialect));
      }
    } finally {
      if (parsed)
        estimateUnreportedUsage(record, parsed.request, costOf(current.directory, record));
      if (holdsSlot) {
        inFlightUpstream--;
        metrics.activeStreams.set({}, inFlightUpstream);
        res.off("close", onClose);
      }
      finishRequest(finishing, record, backend.auth);
      cancellers.delete(controller);
      if (cancellers.size === 0) handlersEnded?.();
    }
  }

  /**
   * `POST /v1/messages/count_tokens`: the prompt's tokens as the runtime estimates them for its
   * context check (no upstream call, no ledger row: nothing is run or billed).
   */
  async function countTokens(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> {
    /** Set by an error's answer: the status requests_total counts (499 for an upload left). */
    let countedStatus: string | undefined;
    // An upload still coming when the drain's deadline passes is cut by the stop, as a chat's
    // is: a shutdown (503), not a client that left.
    const stop = new Cancellation();
    cancellers.add(stop);
    try {
      if (req.method !== "POST") return methodNotAllowed(answering, res, "POST", messagesErrorBody);
      requireAuth(backend.auth, req, true);
      const raw = await readBody(
        req,
        limits.maxBodyBytes,
        () => continueIfExpected(req, res, !draining),
        bodyLimitSetting,
      );
      const text = decodeBody(raw);
      checkNestingOfText(text);
      const body = parseBodyJson(text, "count_tokens");
      checkNesting(body);
      const parsed = parseMessagesRequest(body, requestLimits, true);
      if (!backend.directory.find(parsed.model))
        throw unknownModel(
          backend.directory,
          parsed.model,
          claudeModelHint(parsed.model, req.headers),
        );
      const inputTokens = estimateRequestTokens(parsed.request);
      sendJson(res, 200, JSON.stringify({ input_tokens: inputTokens }));
    } catch (error) {
      const httpError = stop.reason instanceof GatewayHttpError ? stop.reason : toHttpError(error);
      if (httpError.errorClass === "internal")
        logInternal(answering, `${req.method} count_tokens (request ${requestId})`, error);
      countedStatus = sendCountedError(answering, res, httpError, messagesErrorBody);
    } finally {
      metrics.requests.add({ route: "other", status: countedStatus ?? String(res.statusCode) });
      cancellers.delete(stop);
      if (cancellers.size === 0) handlersEnded?.();
    }
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
      refusedRoutes?.close();
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
      // A handler cut off with its connection (a body still coming in) records its ledger row
      // after the socket closed; the caller closes the ledger next, so that row is waited for.
      // Bounded, so that a close always ends.
      if (cancellers.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, HANDLERS_END_MS);
          timer.unref();
          handlersEnded = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        handlersEnded = undefined;
      }
      return { cancelled };
    },
  };
}
