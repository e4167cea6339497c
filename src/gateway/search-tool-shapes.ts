/**
 * A web search tool written as another of the gateway's routes writes it: the Responses API's
 * `{"type": "web_search"}` (or `web_search_preview`), Anthropic's `{"type":
 * "web_search_20250305", "name": "web_search"}`, Moonshot's own `{"type": "builtin_function",
 * "function": {"name": "$web_search"}}`. Each route takes one of them, and refused the others as
 * an unknown tool type: on chat completions pointing to `builtin_function` (whose search calls
 * come back for the client to answer), on /v1/messages calling OpenAI's tool Anthropic's server
 * tool. The refusal now names the form the route takes.
 */
import { clippedJson } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";

/** Which API writes a web search tool in the shape of `tool`, or undefined when it is none. */
function searchToolApi(tool: unknown): "responses" | "anthropic" | "moonshot" | undefined {
  if (!isRecord(tool)) return undefined;
  const type = tool.type;
  if (typeof type !== "string") return undefined;
  if (/^web_search(?:_preview)?(?:_\d{4}_\d{2}_\d{2})?$/.test(type)) return "responses";
  if (/^web_search_\d+$/.test(type)) return "anthropic";
  const fn = tool.function;
  if (type === "builtin_function" && isRecord(fn) && fn.name === "$web_search") return "moonshot";
  return undefined;
}

const WRITTEN_BY = {
  responses: "the Responses API",
  anthropic: "Anthropic's Messages API",
  moonshot: "Moonshot's API",
} as const;

/** The refusal of `tool` at `at` when it is a web search tool of another API's shape. */
function otherShape(
  tool: unknown,
  at: string,
  own: keyof typeof WRITTEN_BY,
  instead: string,
): GatewayHttpError | undefined {
  const api = searchToolApi(tool);
  if (api === undefined || api === own) return undefined;
  return badRequest(
    `${at} ${clippedJson(tool)} is the web search tool as ${WRITTEN_BY[api]} writes it; ${instead}`,
    `${at}.type`,
    "unsupported_value",
  );
}

/**
 * On chat completions, the Responses or Anthropic search tool: a searched answer is asked for
 * with `web_search_options`, which the gateway runs with Moonshot's `$web_search` itself.
 */
export function chatSearchToolShape(tool: unknown, at: string): GatewayHttpError | undefined {
  return otherShape(
    tool,
    at,
    "moonshot",
    "chat completions ask for a searched answer with web_search_options: {} (the gateway runs Moonshot's $web_search and answers from it): leave it out of tools and send that",
  );
}

/** On /v1/messages, the Responses or Moonshot search tool: Anthropic's is the one it takes. */
export function messagesSearchToolShape(tool: unknown, at: string): GatewayHttpError | undefined {
  return otherShape(
    tool,
    at,
    "anthropic",
    '/v1/messages takes Anthropic\'s: {"type": "web_search_20250305", "name": "web_search"}, answered with Moonshot\'s own search',
  );
}

/** On /v1/responses, the Anthropic or Moonshot search tool: `{"type": "web_search"}` is its own. */
export function responsesSearchToolShape(tool: unknown, at: string): GatewayHttpError | undefined {
  return otherShape(
    tool,
    at,
    "responses",
    'the Responses API takes {"type": "web_search"}, answered with Moonshot\'s own search',
  );
}
