/**
 * The gateway's routes as paths: which chat API a path is, what else is served, and what a 404
 * says about a path that is not (a base URL with /v1 twice, a trailing slash, an empty segment,
 * a route spelled in capitals, an OpenAI API not served here).
 */
import { quoted } from "../util/client-value.js";
import type { ChatApi } from "./ledger.js";
import { isStoredChatCompletionPath, unservedOpenAiApiAdvice } from "./unserved-openai-apis.js";

/**
 * A path ending as Anthropic's routes do: /messages, /messages/count_tokens, or one of the Message
 * Batches API's (/messages/batches, /messages/batches/{id}, its /results and /cancel).
 */
export const ANTHROPIC_LIKE_PATH =
  /\/messages(?:\/count_tokens|\/batches(?:\/[^/]+(?:\/results|\/cancel)?)?)?\/?$/;

/**
 * Whether an error on `path` goes in Anthropic's format: a path ending as its routes do (a base
 * URL with one /v1 too many, /v1/v1/messages, is an Anthropic client's too) or any path under
 * /v1/messages/, which only Anthropic's clients ask for. A stored chat completion's messages
 * (/v1/chat/completions/{id}/messages) are OpenAI's. Error paths only.
 */
export function isAnthropicErrorPath(path: string): boolean {
  return (
    path.includes("/v1/messages/") ||
    (ANTHROPIC_LIKE_PATH.test(path) && !isStoredChatCompletionPath(path))
  );
}

/** Anthropic's Message Batches API, which the Anthropic SDKs' `messages.batches` call. */
const ANTHROPIC_BATCHES_PATH = /^\/v1\/messages\/batches(?:\/|$)/;

export const RESPONSES_PREFIX = "/v1/responses/";

/** The chat API a path is the route of, undefined for any other path. */
export function chatDialectOf(path: string): ChatApi | undefined {
  return path === "/v1/chat/completions"
    ? "chat_completions"
    : path === "/v1/responses"
      ? "responses"
      : path === "/v1/messages"
        ? "messages"
        : path === "/v1/completions"
          ? "completions"
          : undefined;
}

/** GET, or HEAD (the same answer without its body, which node:http leaves out by itself). */
export function isRead(method: string | undefined): boolean {
  return method === "GET" || method === "HEAD";
}

/** The method of each route, for a 404 on the route's path with a slash after it. */
const SERVED_ROUTES: Readonly<Record<string, string>> = {
  "/v1/chat/completions": "POST",
  "/v1/responses": "POST",
  "/v1/messages": "POST",
  "/v1/messages/count_tokens": "POST",
  "/v1/completions": "POST",
  "/v1/models": "GET",
  "/healthz": "GET",
  "/metrics": "GET",
};

const SERVED =
  "POST /v1/chat/completions, POST /v1/responses, POST /v1/messages (Anthropic's, and /v1/messages/count_tokens), POST /v1/completions (the legacy text completions), GET /v1/models, /healthz and /metrics";

/**
 * The answer to GET or HEAD / (no token needed, as for /healthz): what this server is and where
 * its routes are, for a person who opens it in a browser and for a client's reachability probe.
 */
export const ROOT_BODY = JSON.stringify({
  object: "openclaw.gateway",
  message: `This is an openclaw gateway, serving Moonshot and Kimi Code models through ${SERVED}`,
});

const BATCHES_ADVICE =
  "Anthropic's Message Batches API is not served here (no request runs in the background): send each request of the batch to POST /v1/messages";

/** An Anthropic route with a path before its /v1 (`/anthropic/v1/messages`): that path, the route. */
const PREFIXED_ANTHROPIC_PATH = new RegExp(`^(/.+?)(/v1${ANTHROPIC_LIKE_PATH.source})`);

/**
 * Kimi's own Anthropic endpoints sit under a path (api.moonshot.ai/anthropic,
 * api.kimi.com/coding): a base URL moved from one keeps it.
 */
const KIMI_ANTHROPIC_PREFIXES = new Set(["/anthropic", "/coding"]);

/** What to do about a path before an Anthropic route's /v1: this gateway's are at its root. */
function prefixAdvice(prefix: string): string {
  if (KIMI_ANTHROPIC_PREFIXES.has(prefix))
    return `Take ${prefix} out of the client's base URL: this gateway's Anthropic routes are at its root (/v1/messages), where Kimi's own Anthropic endpoints have a path before them`;
  // The client's own path, already whole in the message's start: quoted short here.
  return `This gateway serves /v1/messages at its root: take ${quoted(prefix)} out of the client's base URL`;
}

/** What a 404 says: the routes there are, and what to use instead of OpenAI APIs not served. */
export function noRouteMessage(method: string | undefined, path: string): string {
  const base = `no route for ${method ?? "?"} ${path}; this gateway serves ${SERVED}`;
  const advice = adviceFor(path);
  return advice ? `${base}${advice.after}${advice.text}` : base;
}

/** The advice a 404 for `path` gives beside the list of routes, if any (for the operator's log). */
export function noRouteHint(path: string): string | undefined {
  return adviceFor(path)?.text;
}

/** What to do about a path not served, and how it follows the list of routes. */
function adviceFor(path: string): { text: string; after: ". " | ", and " } | undefined {
  const advice = (text: string) => ({ text, after: ". " as const });
  if (path.startsWith(RESPONSES_PREFIX))
    return {
      text: "for a response it served GET and DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items. Responses cannot be cancelled: none runs in the background here",
      after: ", and ",
    };
  const prefixed = path.startsWith("/v1/") ? null : PREFIXED_ANTHROPIC_PATH.exec(path);
  if (prefixed) {
    const [, prefix = "", route = ""] = prefixed;
    const batches = ANTHROPIC_BATCHES_PATH.test(route) ? `. ${BATCHES_ADVICE}` : "";
    return advice(`${prefixAdvice(prefix)}${batches}`);
  }
  if (ANTHROPIC_BATCHES_PATH.test(path)) return advice(BATCHES_ADVICE);
  if (path.startsWith("/v1/v1/"))
    return advice("Does the client's base URL end in /v1 and the client add another /v1?");
  // A base URL ending in / joined to a path starting with one (http://127.0.0.1:18789/v1/ and
  // /chat/completions): the empty segment, not a missing /v1, is what to fix.
  if (path.includes("//"))
    return advice(
      "The path has an empty segment (//): does the client's base URL end in / and the client add a path starting with /? Give the base URL without its trailing slash",
    );
  const unservedApi = unservedOpenAiApiAdvice(path);
  if (unservedApi) return advice(unservedApi);
  const withoutSlash = path.replace(/\/+$/, "");
  const routeMethod = SERVED_ROUTES[withoutSlash];
  if (path.endsWith("/") && routeMethod)
    return advice(`Send it without the trailing slash: ${routeMethod} ${withoutSlash}`);
  const lowerCase = withoutSlash.toLowerCase();
  const caseRouteMethod = SERVED_ROUTES[lowerCase];
  if (caseRouteMethod && lowerCase !== withoutSlash)
    return advice(`Paths are case-sensitive: send ${caseRouteMethod} ${lowerCase}`);
  if (!path.startsWith("/v1/") && ["/chat/completions", "/models"].some((r) => path.endsWith(r)))
    return advice("Is the client's base URL missing the /v1 at its end?");
  return undefined;
}
