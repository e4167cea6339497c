/**
 * An HTTP server on 127.0.0.1 that behaves like the Moonshot Open Platform (the instance's region
 * under `/v1`, the other region under `/<other>/v1`, each taking only its own keys) and Kimi Code
 * (under `/coding/v1`): same routes, same request checks, same error bodies, plus faults a test
 * can script.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  anthropicErrorBody,
  checkMessages,
  MESSAGES_ROUTE,
  messageBody,
  messageFrames,
  planMessage,
} from "./anthropic.js";
import { createContextCache } from "./context-cache.js";
import { errorBody, SIM_ERRORS, type SimError } from "./errors.js";
import { kimiCodeRatioPools } from "./kimi-ratio-pools.js";
import { DEFAULT_SIM_MODELS, listedFields, RETIRED_SIM_MODELS, type SimModel } from "./models.js";
import { cutAtOutputCap, requestedOutputCap } from "./output-cap.js";
import { planQuotas } from "./plan-quotas.js";
import { completionBody, frame, piecesOfBytes, planReply, streamPayloads } from "./reply.js";
import { estimatePromptTokens } from "./tokens.js";
import type {
  SimKeys,
  SimQuota,
  SimRecordedRequest,
  SimRegion,
  SimRespond,
  SimRule,
  SimStreamShape,
  SimSurface,
  Simulator,
  SimulatorOptions,
} from "./types.js";
import { validateChat } from "./validate.js";

/** Obviously fake keys, one per surface and region. */
export const SIM_KEYS: SimKeys = {
  ai: ["sk-test-moonshot-ai-0001"],
  cn: ["sk-test-moonshot-cn-0001"],
  kimiCode: ["sk-kimi-test-0001"],
};

export const DEFAULT_ALLOWED_USER_AGENTS =
  /^(KimiCLI|kimi-cli|claude-cli|claude-code|RooCode|roo-code|KiloCode|kilo-code)\/\S+/i;

type Json = Record<string, unknown>;

interface ActiveRule {
  rule: SimRule;
  remaining: number;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A request a client makes on its own, beside the chat requests a test scripts answers for. */
function askedOnItsOwn(path: string): boolean {
  return path.endsWith("/models") || path.endsWith("/usages");
}

/** The region a simulator does not serve at `/v1`, which it serves at `/<other>/v1`. */
export function otherRegionOf(region: SimRegion): SimRegion {
  return region === "ai" ? "cn" : "ai";
}

/**
 * Which surface (and, on Moonshot, which region) a path is for. The other region has a base URL
 * of its own so that both of openclaw's region variables can point at one simulator while each
 * behaves as its platform does: a key of one region refused on the other (401), as on the real
 * API, instead of one `/v1` taking a key onboarded as the other region's.
 */
function surfaceOf(
  path: string,
  region: SimRegion,
): { surface: SimSurface; route: string; region: SimRegion } | undefined {
  if (path.startsWith("/coding/v1/")) {
    return { surface: "kimi-code", route: path.slice("/coding/v1".length), region };
  }
  if (path.startsWith("/v1/")) {
    return { surface: "moonshot", route: path.slice("/v1".length), region };
  }
  const other = otherRegionOf(region);
  const otherPrefix = `/${other}/v1`;
  if (path.startsWith(`${otherPrefix}/`)) {
    return { surface: "moonshot", route: path.slice(otherPrefix.length), region: other };
  }
  return undefined;
}

/**
 * What the Moonshot host answers for a path it serves nothing at: `code` 5, `error`
 * "url.not_found" and a message in Chinese ("object not found"), no `type`.
 */
export function urlNotFoundBody(method: string, path: string): string {
  return JSON.stringify({
    code: 5,
    error: "url.not_found",
    message: "没找到对象",
    method,
    scode: "0x5",
    status: false,
    url: path,
  });
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

/** Whether a request is for Kimi Code's Anthropic surface (`/coding/v1/messages`). */
function isMessagesRoute(located: { surface: SimSurface; route: string } | undefined): boolean {
  return located?.surface === "kimi-code" && located.route === MESSAGES_ROUTE;
}

/** The key of an Anthropic client: `x-api-key`, else a Bearer token. */
function anthropicKey(req: IncomingMessage): string | undefined {
  const header = req.headers["x-api-key"];
  return (typeof header === "string" ? header.trim() : undefined) || bearer(req);
}

const INSTANT_TEXT = "OK";

function instantBodies(): { json: Buffer; sse: Buffer } {
  const created = Math.floor(Date.now() / 1000);
  const base = { id: "chatcmpl-instant", created, model: "kimi-k2.5" };
  const usage = { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9, cached_tokens: 0 };
  const json = JSON.stringify({
    ...base,
    object: "chat.completion",
    choices: [
      { index: 0, message: { role: "assistant", content: INSTANT_TEXT }, finish_reason: "stop" },
    ],
    usage,
  });
  const chunk = (choice: Json) =>
    `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [choice] })}\n\n`;
  const sse =
    chunk({ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }) +
    chunk({ index: 0, delta: { content: INSTANT_TEXT }, finish_reason: null }) +
    chunk({ index: 0, delta: {}, finish_reason: "stop", usage }) +
    "data: [DONE]\n\n";
  return { json: Buffer.from(json), sse: Buffer.from(sse) };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const region: SimRegion = options.region ?? "ai";
  const keys: SimKeys = {
    ai: options.keys?.ai ?? SIM_KEYS.ai,
    cn: options.keys?.cn ?? SIM_KEYS.cn,
    kimiCode: options.keys?.kimiCode ?? SIM_KEYS.kimiCode,
  };
  const models = new Map<string, SimModel>();
  const served =
    options.models ??
    (options.serveRetiredModels
      ? [...DEFAULT_SIM_MODELS, ...RETIRED_SIM_MODELS]
      : DEFAULT_SIM_MODELS);
  for (const model of served) models.set(model.id, model);
  const allowedUserAgents = options.allowedUserAgents ?? DEFAULT_ALLOWED_USER_AGENTS;
  const instant = options.instant === true;
  const record = options.record ?? !instant;
  const defaultShape: SimStreamShape = options.stream ?? {};
  const instantBody = instant ? instantBodies() : undefined;

  const requests: SimRecordedRequest[] = [];
  let rules: ActiveRule[] = [];
  const sockets = new Set<Socket>();
  const unanswered = new Set<ServerResponse>();
  let closedBeforeAnswered = 0;
  const timers = new Set<NodeJS.Timeout>();
  let traceCounter = 0;
  const mshTrace = options.traceHeaders === "msh";
  /** The response headers that carry `traceId`. */
  const traceHeaders = (traceId: string): Record<string, string> =>
    mshTrace
      ? { "x-msh-trace-id": traceId, "msh-request-id": `req-${traceId}` }
      : { "x-trace-id": traceId };

  const later = (ms: number, res: ServerResponse, fn: () => void): void => {
    const cancel = () => {
      clearTimeout(timer);
      timers.delete(timer);
    };
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.off("close", cancel);
      if (!res.destroyed) fn();
    }, ms);
    timers.add(timer);
    res.once("close", cancel);
  };

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: string,
    traceId: string,
    extra?: Record<string, string>,
  ): void => {
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      ...traceHeaders(traceId),
      ...extra,
    });
    res.end(body);
  };

  const sendError = (
    res: ServerResponse,
    error: SimError,
    traceId: string,
    extra?: Record<string, string>,
  ): void => {
    const headers: Record<string, string> = { ...error.headers, ...extra };
    if (error.retryAfter !== undefined) headers["retry-after"] = String(error.retryAfter);
    sendJson(res, error.status, errorBody(error.type, error.message), traceId, headers);
  };

  /** The same refusal in the Messages format. */
  const sendAnthropicError = (
    res: ServerResponse,
    error: SimError,
    traceId: string,
    extra?: Record<string, string>,
  ): void => {
    const headers: Record<string, string> = { ...error.headers, ...extra };
    if (error.retryAfter !== undefined) headers["retry-after"] = String(error.retryAfter);
    sendJson(res, error.status, anthropicErrorBody(error), traceId, headers);
  };

  /** The first matching rule, used up by one; `giveBack` undoes that (for a refused request). */
  const takeRule = (
    path: string,
    surface: SimSurface,
    body: unknown,
  ): { respond: SimRespond; giveBack: () => void } | undefined => {
    const model = isObject(body) && typeof body.model === "string" ? body.model : undefined;
    const stream = isObject(body) ? body.stream === true : false;
    for (const active of rules) {
      if (active.remaining <= 0) continue;
      const when = active.rule.when ?? {};
      if (when.model !== undefined && when.model !== model) continue;
      // The model list is asked on its own (a gateway at start), and Kimi Code's usage when its
      // plan refuses a request: only a rule naming its path answers either, so a test's scripted
      // next answer is not used up by that.
      if (when.path === undefined ? askedOnItsOwn(path) : when.path !== path) continue;
      if (when.stream !== undefined && when.stream !== stream) continue;
      if (when.surface !== undefined && when.surface !== surface) continue;
      active.remaining -= 1;
      return {
        respond: active.rule.respond,
        giveBack: () => {
          active.remaining += 1;
        },
      };
    }
    return undefined;
  };

  /** Moonshot keys are per region (`served`, the one the path is for); Kimi Code keys are their own. */
  const checkAuth = (
    req: IncomingMessage,
    surface: SimSurface,
    served: SimRegion,
    key = bearer(req),
  ): SimError | undefined => {
    if (!key)
      return options.keyless && !req.headers.authorization
        ? undefined
        : SIM_ERRORS.invalidAuthentication;
    if (surface === "kimi-code") {
      if (keys.kimiCode.includes(key)) return undefined;
      return SIM_ERRORS.invalidAuthentication;
    }
    if (keys[served].includes(key)) return undefined;
    const otherRegion = keys[otherRegionOf(served)];
    if (otherRegion.includes(key) || keys.kimiCode.includes(key)) {
      return SIM_ERRORS.invalidAuthentication;
    }
    return SIM_ERRORS.incorrectApiKey;
  };

  /** Waits `ms`, sending a `: keep-alive` comment line every `every` ms meanwhile (if set). */
  const pause = async (
    res: ServerResponse,
    ms: number,
    every: number | undefined,
    eol: string,
  ): Promise<void> => {
    let left = ms;
    while (every !== undefined && every > 0 && left > every) {
      await new Promise<void>((resolve) => later(every, res, resolve));
      if (res.destroyed) return;
      res.write(`: keep-alive${eol}`);
      left -= every;
    }
    await new Promise<void>((resolve) => later(left, res, resolve));
  };

  const writeStream = async (
    res: ServerResponse,
    frames: ReadonlyArray<string | Buffer>,
    respond: SimRespond | undefined,
    apart = false,
    eol = "\n",
  ): Promise<void> => {
    const delay = respond?.chunkDelayMs ?? 0;
    const cut = respond?.cutAfterChunks;
    if (delay <= 0 && cut === undefined && !apart) {
      res.end(frames.join(""));
      return;
    }
    for (let i = 0; i < frames.length; i++) {
      if (res.destroyed) return;
      if (cut !== undefined && i >= cut) {
        res.socket?.destroy();
        return;
      }
      const chunk = frames[i] ?? "";
      await new Promise<void>((resolve) => res.write(chunk, () => resolve()));
      if (delay > 0) {
        await pause(res, delay, respond?.keepAliveEveryMs, eol);
      } else if (apart) {
        // A turn of the event loop between two pieces: each goes out in a write of its own.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (!res.destroyed) res.end();
  };

  const contextCache = options.contextCaching ? createContextCache() : undefined;

  const handleChat = (
    res: ServerResponse,
    body: unknown,
    key: string | undefined,
    surface: SimSurface,
    traceId: string,
    respond: SimRespond | undefined,
    giveBack: (() => void) | undefined,
  ): void => {
    const checked = validateChat(
      body,
      models,
      surface,
      options.tokenFactor,
      options.tokenLimitWording,
    );
    let thinking = false;
    let promptTokens = isObject(body) ? estimatePromptTokens(body) : 0;
    if ("status" in checked) {
      if (!respond?.skipChecks) {
        // The API refused the request before any reply: a scripted reply waits for the next one.
        giveBack?.();
        sendError(res, checked, traceId, respond?.headers);
        return;
      }
    } else {
      thinking = checked.thinking;
      promptTokens = checked.promptTokens;
    }
    const request = isObject(body) ? body : {};
    const cap = respond?.overrunsOutputCap ? undefined : requestedOutputCap(request);
    const plan = cutAtOutputCap(planReply(request, thinking, promptTokens, respond?.reply), cap);
    if (contextCache && key !== undefined) {
      const cached = contextCache.cachedTokens(surface, key, request, plan.promptTokens);
      if (respond?.reply?.usage?.cachedTokens === undefined) plan.cachedTokens = cached;
    }
    const shape: SimStreamShape = { ...defaultShape, ...respond?.stream };
    if (request.stream !== true || respond?.ignoreStream) {
      const answer = completionBody(plan, shape.cachedIn, shape.usageIn);
      sendJson(res, 200, JSON.stringify(answer), traceId, respond?.headers);
      return;
    }
    const frames = streamPayloads(plan, shape).map((payload) => frame(payload, shape));
    if (respond?.midStreamError) {
      const { afterChunks, error } = respond.midStreamError;
      const e = typeof error === "string" ? SIM_ERRORS[error] : error;
      frames.splice(afterChunks, frames.length, frame(errorBody(e.type, e.message), shape));
    } else if (shape.done !== false) {
      frames.push(frame("[DONE]", { ...shape, comments: false }));
    }
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      ...traceHeaders(traceId),
      ...respond?.headers,
    });
    const sizes = shape.writeSizes;
    const eol = shape.crlf ? "\r\n" : "\n";
    if (sizes !== undefined && sizes.length > 0) {
      void writeStream(res, piecesOfBytes(frames, sizes), respond, true, eol);
    } else void writeStream(res, frames, respond, false, eol);
  };

  /** Kimi Code's Anthropic surface: a Messages request, answered whole or as SSE events. */
  const handleMessages = (
    res: ServerResponse,
    body: unknown,
    traceId: string,
    respond: SimRespond | undefined,
    giveBack: (() => void) | undefined,
  ): void => {
    const checked = checkMessages(body, models);
    if ("status" in checked) {
      giveBack?.();
      sendAnthropicError(res, checked, traceId, respond?.headers);
      return;
    }
    const plan = planMessage(checked, respond);
    if (!isObject(body) || body.stream !== true) {
      sendJson(res, 200, messageBody(plan), traceId, respond?.headers);
      return;
    }
    const failure = respond?.midStreamError;
    const frames = failure
      ? messageFrames(
          plan,
          typeof failure.error === "string" ? SIM_ERRORS[failure.error] : failure.error,
          failure.afterChunks,
        )
      : messageFrames(plan);
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      ...traceHeaders(traceId),
      ...respond?.headers,
    });
    void writeStream(res, frames, respond);
  };

  const handleRoute = (
    req: IncomingMessage,
    res: ServerResponse,
    surface: SimSurface,
    route: string,
    body: unknown,
    traceId: string,
    respond: SimRespond | undefined,
    giveBack?: () => void,
  ): void => {
    const method = req.method ?? "GET";
    if (method === "POST" && route === "/chat/completions") {
      handleChat(res, body, bearer(req), surface, traceId, respond, giveBack);
      return;
    }
    if (method === "GET" && route === "/models") {
      const data = [...models.values()]
        .filter((m) => m.surface === surface)
        .map((m) => ({
          id: m.id,
          object: "model",
          created: 1_760_000_000,
          owned_by: "moonshot",
          ...(m.listedBare ? {} : listedFields(m)),
        }));
      sendJson(res, 200, JSON.stringify({ object: "list", data }), traceId);
      return;
    }
    if (
      surface === "moonshot" &&
      method === "POST" &&
      route === "/tokenizers/estimate-token-count"
    ) {
      const model =
        isObject(body) && typeof body.model === "string" ? models.get(body.model) : undefined;
      if (!model || !isObject(body) || !Array.isArray(body.messages)) {
        sendError(res, SIM_ERRORS.invalidRequest, traceId);
        return;
      }
      // The same count the chat request's window check makes (tokenFactor included): the
      // endpoint exists so a client can size a request by it.
      const total = Math.ceil(estimatePromptTokens(body) * (options.tokenFactor ?? 1));
      sendJson(
        res,
        200,
        JSON.stringify({ code: 0, data: { total_tokens: total }, scode: "0x0", status: true }),
        traceId,
      );
      return;
    }
    if (surface === "moonshot" && method === "GET" && route === "/users/me/balance") {
      const balance = options.balance ?? { available: 49.5, voucher: 46.5, cash: 3 };
      sendJson(
        res,
        200,
        JSON.stringify({
          code: 0,
          data: {
            available_balance: balance.available,
            voucher_balance: balance.voucher,
            cash_balance: balance.cash,
          },
          scode: "0x0",
          status: true,
        }),
        traceId,
      );
      return;
    }
    if (surface === "kimi-code" && method === "GET" && route === "/usages") {
      if (options.kimiCodeUsageShape === "ratios") {
        sendJson(res, 200, JSON.stringify(kimiCodeRatioPools(options)), traceId);
        return;
      }
      const { week, fiveHours } = planQuotas(options);
      // Kimi Code's shape: counts as decimal strings, `used` beside `remaining`, the week's
      // `usage` without a window and the 5-hour one as 300 TIME_UNIT_MINUTE, the plan's user
      // and its concurrency (`parallel`) beside them.
      const detailOf = (quota: SimQuota) => ({
        limit: String(quota.limit),
        used: String(quota.limit - quota.remaining),
        remaining: String(quota.remaining),
        resetTime: quota.resetTime,
      });
      sendJson(
        res,
        200,
        JSON.stringify({
          user: {
            userId: "sim-user",
            region: "REGION_OVERSEA",
            membership: { level: "LEVEL_INTERMEDIATE" },
          },
          usage: detailOf(week),
          limits: options.kimiCodeWeekOnly
            ? []
            : [
                {
                  window: { duration: 300, timeUnit: "TIME_UNIT_MINUTE" },
                  detail: detailOf(fiveHours),
                },
              ],
          parallel: { limit: "30" },
        }),
        traceId,
      );
      return;
    }
    sendError(
      res,
      {
        status: 404,
        type: "resource_not_found_error",
        message: `No route for ${method} ${req.url}`,
      },
      traceId,
    );
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
    traceCounter += 1;
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const located = surfaceOf(path, region);
    const traceId = `sim-${located?.region ?? region}-${traceCounter}`;

    if (instantBody && located?.route === "/chat/completions") {
      // The key is still checked (a regex and a short list lookup): a test or a user trying a
      // refused key must get the 401 here too, not a 200 that hides it.
      const authError = checkAuth(req, located.surface, located.region);
      if (authError) {
        sendError(res, authError, traceId);
        return;
      }
      const stream = /"stream"\s*:\s*true/.test(raw.toString("latin1"));
      res.writeHead(200, {
        "content-type": stream ? "text/event-stream; charset=utf-8" : "application/json",
        "content-length": stream ? instantBody.sse.length : instantBody.json.length,
        ...traceHeaders(traceId),
      });
      res.end(stream ? instantBody.sse : instantBody.json);
      return;
    }

    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = undefined;
      }
    }
    if (record) {
      requests.push({
        method: req.method ?? "GET",
        path,
        surface: located?.surface,
        headers: { ...req.headers },
        body,
        traceId,
      });
    }
    if (!located) {
      // A path outside every API (a base URL without its /v1, Kimi Code's root): the real host's
      // own 404, not the API's `{error: {type}}` (MoonshotAI/moonpalace#5 captured it for
      // api.moonshot.cn). Kimi Code's host is not known to answer otherwise; it is served alike.
      sendJson(res, 404, urlNotFoundBody(req.method ?? "GET", path), traceId);
      return;
    }
    const anthropic = isMessagesRoute(located);
    const refuse = anthropic ? sendAnthropicError : sendError;
    // The key is checked before the body is read: a bad key with a bad body gets the 401.
    const authError = anthropic
      ? checkAuth(req, located.surface, located.region, anthropicKey(req))
      : checkAuth(req, located.surface, located.region);
    if (authError) {
      refuse(res, authError, traceId);
      return;
    }
    if (raw.length > 0 && body === undefined) {
      refuse(
        res,
        { ...SIM_ERRORS.invalidRequest, message: "Invalid request: body is not JSON" },
        traceId,
      );
      return;
    }
    if (located.surface === "kimi-code") {
      const agent = req.headers["user-agent"] ?? "";
      if (!allowedUserAgents.test(agent)) {
        refuse(res, SIM_ERRORS.accessTerminated, traceId);
        return;
      }
    }
    const taken = takeRule(path, located.surface, body);
    const respond = taken?.respond;
    const act = (): void => {
      if (respond?.hang) return;
      if (respond?.error !== undefined) {
        const error = typeof respond.error === "string" ? SIM_ERRORS[respond.error] : respond.error;
        refuse(res, error, traceId, respond.headers);
        return;
      }
      if (anthropic && req.method === "POST") {
        handleMessages(res, body, traceId, respond, taken?.giveBack);
        return;
      }
      handleRoute(
        req,
        res,
        located.surface,
        located.route,
        body,
        traceId,
        respond,
        taken?.giveBack,
      );
    };
    const answer = (): void => {
      if (respond?.firstByteDelayMs && respond.firstByteDelayMs > 0) {
        later(respond.firstByteDelayMs, res, act);
      } else act();
    };
    const held = respond?.heldUntil;
    if (held === undefined) answer();
    else {
      const release = (): void => {
        if (!res.destroyed) answer();
      };
      held.then(release, release);
    }
  };

  const server = createServer((req, res) => {
    unanswered.add(res);
    res.on("close", () => {
      unanswered.delete(res);
      if (!res.writableFinished) closedBeforeAnswered++;
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    port,
    region,
    moonshotBaseUrl: `${url}/v1`,
    otherRegionBaseUrl: `${url}/${otherRegionOf(region)}/v1`,
    kimiCodeBaseUrl: `${url}/coding/v1`,
    keys: {
      moonshot: keys[region][0] ?? "",
      otherRegion: (region === "ai" ? keys.cn : keys.ai)[0] ?? "",
      kimiCode: keys.kimiCode[0] ?? "",
    },
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    script(newRules) {
      for (const rule of newRules) rules.push({ rule, remaining: rule.times ?? 1 });
    },
    failNext(count, error, when) {
      rules.push({ rule: { ...(when ? { when } : {}), respond: { error } }, remaining: count });
    },
    reset() {
      rules = [];
      requests.length = 0;
    },
    openSockets: () => sockets.size,
    unansweredRequests: () => unanswered.size,
    closedBeforeAnswered: () => closedBeforeAnswered,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
