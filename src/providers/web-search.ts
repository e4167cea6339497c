/**
 * Moonshot's built-in web search, `$web_search`: a tool the model calls and Moonshot runs. The
 * caller's part is to send the call's arguments back, unchanged, as the tool's result; Moonshot
 * then searches and the model answers from what it found. Moonshot's guide says the tool does not
 * work with thinking on, so a request offering it is sent with thinking off.
 */
import { finiteNumber } from "../util/finite-number.js";
import { isRecord } from "../util/is-record.js";
import type { ChatRequest, ToolCall, ToolDefinition, ToolMessage } from "./types.js";

export const WEB_SEARCH_NAME = "$web_search";

export const WEB_SEARCH_TOOL: ToolDefinition = {
  type: "builtin_function",
  function: { name: WEB_SEARCH_NAME },
};

export function isWebSearchCall(call: ToolCall): boolean {
  return call.function.name === WEB_SEARCH_NAME;
}

export function offersWebSearch(request: ChatRequest): boolean {
  return (
    request.tools?.some(
      (tool) => tool.type === "builtin_function" && tool.function.name === WEB_SEARCH_NAME,
    ) ?? false
  );
}

/** What Moonshot asks the caller to send back for a `$web_search` call: its own arguments. */
export function webSearchResult(call: ToolCall): ToolMessage {
  return {
    role: "tool",
    tool_call_id: call.id,
    name: WEB_SEARCH_NAME,
    content: call.function.arguments,
  };
}

/** The tokens the search's results add to the next request, as the call's arguments state them. */
export function webSearchTokens(call: ToolCall): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.function.arguments);
  } catch {
    return undefined;
  }
  const usage = isRecord(parsed) ? parsed.usage : undefined;
  const total = isRecord(usage) ? finiteNumber(usage.total_tokens) : undefined;
  return total !== undefined && total >= 0 ? total : undefined;
}

/**
 * What the model searched for, when its call's arguments say it: Moonshot's guide shows only
 * `search_result.search_id` and `usage`, but calls seen in the wild also carry
 * `search_result.query` (or a top-level `query`). Undefined when neither is a non-empty string.
 */
export function webSearchQuery(call: ToolCall): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.function.arguments);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const result = parsed.search_result;
  const query = isRecord(result) && typeof result.query === "string" ? result.query : parsed.query;
  return typeof query === "string" && query.trim() !== "" ? query : undefined;
}

/**
 * The request as a web search needs it: with the `$web_search` tool (added when `add` is set and
 * it is missing) and thinking off. Says what changed from what the caller asked, if anything,
 * in the caller's own words (`thinkingAsked`: a gateway client's `reasoning effort "high"`).
 */
export function searchReady(
  request: ChatRequest,
  add: boolean,
): { request: ChatRequest; adjustment: string | undefined } {
  const offered = offersWebSearch(request);
  if (!offered && !add) return { request, adjustment: undefined };
  const out: ChatRequest = { ...request };
  if (!offered) out.tools = [...(request.tools ?? []), WEB_SEARCH_TOOL];
  if (request.thinking === "off") return { request: out, adjustment: undefined };
  out.thinking = "off";
  return {
    request: out,
    adjustment:
      request.thinking === undefined
        ? undefined
        : `${request.thinkingAsked ?? `thinking "${request.thinking}"`} turned off: Moonshot's $web_search does not work with thinking on`,
  };
}
