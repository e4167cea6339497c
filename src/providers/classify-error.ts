/**
 * Maps an upstream failure to a ProviderError: the provider's own `error.type` first (Moonshot
 * sends an empty balance as 403 in one place and 429 in another), the HTTP status second.
 * Every error carries the trace id and a hint a person can act on; none carries the API key.
 */
import { KIMI_CODE_KEY_PREFIX, redactSecrets, sentSecrets } from "../auth/index.js";
import {
  baseUrlSetting,
  baseUrlWhere,
  builtInBaseUrl,
  PROXY_VARIABLES,
} from "../catalog/base-url-setting.js";
import type { ResolvedModel } from "../catalog/types.js";
import type { ContextOverflow } from "../errors.js";
import { count } from "../util/count.js";
import { displayUrl } from "../util/display-url.js";
import { moonshotRegionOfHost } from "../util/moonshot-host.js";
import { urlHost } from "../util/url-host.js";
import {
  apiBaseUrlFor,
  looksLikeApiBaseUrl,
  missingApiPathAdvice,
  URL_NOT_FOUND,
} from "./base-url-path.js";
import { connectFailureHint } from "./connect-failure.js";
import { basicAuthOf, endpointUrl } from "./endpoint-url.js";
import { ProviderError, type ProviderErrorClass } from "./errors.js";
import {
  API_GATEWAY_SAID,
  EMPTY_ANSWER_SAID,
  isEmptyAnswer,
  networkPageHint,
  saysApiGatewayNoRoute,
} from "./foreign-answer.js";
import { answerBreakSummary } from "./stream-break.js";
import type { Timeouts } from "./types.js";
import { wrappedUpstreamError } from "./wrapped-upstream-error.js";

export type HeaderBag =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

export interface ClassifyInput {
  status: number | undefined;
  /** Response body: raw text or already parsed JSON. */
  body: unknown;
  headers?: HeaderBag;
  model: Pick<ResolvedModel, "provider" | "id" | "baseUrl" | "baseUrlAt" | "baseUrlOrigin"> & {
    /** The model's effective headers (provider < model), when known. */
    headers?: Record<string, string>;
    /** false: the key is not sent as Bearer (a login in the base URL may be, as Basic). */
    authHeader?: boolean;
  };
  /**
   * The User-Agent the refused request carried (null: none), when the caller knows it; else the
   * model's headers say.
   */
  userAgent?: string | null;
  /** Redacted from every message, on top of anything that looks like a key. */
  apiKey?: string;
  /** The call's own headers (a library caller's `request.headers`): a credential there is masked. */
  callHeaders?: Readonly<Record<string, string>>;
  /**
   * Set when the same key is known to work on the other Moonshot region (the caller's own key
   * check found it): the class is then wrong_region, and the hint says so as a fact. Nothing in
   * openclaw sets it (its runtime asks key-home instead); it is a library caller's, as this type
   * is exported from the package entry.
   */
  otherRegionAccepted?: boolean;
  /** The system error behind a transport failure (its `code` can say more than the class). */
  cause?: unknown;
}

/** The code of a system or client error (`EMFILE`, `ECONNRESET`, `UND_ERR_…`), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The headers a response names its trace by, the one support asks for first: the reference's
 * `x-trace-id`, and `x-msh-trace-id` / `msh-request-id`, which the real Moonshot API was seen to
 * send instead (lucasdicioccio/agents-exe#336); `x-request-id` last.
 */
export const TRACE_HEADERS = [
  "x-trace-id",
  "x-msh-trace-id",
  "msh-request-id",
  "x-request-id",
] as const;

export function traceIdOf(headers: HeaderBag | undefined): string | undefined {
  for (const name of TRACE_HEADERS) {
    const value = headerValue(headers, name);
    if (value) return value;
  }
  return undefined;
}

/**
 * The three forms of an HTTP date (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`,
 * `Sunday, 06-Nov-94 08:49:37 GMT` and `Sun Nov  6 08:49:37 1994`: a day's name, then a time.
 */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * `Retry-After` as milliseconds: seconds or an HTTP date; `retry-after-ms` when present, and
 * `x-retry-after` (seconds) when neither standard one is.
 */
export function parseRetryAfter(
  headers: HeaderBag | undefined,
  now = Date.now(),
): number | undefined {
  const ms = headerValue(headers, "retry-after-ms");
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = (
    headerValue(headers, "retry-after") ?? headerValue(headers, "x-retry-after")
  )?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only an HTTP date: JavaScript's date parser also takes "-5" or "soon 2" (days of 2001),
  // which would read as a wait already over and retry at once instead of backing off.
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * A wait as a person reads it: seconds up to two minutes, then minutes, hours, days; a wait
 * past a year is no real schedule (a broken header) and is said as such.
 */
export function describeWait(ms: number): string {
  const secondsLeft = Math.ceil(ms / 1000);
  if (secondsLeft <= 120) return `${secondsLeft} s`;
  if (secondsLeft <= 2 * 3600) return `${Math.ceil(secondsLeft / 60)} min`;
  if (secondsLeft <= 2 * 86_400) return `${Math.ceil(secondsLeft / 3600)} h`;
  if (secondsLeft <= 365 * 86_400) return `${Math.ceil(secondsLeft / 86_400)} days`;
  return "more than a year";
}

const WAIT_IN_MESSAGE =
  /\b(?:try|retry) again (?:after|in) (\d+(?:\.\d+)?) ?(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)\b/i;

/**
 * The wait a refusal's message asks for, in milliseconds: Moonshot's 429 sends no `Retry-After`
 * and says "…, please try again after 1 seconds" instead.
 */
export function retryAfterFromMessage(message: string): number | undefined {
  const match = WAIT_IN_MESSAGE.exec(message);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase();
  const scale =
    unit.startsWith("ms") || unit.startsWith("milli") ? 1 : unit.startsWith("m") ? 60_000 : 1000;
  return Number.isFinite(amount) ? Math.round(amount * scale) : undefined;
}

/** A web page (a web server's or a proxy's, e.g. nginx's 404 page) in place of an API's answer. */
const HTML_PAGE = /^\s*<(?:!doctype|html|head|body|title)\b/i;

/** Whether `text` is a web page, not an API's JSON (a site's page at the base URL). */
export function isWebPage(text: string): boolean {
  return HTML_PAGE.test(text);
}

/**
 * A server's own words for a path it has no route at, not an API's refusal of a model: Go's and
 * Ollama's "404 page not found", Express's "Cannot POST /…", FastAPI's `{"detail": "Not Found"}`
 * (vLLM, LiteLLM, most self-hosted OpenAI-compatible servers), Spring Boot's `"error": "Not Found"`
 * and any other bare "Not Found", Azure OpenAI's "Resource not found" (a wrong path or
 * api-version; its unknown deployment is `DeploymentNotFound`, "The API deployment … does not exist"),
 * OpenAI's "Invalid URL (POST /chat/completions)", Groq's "Unknown request URL: POST …",
 * llama.cpp's "File Not Found", Fastify's "Route POST:/chat/completions not found". vLLM's
 * refusal of a model it does not serve says which ("The model `x` does not exist."), as
 * Ollama's does ("model 'x' not found"): those stay an unknown model.
 */
const NO_ROUTE_WORDS =
  /^\s*(?:(?:404:? )?(?:page |file |resource )?not found\.?\s*$|cannot (?:get|post) \/|invalid url \([a-z]+ \/|unknown request url: [a-z]+ \/|route [a-z]+:\/\S* not found)/i;

/**
 * Words for a path without a route that no refusal of a model shares, whatever the status they
 * come with: LM Studio's "Unexpected endpoint or method. (POST /chat/completions)", which it
 * answers with a 200; Cloudflare's "No route for that URI" (code 7000, a 400 or a 404) and its
 * "Could not route to /accounts/…, perhaps your object identifier is invalid?" (code 7003: the
 * account id in the base URL is wrong); Kong's "no Route matched with those values".
 */
const NO_ROUTE_AT_ANY_STATUS =
  /^\s*(?:unexpected endpoint or method\. \([a-z]+ \/|no route for that uri\b|could not route to \/|no route matched with those values\b)/i;

/** The types of a refusal that names the model as what is not found, whatever its words. */
const MODEL_NOT_FOUND_TYPES = new Set(["model_not_found", "resource_not_found_error"]);

/**
 * Whether a 404 says the address is wrong, not the model: the host's `url.not_found`, a web
 * page, or a server's words for a path it has no route at. Moonshot answers an unknown model
 * with its API's `resource_not_found_error`. A 405 says so too: every request here is a POST.
 */
function isMissingPath(
  status: number | undefined,
  type: string | undefined,
  body: unknown,
  message: string,
) {
  // A chat URL that takes no POST is no chat API's (a static site's nginx: "405 Not Allowed").
  if (status === 405) return true;
  // Caddy's empty 200, API Gateway's 403 "Missing Authentication Token": no route, whatever key.
  if (isEmptyAnswer(status, body) || saysApiGatewayNoRoute(status, message)) return true;
  // A web page for a chat request, whether 404 or 200 (a site or its SPA's page at that address).
  if (
    typeof body === "string" &&
    HTML_PAGE.test(body) &&
    (status === 404 || (status !== undefined && status >= 200 && status < 300))
  )
    return true;
  const notTheModel = type === undefined || !MODEL_NOT_FOUND_TYPES.has(type);
  if (notTheModel && NO_ROUTE_AT_ANY_STATUS.test(message)) return true;
  if (status !== 404) return false;
  if (type === URL_NOT_FOUND) return true;
  return notTheModel && NO_ROUTE_WORDS.test(message);
}

/**
 * Whether a 200 body that is no chat completion is a server's words for a path it has no route at
 * (LM Studio's `{"error": "Unexpected endpoint or method. (POST /chat/completions)"}` for a base
 * URL without /v1): told as no API at the base URL, not as an answer that is not one.
 */
export function saysNoRoute(body: unknown): boolean {
  const { type, message } = parseBody(body);
  return (
    message !== undefined &&
    (type === undefined || !MODEL_NOT_FOUND_TYPES.has(type)) &&
    NO_ROUTE_AT_ANY_STATUS.test(message)
  );
}

/**
 * Whether an answer of `status` with `text` says no API is at the address, whatever it was asked:
 * a server's no-route words (saysNoRoute), an empty 2xx (Caddy's), or API Gateway's 403 "Missing
 * Authentication Token". A model listing reads its answer so.
 */
export function saysNoRouteAt(status: number, text: string): boolean {
  if (isEmptyAnswer(status, text)) return true;
  const { message } = parseBody(text);
  if (message !== undefined && saysApiGatewayNoRoute(status, message)) return true;
  return saysNoRoute(text);
}

/**
 * Whether a 2xx web page answered where the base URL is an API's address (looksLikeApiBaseUrl):
 * something on the network (a captive portal, a proxy's login) put it there, not a site at an
 * address missing its API's path.
 */
export function isNetworkPage(status: number | undefined, body: unknown, baseUrl: string): boolean {
  return (
    status !== undefined &&
    status >= 200 &&
    status < 300 &&
    typeof body === "string" &&
    HTML_PAGE.test(body) &&
    looksLikeApiBaseUrl(baseUrl)
  );
}

/**
 * What a web page that answered in place of an API is said as: its title, when it has one
 * ("404 Not Found"), never its HTML.
 */
export function webPageSaid(body: string): string {
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, " ").trim();
  return `an HTML page${title ? ` ("${title}")` : ""}, as a web server or proxy sends, not an API's answer`;
}

interface ProviderErrorBody {
  type: string | undefined;
  message: string | undefined;
}

function parseBody(body: unknown): ProviderErrorBody {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      const text = body.trim();
      return { type: undefined, message: text ? text.slice(0, 300) : undefined };
    }
  }
  if (typeof value !== "object" || value === null) return { type: undefined, message: undefined };
  const record = value as Record<string, unknown>;
  // The host's own 404 for a path it serves nothing at: `{"code": 5, "error": "url.not_found",
  // "message": "没找到对象"}`, no `type`. Only this marker: another server's string `error` is its
  // message ("model 'x' not found"), not a type.
  if (record.error === URL_NOT_FOUND) {
    const text = record.message;
    return {
      type: URL_NOT_FOUND,
      message: typeof text === "string" && text.trim() !== "" ? text : undefined,
    };
  }
  const error = typeof record.error === "object" && record.error !== null ? record.error : record;
  const e = error as Record<string, unknown>;
  // An empty type or message (a proxy's `{"error":{"type":"","message":""}}`) says nothing:
  // taken as there, it left a double space in the sentence built from them.
  const text = (field: unknown) =>
    typeof field === "string" && field.trim() !== "" ? field : undefined;
  // Spring Boot's placeholder when it keeps its exception's words back: its `error` says more.
  const outer = e.message === SPRING_NO_MESSAGE ? undefined : text(e.message);
  // A router's "Provider returned error": the provider's own words are what can be acted on.
  const upstream = wrappedUpstreamError(e);
  if (upstream) {
    const who = upstream.provider ? ` (${upstream.provider})` : "";
    return {
      type: upstream.type ?? text(e.type) ?? text(e.code),
      message: `${outer ?? "provider error"}${who}: ${upstream.message}`,
    };
  }
  // A server's words as a string `error` (`{"error": "model 'x' not found"}`) or FastAPI's
  // `detail`, when no `message` says them: the person sees why, not only the status.
  const said =
    outer ??
    (e === record
      ? (text(record.error) ?? text(record.detail) ?? firstErrorMessage(record.errors))
      : undefined);
  return { type: text(e.type) ?? text(e.code), message: said };
}

/** What Spring Boot's default error body says in `message` when it shows none of its own. */
const SPRING_NO_MESSAGE = "No message available";

/**
 * The first message of Cloudflare's envelope (`{"success": false, "errors": [{"code": 7000,
 * "message": "No route for that URI"}]}`), Workers AI's too.
 */
function firstErrorMessage(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const first: unknown = errors[0];
  if (typeof first !== "object" || first === null) return undefined;
  const message = (first as Record<string, unknown>).message;
  return typeof message === "string" && message.trim() !== "" ? message : undefined;
}

/** Shared between callers (endpointOf keeps them), so never changed once made. */
export type Endpoint =
  | { readonly kind: "moonshot"; readonly region: "ai" | "cn"; readonly host: string }
  | { readonly kind: "kimi-code"; readonly host: string }
  | { readonly kind: "other"; readonly host: string };

const REGION_NAMES = { ai: "international", cn: "China" } as const;
const REGION_URLS = { ai: "https://api.moonshot.ai/v1", cn: "https://api.moonshot.cn/v1" } as const;
/** The built-in provider of each region. */
const REGION_PROVIDERS = { ai: "moonshot", cn: "moonshot-cn" } as const;

/**
 * Endpoints already worked out, by base URL: a request asks for its endpoint several times
 * (conversation repair, error wording) and parsing a URL each time showed in the gateway's
 * profile. A config names a handful of base URLs; the map is emptied if it ever grows large.
 */
const knownEndpoints = new Map<string, Endpoint>();
const KNOWN_ENDPOINTS_LIMIT = 256;

export function endpointOf(baseUrl: string): Endpoint {
  const known = knownEndpoints.get(baseUrl);
  if (known !== undefined) return known;
  if (knownEndpoints.size >= KNOWN_ENDPOINTS_LIMIT) knownEndpoints.clear();
  const endpoint = parseEndpoint(baseUrl);
  knownEndpoints.set(baseUrl, endpoint);
  return endpoint;
}

function parseEndpoint(baseUrl: string): Endpoint {
  let host = baseUrl;
  let path = "";
  try {
    const url = new URL(baseUrl);
    host = url.host;
    path = url.pathname;
  } catch {
    // Keep the raw text: it only feeds messages.
  }
  const hostname = host.replace(/:\d+$/, "").toLowerCase();
  const region = moonshotRegionOfHost(hostname);
  if (region !== undefined) return { kind: "moonshot", region, host };
  // kimi.com and its subdomains only: not a host that merely ends in the same letters (notkimi.com).
  if (hostname === "kimi.com" || hostname.endsWith(".kimi.com") || /\/coding(\/|$)/.test(path))
    return { kind: "kimi-code", host };
  return { kind: "other", host };
}

const TYPE_CLASSES: Record<string, ProviderErrorClass> = {
  invalid_authentication_error: "auth",
  incorrect_api_key_error: "auth",
  authentication_error: "auth",
  permission_denied_error: "auth",
  access_terminated_error: "forbidden_client",
  resource_not_found_error: "not_found",
  not_found_error: "not_found",
  model_not_found: "not_found",
  rate_limit_reached_error: "rate_limit",
  rate_limit_error: "rate_limit",
  engine_overloaded_error: "overloaded",
  overloaded_error: "overloaded",
  exceeded_current_quota_error: "quota",
  insufficient_quota: "quota",
  insufficient_balance_error: "quota",
  content_filter: "content_filter",
  server_error: "server",
  api_error: "server",
  context_length_exceeded: "context_length",
};

const CONTEXT_PATTERN =
  /exceeded model token limit|context length|context window|maximum context|too many tokens|prompt is too long|model max length exceeded/i;
/**
 * Kimi's limit on the size of a request's messages, in bytes, whatever the tokens
 * ("total message size 2100954 exceeds limit 2097152", MoonshotAI/kimi-code#1862): a long
 * session with kimi-k3's 1M window reached it at about 770k tokens. The answer's cap plays no part.
 */
const MESSAGE_SIZE_PATTERN = /\btotal message size (\d+) exceeds limit (\d+)/i;
/**
 * Moonshot's refusal of a prompt and answer cap that together go over the window, with its own
 * counts: "Your request exceeded model token limit: 262144 (requested: 270336)".
 */
const TOKEN_LIMIT_PATTERN = /exceeded model token limit: (\d+) \(requested: (\d+)\)/i;
/** Moonshot's refusal of a tool schema (`… is not a valid moonshot flavored json schema …`). */
const TOOL_SCHEMA_PATTERN = /moonshot flavored json schema|missing 'type' or 'anyOf'/i;
/**
 * The same refusal for a schema too big, whatever its rules: "<At path 'root': schema exceeds
 * maximum allowed size>" (MoonshotAI/kimi-cli#2475, an MCP server of 212 tools with long
 * descriptions). No rewrite fixes that, and the path does not say which tool it is.
 */
const TOOL_SCHEMA_SIZE_PATTERN = /schema exceeds maximum allowed size/i;
/**
 * Kimi Code's refusal of thinking options kimi-cli once sent ("unknown think_v2 option:
 * keep_reasoning_content"), reported (by another client's maintainers, not by Moonshot) to be
 * applied to requests that say they come from kimi-cli with `X-Msh-Platform: kimi_cli`.
 */
const THINK_V2_PATTERN = /\bunknown think_v2 option\b/i;
/**
 * When a used-up Kimi Code plan comes back, in its hint, while nobody has asked: the runtime puts
 * the time Kimi Code's `GET /usages` reports in its place (src/runtime/quota-reset.ts). Kimi Code
 * refuses a used-up 5-hour window (or month) in the week's words, so the probe's lines are named:
 * they show every window, a used-up one marked; the month is one only the ratio pools report.
 */
export const KIMI_PLAN_RESET_UNKNOWN =
  "it comes back when the window the message names ends (openclaw models status --probe shows what is left of each window, the 5 hours, the week and the month, and when each resets)";

/** The hint of a used-up Kimi Code plan; `comesBack` says when (KIMI_PLAN_RESET_UNKNOWN unasked). */
export function kimiPlanUsedUpHint(comesBack: string): string {
  return `your Kimi Code plan quota is used up: ${comesBack}; extra usage or a bigger plan brings it back now; retrying before then will not help; a fallback on another provider keeps requests going`;
}

/**
 * Kimi Code's plan limits, which it refuses with the type of its User-Agent refusal
 * (403 `access_terminated_error`): "You've reached your weekly (7-day) usage limit. Your quota
 * will reset when the current 7-day window ends…", "…your usage limit for this billing cycle.
 * Your quota will be refreshed in the next cycle…" (openclaw #142656, kimi-code #3014).
 */
const PLAN_LIMIT_PATTERN = /usage limit|quota will (?:reset|be refreshed)|purchase extra usage/i;
const QUOTA_PATTERN = new RegExp(
  `insufficient (balance|quota)|exceeded (your )?current quota|suspended|not active|balance|${PLAN_LIMIT_PATTERN.source}`,
  "i",
);

/**
 * A 400 whose words say the model is what is unknown: DeepSeek's "Model Not Exist", LiteLLM's
 * "Invalid model name passed in model=x", Mistral's "Invalid model: x", Perplexity's "Invalid
 * model 'x'", OpenRouter's "x is not a valid model ID", SiliconFlow's "Model does not exist",
 * "The model `kimi-k2.5-x` does not exist" (an id with dots in it too), Together's "Unable to
 * access non-serverless model x", Zhipu's "模型不存在". Told as an unknown model (its hint: the ids
 * the key may use; a fallback is worth trying), not as a request whose params are wrong. Only the
 * model itself, named or not, as what is unknown: "Invalid model output", "Unknown model
 * parameter 'x'", "the tool 'x' requested by the model was not found" stay a bad request.
 */
const UNKNOWN_MODEL_PATTERN =
  /\bmodel not exists?\b|\binvalid model(?: name| id)?(?=\s*(?:[:='"`.]|passed\b|$))|\bunknown model(?=\s*(?:[:='"`]|$))|\bnot a valid model\b|\bunable to access (?:non-serverless )?model\b|模型不存在|\bmodel(?:\s+(?:[`'"][^`'"\n]{1,200}[`'"]|(?!(?:was|is|has|had)\b)[\w./:@-]+))?\s+(?:does not exist|not found)\b/i;

/** A refusal of a request too big for the model's window, or for the provider's size limit. */
function isContextRefusal(message: string): boolean {
  return CONTEXT_PATTERN.test(message) || MESSAGE_SIZE_PATTERN.test(message);
}

/** The counts a provider's context-length refusal told, read once here where its words are known. */
function overflowOf(rawMessage: string): ContextOverflow | undefined {
  const tokens = TOKEN_LIMIT_PATTERN.exec(rawMessage);
  if (tokens)
    return {
      by: "provider_tokens",
      limitTokens: Number(tokens[1]),
      requestedTokens: Number(tokens[2]),
    };
  const size = MESSAGE_SIZE_PATTERN.exec(rawMessage);
  if (size)
    return { by: "provider_bytes", messageBytes: Number(size[1]), limitBytes: Number(size[2]) };
  return undefined;
}

function classOf(
  status: number | undefined,
  type: string | undefined,
  message: string,
): ProviderErrorClass {
  // A used-up plan is not a refused client, whatever the type says.
  if (type === "access_terminated_error" && PLAN_LIMIT_PATTERN.test(message)) return "quota";
  const byType = type ? TYPE_CLASSES[type] : undefined;
  if (byType) return byType;
  if (isContextRefusal(message)) return "context_length";
  if (status === undefined) return "server";
  if (status === 400 || status === 422) return "bad_request";
  if (status === 401) return "auth";
  if (status === 402) return "quota";
  if (status === 403) return QUOTA_PATTERN.test(message) ? "quota" : "forbidden_client";
  if (status === 404) return "not_found";
  if (status === 407) return "proxy_auth"; // a proxy's login, not the provider (see hintFor)
  if (status === 408) return "timeout";
  if (status === 413) return "context_length";
  if (status === 429) return QUOTA_PATTERN.test(message) ? "quota" : "rate_limit";
  if (status >= 500) return "server";
  return "bad_request";
}

/**
 * What the config in force offers for the other Moonshot region, for a refused key's advice: the
 * ref of the built-in provider that sends keys there (`moonshot-cn/kimi-k2.5`), or none, with
 * where that provider's requests go instead (undefined: the config has no such provider). Only a
 * caller that has the config knows it (src/runtime/other-region-reach.ts).
 */
export type OtherRegionReach =
  | {
      readonly ref: string;
      /**
       * Set when the allowlist (`agents.defaults.models`) does not list `ref`: where the other
       * region's provider sends its requests, and the onboarding that moves the refused
       * provider there (none known: undefined).
       */
      readonly unlisted?: { readonly baseUrl: string; readonly onboard: string | undefined };
    }
  | { readonly ref: undefined; readonly provider: string; readonly at: string | undefined };

/** The built-in provider of the Moonshot region other than `endpoint`'s, and that region's address. */
export function otherRegionOf(endpoint: Extract<Endpoint, { kind: "moonshot" }>): {
  region: "ai" | "cn";
  provider: string;
  baseUrl: string;
} {
  const region = endpoint.region === "ai" ? "cn" : "ai";
  return { region, provider: REGION_PROVIDERS[region], baseUrl: REGION_URLS[region] };
}

/** Whether `baseUrl`'s host is one of Moonshot region `region`'s (api.moonshot.cn for "cn"). */
export function isMoonshotRegion(baseUrl: string, region: "ai" | "cn"): boolean {
  const endpoint = endpointOf(baseUrl);
  return endpoint.kind === "moonshot" && endpoint.region === region;
}

/**
 * The hint of a refused key. `fix` says what to do about the key itself, naming where it was read
 * from; the runtime knows that (src/runtime/refused-key.ts), a bare classification does not and
 * names every place a key can come from. `reach`: what the config offers for the other region;
 * without it (a bare classification) the advice names that region's address, not a ref the
 * config may have moved (`moonshot` at the China platform after its onboarding). `key`: the
 * refused key, when known, only for its shape (never said): at Kimi Code, one that starts with
 * sk-kimi- is a Kimi Code key already, refused for itself rather than for being a platform key.
 */
export function authHint(
  endpoint: Endpoint,
  model: { provider: string; id: string; baseUrlAt?: string },
  wrongRegion: boolean,
  fix?: string,
  reach?: OtherRegionReach,
  key?: string,
): string {
  const { provider } = model;
  // A provider of one's own at a Moonshot region (by its host, whatever its id): the fix is its
  // baseUrl, named with the line that writes it when a file does.
  const ownBaseUrl = `models.providers.${provider}.baseUrl${model.baseUrlAt === undefined ? "" : ` at ${model.baseUrlAt}`}`;
  if (endpoint.kind === "moonshot" && wrongRegion)
    return otherRegionKeyHint(endpoint, model, ownBaseUrl, fix, reach);
  if (endpoint.kind === "moonshot") {
    const other = endpoint.region === "ai" ? "cn" : "ai";
    const lead = `Moonshot keys work only in the region that issued them; this request went to ${REGION_URLS[endpoint.region]} (${REGION_NAMES[endpoint.region]})`;
    const otherwise = fix ?? "check the key (MOONSHOT_API_KEY or the provider's apiKey)";
    // A provider of one's own: pointed at the key's region, it sends the key there.
    if (provider !== REGION_PROVIDERS[endpoint.region])
      return `${lead}; if the key comes from platform.moonshot.${other}, set ${ownBaseUrl} to ${REGION_URLS[other]}; otherwise ${otherwise}`;
    // The built-in provider of a region: the other region has its own, which reads the same
    // MOONSHOT_API_KEY; pointed at the other address, this one would only duplicate it. Which
    // ref reaches that region is the config's to say: without it, the region's address is named.
    if (reach === undefined)
      return `${lead}; if the key comes from platform.moonshot.${other}, use it with a provider whose baseUrl is ${REGION_URLS[other]} (the ${REGION_NAMES[other]} platform); otherwise ${otherwise}`;
    if (reach.ref !== undefined)
      return `${lead}; if the key comes from platform.moonshot.${other}, ${useOtherRegion(provider, model, ownBaseUrl, reach, other)}; otherwise ${otherwise}`;
    const where =
      reach.at === undefined
        ? `this config has no provider ${reach.provider}`
        : `provider ${reach.provider} sends its requests to ${displayUrl(reach.at)}`;
    return `${lead}; under this config no built-in provider sends keys to the ${REGION_NAMES[other]} platform (${where}), so ${provider} needs a key from platform.moonshot.${endpoint.region}: ${otherwise}`;
  }
  if (endpoint.kind === "kimi-code") {
    if (key?.startsWith(KIMI_CODE_KEY_PREFIX))
      return `this Kimi Code key was refused (revoked, mistyped, or from another account): get a new one at kimi.com/code (the Kimi Code console); ${fix ?? `put it where provider ${provider}'s key was read from`}`;
    return `Kimi Code needs a Kimi Code key (sk-kimi-…) from kimi.com; Moonshot platform keys do not work here; ${fix ?? `check the key for provider ${provider}`}`;
  }
  return (
    fix ??
    `check the API key configured for provider ${provider} (its apiKey, environment variable or auth profile)`
  );
}

/**
 * How to send a key to the other region's ref `reach.ref`: that ref, while the allowlist lists it.
 * Under an allowlist without it (the spec page's snippet lists `moonshot/…` only), the ref alone
 * only leads to its refusal: `moonshot` keeps its ref and is pointed at the other region (its
 * baseUrl, or onboarding's China choice); `moonshot-cn` names the entry to add.
 */
function useOtherRegion(
  provider: string,
  model: { id: string; baseUrlAt?: string },
  ownBaseUrl: string,
  reach: Extract<OtherRegionReach, { ref: string }>,
  /** The region `reach.ref` sends keys to. */
  region: "ai" | "cn",
): string {
  const { unlisted } = reach;
  if (unlisted === undefined) return `use ${reach.ref} instead`;
  const host = urlHost(unlisted.baseUrl) ?? displayUrl(unlisted.baseUrl);
  const platform = `the ${REGION_NAMES[region]} platform (${host})`;
  if (provider === REGION_PROVIDERS.ai && unlisted.onboard !== undefined) {
    const move =
      model.baseUrlAt === undefined
        ? `run: openclaw config set models.providers.${provider}.baseUrl ${unlisted.baseUrl}`
        : `set ${ownBaseUrl} to ${unlisted.baseUrl}`;
    return `keep ${provider}/${model.id} and send it to ${platform}: ${move}, or run: ${unlisted.onboard}, which moves provider ${provider} there (${reach.ref} would take the key too, but agents.defaults.models, the allowlist, does not list it)`;
  }
  return `use ${reach.ref} instead, once listed in agents.defaults.models (the allowlist; add "${reach.ref}": {} there)`;
}

/**
 * The hint of a key known to belong to the other Moonshot region (a caller's key check found it
 * there, `otherRegionAccepted`): said as a fact, each thing once, with no "if the key comes
 * from" that the fact already answers. The other way out is a key of this region.
 */
function otherRegionKeyHint(
  endpoint: Extract<Endpoint, { kind: "moonshot" }>,
  model: { provider: string; id: string; baseUrlAt?: string },
  /** `models.providers.<id>.baseUrl`, with its `file:line` when known. */
  ownBaseUrl: string,
  fix: string | undefined,
  reach: OtherRegionReach | undefined,
): string {
  const { provider } = model;
  const other = endpoint.region === "ai" ? "cn" : "ai";
  const lead = `this key belongs to the ${REGION_NAMES[other]} platform (platform.moonshot.${other})`;
  const instead =
    fix ??
    `give ${provider} a key from platform.moonshot.${endpoint.region} (MOONSHOT_API_KEY or the provider's apiKey)`;
  if (provider !== REGION_PROVIDERS[endpoint.region])
    return `${lead}: set ${ownBaseUrl} to ${REGION_URLS[other]}, or ${instead}`;
  if (reach === undefined)
    return `${lead}: use it with a provider whose baseUrl is ${REGION_URLS[other]}, or ${instead}`;
  if (reach.ref !== undefined)
    return `${lead}: ${useOtherRegion(provider, model, ownBaseUrl, reach, other)}, or ${instead}`;
  const where =
    reach.at === undefined
      ? `this config has no provider ${reach.provider}`
      : `provider ${reach.provider} sends its requests to ${displayUrl(reach.at)}`;
  return `${lead}, and under this config no built-in provider sends keys there (${where}): ${instead}`;
}

/** The User-Agent a request to `input.model` carried: the caller's word, else the model's headers. */
function sentUserAgent(input: Pick<ClassifyInput, "model" | "userAgent">): string | undefined {
  if (input.userAgent !== undefined) return input.userAgent ?? undefined;
  const headers = input.model.headers ?? {};
  const name = Object.keys(headers).find((key) => key.toLowerCase() === "user-agent");
  return name === undefined ? undefined : headers[name];
}

/**
 * The coding agents Kimi Code's refusal names ("Kimi CLI, Claude Code, Roo Code, Kilo Code"), as
 * their User-Agents start: one of these refused is taken for a version Kimi Code no longer serves.
 */
const CODING_AGENT_USER_AGENT =
  /^(kimicli|kimi-cli|claude-cli|claude-code|claudecode|roocode|roo-code|kilocode|kilo-code)\//i;

/**
 * Kimi Code's refusal of the client: which User-Agent went, and where to set one that wins. A
 * model's own headers win over its provider's (and the built-in kimi-for-coding sets one), so a
 * User-Agent that was sent and refused is changed on the model; one that was never sent can be
 * set for the whole provider.
 */
export function userAgentHint(input: Pick<ClassifyInput, "model" | "userAgent">): string {
  const { provider, id } = input.model;
  const lead = "Kimi Code only serves recognised coding agents and checks the User-Agent header";
  const sent = sentUserAgent(input);
  if (sent === undefined) {
    return `${lead}; this request to ${id} sent none. set the one the docs' config sends: openclaw config set 'models.providers.${provider}.headers' '{"User-Agent": "KimiCLI/0.77"}' (a User-Agent in a model's own headers would win over it)`;
  }
  if (!CODING_AGENT_USER_AGENT.test(sent)) {
    // Not an older agent but no agent at all (curl, an SDK's default): "a newer version" would
    // send the person looking for an upgrade of something Kimi Code never accepts.
    return `${lead}; this request to ${id} sent "User-Agent: ${sent}", which is not a coding agent's, and was refused; send kimi-cli's, as the docs' config does, in the model's own headers, which win over the provider's: the entry with id "${id}" in models.providers.${provider}.models ("headers": {"User-Agent": "KimiCLI/0.77"}; add the entry, with its id and name, if there is none), e.g. openclaw config set 'models.providers.${provider}.models[0].headers.User-Agent' 'KimiCLI/0.77' when it is the first`;
  }
  return `${lead}; this request to ${id} sent "User-Agent: ${sent}" and was refused: Kimi Code may want a newer kimi-cli version (KimiCLI/<version>, as the current kimi-cli sends); set it in the model's own headers, which win over the provider's: the entry with id "${id}" in models.providers.${provider}.models ("headers": {"User-Agent": "KimiCLI/<version>"}; add the entry, with its id and name, if there is none), e.g. openclaw config set 'models.providers.${provider}.models[0].headers.User-Agent' 'KimiCLI/<version>' when it is the first`;
}

/**
 * Whether the refused request carried the base URL's login (`user:password@`) as its
 * Authorization: it does when nothing else took that header (src/providers/endpoint-url.ts).
 * A refusal of it is the login's, and "the API key" would send the user after a key never sent.
 */
function sentUrlLogin(input: ClassifyInput): boolean {
  if (basicAuthOf(input.model.baseUrl) === undefined) return false;
  const headerNames = [
    ...Object.keys(input.model.headers ?? {}),
    ...Object.keys(input.callHeaders ?? {}),
  ];
  if (headerNames.some((name) => name.toLowerCase() === "authorization")) return false;
  return input.model.authHeader === false || !input.apiKey;
}

function hintFor(
  errorClass: ProviderErrorClass,
  input: ClassifyInput,
  endpoint: Endpoint,
  retryAfterMs: number | undefined,
  rawMessage = "",
): string {
  const { provider, id } = input.model;
  switch (errorClass) {
    case "auth":
    case "wrong_region":
      if (errorClass === "auth" && sentUrlLogin(input))
        return `check the user name and password in models.providers.${provider}.baseUrl (user:password@, sent as Authorization: Basic; percent-encode an @, : or / in them), or send a key instead: remove the login from the URL and set the provider's apiKey (authHeader true)`;
      return authHint(
        endpoint,
        input.model,
        errorClass === "wrong_region",
        undefined,
        undefined,
        input.apiKey,
      );
    case "forbidden_client":
      // A web page, not the API's refusal: something in front of the host turned the request
      // away (Cloudflare's bot check, "Just a moment..."), not the API checking its client.
      if (typeof input.body === "string" && HTML_PAGE.test(input.body))
        return `a web page answered in place of the API: a firewall or CDN in front of ${endpoint.host} turned the request away (as Cloudflare's bot check does); check that this machine may reach ${endpoint.host} (its network, VPN or proxy), or ask whoever runs it`;
      return endpoint.kind === "kimi-code" || endpoint.kind === "other"
        ? userAgentHint(input)
        : `the provider refused this client or account: check the account status and any headers set in models.providers.${provider}`;
    case "not_found":
      // Moonshot retires ids often (the K2 previews and kimi-k2-thinking* went in 2026), so a
      // configured model that worked last month may be gone: point at what the key may use now.
      return `model "${id}" is unknown to ${provider} or your key may not use it; model ids are retired from time to time; see what the key may use now with: openclaw models scan --provider ${provider} (the provider's list: GET ${displayUrl(endpointUrl(input.model.baseUrl, "/models"))})`;
    case "rate_limit":
      return `rate limit reached${retryAfterMs !== undefined ? `; the provider asked to wait ${describeWait(retryAfterMs)}` : ""}: retry later, send fewer requests at once, or configure a fallback model`;
    case "overloaded":
      return "the provider is short of capacity: retry in a moment, or configure a fallback model";
    case "quota":
      return endpoint.kind === "kimi-code"
        ? kimiPlanUsedUpHint(KIMI_PLAN_RESET_UNKNOWN)
        : `your account balance is used up: top up at ${endpoint.kind === "moonshot" ? `platform.moonshot.${endpoint.region}` : "the provider's console"}; retrying before you top up will not help`;
    case "context_length": {
      const size = MESSAGE_SIZE_PATTERN.exec(rawMessage);
      if (size)
        return `the messages come to ${count(Number(size[1]))} bytes, over the ${count(Number(size[2]))} the provider takes in one request, whatever the model's context window: shorten the conversation (start a new session, or drop old turns, large tool results and images); lowering maxTokens does not help`;
      return "the conversation plus the requested output does not fit the model's context window: shorten the conversation, lower maxTokens, or pick a model with a larger contextWindow";
    }
    case "content_filter":
      return "the provider's content filter refused this input or output: rephrase the request";
    case "bad_request":
      // Moonshot's own JSON Schema rules for tools: the rewrite is on by default for its hosts,
      // so this is mostly a Moonshot model behind another address, or the rewrite turned off.
      if (TOOL_SCHEMA_SIZE_PATTERN.test(rawMessage))
        return "the tools' parameter schemas are larger than Moonshot takes (the message does not say which tool): send fewer tools (turn off MCP servers or tools this task does not need), or shorten the long descriptions in their schemas";
      if (TOOL_SCHEMA_PATTERN.test(rawMessage))
        return `a tool's parameter schema breaks Moonshot's JSON Schema rules (the message names the path); openclaw rewrites tool schemas to those rules when models.providers.${provider}.compat.toolSchema is "moonshot" (the default for Moonshot and Kimi Code addresses); otherwise fix the schema at that path`;
      if (THINK_V2_PATTERN.test(rawMessage))
        return `Kimi Code refused thinking options of an old kimi-cli, which it is reported to apply to requests that carry X-Msh-Platform: kimi_cli; if your config sets that header, remove the X-Msh-Platform header from models.providers.${provider} (its headers, or the model's): the User-Agent alone is enough`;
      return `the provider rejected the request as invalid: check the model's params and compat settings in models.providers.${provider}`;
    case "server":
      return "the provider had a server error; it is usually temporary: retry, or configure a fallback model; quote the trace id if you contact support";
    case "proxy_auth":
      // Providers never send 407: it is a proxy on the way that wants a login. Which proxy is not
      // known here (a dispatcher other than ours answered); ours names it (ProxyAuthRefusal).
      // No scheme before user:password@, which output would mask.
      return `a proxy between this machine and the provider wants a login (HTTP 407): if its URL (${PROXY_VARIABLES}) has none, put user:password@ in front of its host; if it has one, the proxy refused it: check the user name and password`;
    case "network_login":
      return modelNetworkPageHint(input.model);
    case "network":
      // Not the provider either: this machine had no file descriptor left for the connection.
      if (errorCode(input.cause) === "EMFILE")
        return "the process reached its open-files limit: raise it (ulimit -Hn, LimitNOFILE= under systemd, --ulimit nofile= for docker) or make fewer requests at once (gateway.limits.maxConcurrentStreams)";
      if (errorCode(input.cause) === "ENFILE")
        return "the whole system ran out of open files (ENFILE): close other programs or raise fs.file-max";
      // DNS and certificate failures have their own things to check; the rest, the catch-all.
      // A lower-case sentence without a closing stop, as the CLI's own hints are.
      return unreachableHint(input.model, endpoint.host, errorCode(input.cause));
    case "timeout":
      return "the provider did not answer in time: retry, or raise the timeouts if long answers are expected (gateway.timeouts.firstByteMs / idleMs / totalMs for the gateway; the timeouts option in the library)";
    case "cancelled":
      return "the request was cancelled by the caller; nothing to fix";
  }
}

/** An error's `where` for its base URL, when a config holds it (a built-in one has none). */
function whereOf(model: ClassifyInput["model"]): { where?: string } {
  const where = baseUrlWhere(model);
  return where === undefined ? {} : { where };
}

/** A web page in place of the API, told with where its base URL came from. */
function modelNetworkPageHint(model: ClassifyInput["model"]): string {
  return networkPageHint(model.baseUrl, baseUrlSetting(model), builtInBaseUrl(model) !== undefined);
}

/**
 * What to check when `host` could not be reached: a DNS or TLS failure's own things, else the
 * network and the base URL; for a built-in address, the network alone, then how to point it
 * elsewhere.
 */
function unreachableHint(
  model: ClassifyInput["model"],
  host: string,
  code: string | undefined,
): string {
  const builtIn = builtInBaseUrl(model);
  const setting = baseUrlSetting(model);
  const known = connectFailureHint(code, host, setting, builtIn);
  if (known !== undefined) return known;
  return builtIn
    ? `could not talk to ${host}: ${builtIn.said}, so check this machine's network, DNS and any proxy (${PROXY_VARIABLES}); ${builtIn.elsewhere}`
    : `could not talk to ${host}: check the network, any proxy, and ${setting}`;
}

const SUMMARIES: Record<ProviderErrorClass, string> = {
  auth: "rejected the API key",
  wrong_region: "rejected the API key (it belongs to the other Moonshot region)",
  forbidden_client: "refused this client",
  not_found: "does not know the model",
  rate_limit: "rate-limited the request",
  overloaded: "is overloaded",
  quota: "reports the balance or quota is used up",
  context_length: "says the request is too long",
  bad_request: "rejected the request",
  content_filter: "filtered the content",
  server: "had a server error",
  network: "could not be reached",
  proxy_auth: "could not be reached through a proxy",
  network_login: "got a web page from the network in place of its API",
  timeout: "timed out",
  cancelled: "request was cancelled",
};

function describeEndpoint(endpoint: Endpoint): string {
  if (endpoint.kind === "moonshot") return `${endpoint.host}, ${REGION_NAMES[endpoint.region]}`;
  return endpoint.host;
}

/** Classifies an HTTP error response (or an `error` object inside a stream). */
export function classifyProviderError(input: ClassifyInput): ProviderError {
  const parsed = parseBody(input.body);
  const rawMessage = redactSecrets(
    parsed.message ?? "",
    sentSecrets(input.model, input.apiKey, input.callHeaders),
  );
  let errorClass = classOf(input.status, parsed.type, rawMessage);
  const endpoint = endpointOf(input.model.baseUrl);
  if (errorClass === "auth" && input.otherRegionAccepted && endpoint.kind === "moonshot") {
    errorClass = "wrong_region";
  }
  if (errorClass === "bad_request" && isContextRefusal(rawMessage)) errorClass = "context_length";
  else if (errorClass === "bad_request" && UNKNOWN_MODEL_PATTERN.test(rawMessage))
    errorClass = "not_found";
  const retryAfterMs =
    parseRetryAfter(input.headers) ??
    (errorClass === "rate_limit" || errorClass === "overloaded"
      ? retryAfterFromMessage(rawMessage)
      : undefined);
  const traceId = traceIdOf(input.headers);
  const overflow = errorClass === "context_length" ? overflowOf(rawMessage) : undefined;
  // A code that only repeats the status (Azure's `"code": "404"`) is said once.
  const detail = [input.status, parsed.type === String(input.status) ? undefined : parsed.type]
    .filter((x) => x !== undefined)
    .join(" ");
  // Not the model: every model of the provider fails alike until its base URL is fixed. Its class
  // is a 404's whatever the status (a 405 too): a fallback is tried, the model benched.
  // A page put in place of the API at an address that is one (a captive portal's sign-in): the
  // network to sign in to, not the address to fix. Its own class, network_login: not retried,
  // another model tried, none benched, so the next request says it again.
  const networkPage = isNetworkPage(input.status, input.body, input.model.baseUrl);
  const missingPath =
    !networkPage && isMissingPath(input.status, parsed.type, input.body, rawMessage);
  if (missingPath) errorClass = "not_found";
  if (networkPage) errorClass = "network_login";
  // A 404 with nothing in it names nothing as not found: the model, or the address (a server's
  // bare 404 for a path it has no route at). Said as not known, both places to check.
  const bare404 =
    !missingPath && input.status === 404 && parsed.type === undefined && rawMessage === "";
  const what = networkPage
    ? `got a web page from the network in place of its API (asked for model ${input.model.id})`
    : missingPath
      ? `has no API at its base URL (asked for model ${input.model.id})`
      : bare404
        ? `${EMPTY_404} for model ${input.model.id}, ${EMPTY_404_UNTOLD}`
        : // "does not know the model for model x" said the model twice.
          errorClass === "not_found"
          ? `does not know the model ${input.model.id}`
          : errorClass === "auth" && sentUrlLogin(input)
            ? `rejected the login in its base URL (user:password@) for model ${input.model.id}`
            : `${SUMMARIES[errorClass]} for model ${input.model.id}`;
  // A web page is said as one, by its title, whatever its status (a proxy's 502 page, a CDN's
  // bot check): its HTML would say nothing more. A server's own "404 page not found" after the
  // status says it once.
  const said =
    typeof input.body === "string" && HTML_PAGE.test(input.body)
      ? webPageSaid(input.body)
      : missingPath && isEmptyAnswer(input.status, input.body)
        ? EMPTY_ANSWER_SAID
        : missingPath && saysApiGatewayNoRoute(input.status, rawMessage)
          ? `${rawMessage}${API_GATEWAY_SAID}`
          : missingPath
            ? rawMessage.replace(/^404:?\s+(?=\S)/, "")
            : rawMessage;
  const message =
    `${input.model.provider} (${describeEndpoint(endpoint)}) ${what}` +
    (!bare404 && (detail || said) ? `: ${detail}${detail && said ? " " : ""}${said}` : "") +
    (traceId ? ` (trace ${traceId})` : "");
  return new ProviderError({
    errorClass,
    message,
    provider: input.model.provider,
    model: input.model.id,
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(parsed.type !== undefined ? { providerType: parsed.type } : {}),
    ...(traceId !== undefined ? { traceId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(overflow ? { overflow } : {}),
    ...(networkPage
      ? {
          ...whereOf(input.model),
          hint: modelNetworkPageHint(input.model),
        }
      : missingPath
        ? {
            noApiAtBaseUrl: true,
            ...whereOf(input.model),
            hint: missingApiPathAdvice(
              input.model.baseUrl,
              input.model.provider,
              baseUrlSetting(input.model),
            ),
          }
        : {
            hint: bare404
              ? bare404Hint(input.model)
              : hintFor(errorClass, input, endpoint, retryAfterMs, rawMessage),
          }),
  });
}

/**
 * How a 404 with an empty body is said: it names neither the model nor the base URL as unknown.
 * Exported so that a gateway's note of the fallback it caused says the same, not "an id it retired".
 */
export const EMPTY_404 = "answered 404 with an empty body";
export const EMPTY_404_UNTOLD =
  "which does not say whether the model or the base URL is unknown there";

/** Whether `error` is a 404 with an empty body (classifyProviderError's `bare404`). */
export function isEmpty404(error: Pick<ProviderError, "status" | "message" | "noApiAtBaseUrl">) {
  return error.status === 404 && !error.noApiAtBaseUrl && error.message.includes(EMPTY_404);
}

/** What to check after a 404 with an empty body: the base URL first (the likelier), then the id. */
function bare404Hint(model: ClassifyInput["model"]): string {
  const setting = baseUrlSetting(model);
  const suggested = apiBaseUrlFor(model.baseUrl);
  const likely = suggested
    ? ` (if its API is elsewhere, most likely at ${displayUrl(suggested)})`
    : " against the provider's documentation";
  return `check ${setting}, now ${displayUrl(model.baseUrl)}${likely}; if it is right, the model id: see what the key may use with: openclaw models scan --provider ${model.provider}`;
}

export interface FailureInput {
  errorClass: "network" | "proxy_auth" | "timeout" | "cancelled";
  /** What happened, in a few words: "connection reset after 3 events", "no first byte within 500 ms". */
  detail: string;
  model: Pick<ResolvedModel, "provider" | "id" | "baseUrl" | "baseUrlAt" | "baseUrlOrigin"> & {
    headers?: Record<string, string>;
  };
  traceId?: string | undefined;
  cause?: unknown;
  apiKey?: string;
  /** The call's own headers (a library caller's `request.headers`): a credential there is masked. */
  callHeaders?: Readonly<Record<string, string>>;
  /**
   * The provider had answered (sent its headers) when the connection broke: `events` is how many
   * events of a streamed answer had come (undefined for an answer that is not streamed).
   */
  reached?: { events: number | undefined };
  /** The timeout that fired: its setting's name and the milliseconds it was set to for this call. */
  timeout?: { setting: keyof Timeouts; ms: number };
  /** Advice that knows more than the class does (a proxy's refusal names its variable). */
  hint?: string;
  /** The HTTP status of a refusal on the way (a proxy's 407), when there was one. */
  status?: number;
}

const TIMEOUT_NAMES: Record<keyof Timeouts, string> = {
  firstByteMs: "first-byte timeout",
  idleMs: "idle timeout (between two chunks)",
  totalMs: "total timeout",
};

/** 300 → "300 ms", 120000 → "120 s", 1500 → "1.5 s". */
function millisText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/**
 * The hint of a timeout that fired, with the setting to raise and the value it has now: a hint
 * that quoted the default misled whoever had changed it.
 */
function timeoutHint(timeout: { setting: keyof Timeouts; ms: number }): string {
  return `the provider did not answer in time: retry, or, if long answers are expected, raise the ${TIMEOUT_NAMES[timeout.setting]}, now ${millisText(timeout.ms)}: gateway.timeouts.${timeout.setting} for the gateway, the timeouts.${timeout.setting} option in the library`;
}

/**
 * The place to check when the provider could not be reached at all: its baseUrl's file:line (or
 * its config key, for a provider the file does not hold), as the hint names it. Undefined when
 * the address is not the suspect: the provider answered, a proxy refused, the process ran out of
 * files.
 */
function unreachedBaseUrl(input: FailureInput): string | undefined {
  if (input.errorClass !== "network" || input.reached || input.hint) return undefined;
  const code = errorCode(input.cause);
  if (code === "EMFILE" || code === "ENFILE") return undefined;
  return baseUrlWhere(input.model);
}

/** A failure without a provider answer: socket errors, timeouts, cancellation, a broken stream. */
export function transportFailure(input: FailureInput): ProviderError {
  const endpoint = endpointOf(input.model.baseUrl);
  const detail = redactSecrets(
    input.detail,
    sentSecrets(input.model, input.apiKey, input.callHeaders),
  );
  const summary = input.reached
    ? answerBreakSummary(
        input.model.provider,
        describeEndpoint(endpoint),
        input.model.id,
        input.reached.events,
      )
    : `${input.model.provider} (${describeEndpoint(endpoint)}) ${SUMMARIES[input.errorClass]} for model ${input.model.id}`;
  const message = `${summary}: ${detail}${input.traceId ? ` (trace ${input.traceId})` : ""}`;
  const where = unreachedBaseUrl(input);
  return new ProviderError({
    errorClass: input.errorClass,
    message,
    provider: input.model.provider,
    model: input.model.id,
    ...(where ? { where } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.traceId ? { traceId: input.traceId } : {}),
    hint: input.hint
      ? input.hint
      : input.reached
        ? `the provider answered, but the connection broke before the answer was complete; that is usually temporary: ask again; if it keeps happening, check any proxy between this machine and ${endpoint.host}`
        : input.timeout
          ? timeoutHint(input.timeout)
          : hintFor(
              input.errorClass,
              { status: undefined, body: undefined, model: input.model, cause: input.cause },
              endpoint,
              undefined,
            ),
    cause: input.cause,
  });
}
