/**
 * The Anthropic Messages API's answer shapes: a whole `message`, its errors, and the names of
 * its stop reasons. A thinking block's `signature` is this gateway's reasoning blob (see
 * reasoning-blob.ts): sent back with the turn, it restores the turn's `reasoning_content` exactly,
 * which Moonshot requires of a thinking model's tool-call turns, and the upstream's own signature
 * of it when there was one (api anthropic-messages), which that API requires.
 */
import type { AssistantMessage, FinishReason, Usage } from "../providers/types.js";
import type { WebSearch } from "../runtime/types.js";
import { searchUseBlock } from "./anthropic-search-blocks.js";
import { anthropicErrorDetails } from "./anthropic-threads.js";
import { anthropicToolId } from "./anthropic-tool-ids.js";
import type { GatewayHttpError } from "./http-error.js";
import { promptTooLongMessage } from "./prompt-too-long.js";
import { reasoningBlob } from "./reasoning-blob.js";

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";

/**
 * The chat finish reason as a stop reason. The upstream does not say which stop sequence ended an
 * answer, nor whether one did: a `stop` is `end_turn` (and `stop_sequence` stays null). One the
 * gateway held and met itself is known: its answer says `stop_sequence` and which.
 * `tool_calls` with no tool_use block sent (an upstream that said so and sent no call, or only a
 * call the gateway ran itself) is `end_turn`: `tool_use` tells a client to run the answer's tools,
 * and Claude Code, finding none, ended the turn there with nothing said (opencode2api#27).
 */
export function stopReasonOf(reason: FinishReason, sentToolUse: boolean): StopReason {
  switch (reason) {
    case "length":
      return "max_tokens";
    case "tool_calls":
      return sentToolUse ? "tool_use" : "end_turn";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}

/** `msg_…`, from the request id the ledger and the x-request-id header have. */
export function messageIdOf(requestId: string): string {
  return `msg_${requestId}`;
}

export interface MessagesUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  /** The web searches run for the answer (Moonshot's, for Anthropic's web search tool), if any. */
  server_tool_use?: { web_search_requests: number };
}

/**
 * Anthropic's input_tokens leave out the tokens read from the cache and those written to it,
 * which are counted apart (an upstream that reports cache writes: one in front of a model with
 * prompt caching; Moonshot reports none). The prompt's tokens are the three together.
 */
export function messagesUsage(usage: Usage | undefined, webSearches = 0): MessagesUsage {
  const prompt = usage?.promptTokens ?? 0;
  const cached = usage?.cachedTokens ?? 0;
  // Never more than the prompt left after the reads, as the cost is counted (runtime/cost.ts).
  const written = Math.min(usage?.cacheWriteTokens ?? 0, Math.max(0, prompt - cached));
  return {
    input_tokens: Math.max(0, prompt - cached - written),
    output_tokens: usage?.completionTokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: written,
    // Where Anthropic counts its own searches, which clients (Claude Code) count and price.
    ...(webSearches > 0 ? { server_tool_use: { web_search_requests: webSearches } } : {}),
  };
}

/**
 * A tool call's arguments as the `input` object a tool_use block has. Arguments that do not
 * parse (a call cut by max_tokens, `{"tz": "Europe/Paris", "note": "Eur`) keep the members that
 * arrived whole, `{"tz": "Europe/Paris"}`, and drop the one cut: what the Anthropic SDKs rebuild
 * from the same arguments streamed, mostly (see `endsInNumber`). The stop reason (max_tokens)
 * tells the client the call is not whole.
 */
export function toolInput(args: string): Record<string, unknown> {
  const whole = objectOf(args === "" ? "{}" : args);
  if (whole) return whole;
  for (const candidate of closedPrefixes(args)) {
    const kept = objectOf(candidate);
    if (kept) return kept;
  }
  return {};
}

/**
 * Whether the text ends in a number with nothing after it: cut there, it may be the first digits
 * of a longer one (`[1, 2` of `[1, 25]`), so it is not a member that arrived whole and is dropped.
 * The Anthropic SDK's partial parser drops it in an array too (`[1]`) but keeps it as an object's
 * value (`{"n": 12` stays 12, streamed); it also drops the last string of an array, closed or not
 * (`["x", "y"` is `["x"]`), where this keeps what closed. Scanned from the end: the text may be
 * megabytes of one number.
 */
function endsInNumber(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && "0123456789.eE+-".includes(text.charAt(i))) i--;
  const run = text.slice(i + 1, i + 3);
  // `true` and `false` end in an e: a number's run starts with a digit or a minus.
  return run !== "" && (/^\d/.test(run) || run.startsWith("-"));
}

/** A broken call's arguments are tried at their last few commas only: each try parses it all. */
const MAX_PREFIXES_TRIED = 8;

function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the caller tries a shorter prefix.
  }
  return undefined;
}

/**
 * The JSON cut short, closed: the whole text (unless it ends inside a string), then the text up
 * to each of the last commas outside a string, last first, each with the brackets open there
 * closed; at most MAX_PREFIXES_TRIED of them. Only the cuts that will be tried are kept while
 * scanning, not a prefix for every comma of a long broken argument (an array of numbers cut by
 * max_tokens), which took twice the time and more memory.
 */
function closedPrefixes(text: string): string[] {
  const closers: string[] = [];
  /** The last commas outside strings, oldest first, with what closes the text there. */
  const cuts: { at: number; closing: string }[] = [];
  let inString = false;
  let escaped = false;
  const closing = () => [...closers].reverse().join("");
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") closers.push("}");
    else if (char === "[") closers.push("]");
    else if (char === "}" || char === "]") closers.pop();
    else if (char === ",") {
      cuts.push({ at: i, closing: closing() });
      if (cuts.length > MAX_PREFIXES_TRIED) cuts.shift();
    }
  }
  const prefixes = cuts.map(({ at, closing: close }) => text.slice(0, at) + close);
  if (!inString && !endsInNumber(text)) prefixes.push(text + closing());
  return prefixes.reverse().slice(0, MAX_PREFIXES_TRIED);
}

function thinkingBlock(
  reasoning: string,
  signature: string | undefined,
  omitted: boolean,
): Record<string, unknown> {
  const blob = reasoningBlob(reasoning, signature);
  return { type: "thinking", thinking: omitted ? "" : reasoning, signature: blob };
}

function textOf(content: AssistantMessage["content"]): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text).join("");
}

/**
 * The whole `message` answered to a request that was not streamed: a `server_tool_use` block for
 * each web search Moonshot ran for it (`webSearches`), ahead of the answer's text; `heldStop`, the
 * stop sequence the gateway held that ended it.
 */
export function messageObject(
  id: string,
  model: string,
  message: AssistantMessage,
  finishReason: FinishReason,
  usage: Usage | undefined,
  webSearches: readonly WebSearch[] = [],
  heldStop?: string,
  thinkingOmitted = false,
): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (message.reasoning_content)
    content.push(
      thinkingBlock(message.reasoning_content, message.reasoning_signature, thinkingOmitted),
    );
  webSearches.forEach((search, i) => {
    content.push({ ...searchUseBlock(id, i, search) });
  });
  const text = textOf(message.content);
  if (text !== "") content.push({ type: "text", text });
  for (const call of message.tool_calls ?? [])
    content.push({
      type: "tool_use",
      id: anthropicToolId(call.id),
      name: call.function.name,
      input: toolInput(call.function.arguments),
    });
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason:
      heldStop === undefined
        ? stopReasonOf(finishReason, (message.tool_calls ?? []).length > 0)
        : "stop_sequence",
    stop_sequence: heldStop ?? null,
    usage: messagesUsage(usage, webSearches.length),
  };
}

/**
 * Anthropic's error types, by what went wrong; an upstream overload is its 529 `overloaded_error`,
 * a timeout its 504 `timeout_error`.
 */
export function messagesErrorOf(error: GatewayHttpError): { status: number; type: string } {
  if (error.errorClass === "upstream.overloaded") return { status: 529, type: "overloaded_error" };
  if (isUpstreamTooLarge(error)) return { status: 413, type: "request_too_large" };
  const status = error.status === 499 ? 400 : error.status;
  if (status === 401) return { status, type: "authentication_error" };
  if (status === 403) return { status, type: "permission_error" };
  if (status === 404) return { status, type: "not_found_error" };
  if (status === 413) return { status, type: "request_too_large" };
  if (status === 429) return { status, type: "rate_limit_error" };
  // Anthropic's own type for a request that took too long (an upstream that never answered).
  if (status === 504) return { status, type: "timeout_error" };
  if (status >= 500) return { status, type: "api_error" };
  return { status, type: "invalid_request_error" };
}

/**
 * A provider's 413: the request's size, not its tokens. Told as Anthropic tells a request over its
 * size limit (413 `request_too_large`), not as "prompt is too long", whose counts it has none of.
 */
function isUpstreamTooLarge(error: GatewayHttpError): boolean {
  return error.upstreamStatus === 413 && error.code === "context_length_exceeded";
}

/**
 * An error's message as an Anthropic client reads it. It has no `param`: a field the message does
 * not name goes in front of it, as Anthropic's own errors name theirs
 * (`messages[2].content[1]: moonshot/kimi-k2-turbo-preview does not accept images …`). A
 * conversation too long for the model says so in Anthropic's words (see prompt-too-long.ts).
 */
export function messagesErrorMessage(error: GatewayHttpError): string {
  const param = error.param;
  const message =
    param !== null && !error.message.includes(param) ? `${param}: ${error.message}` : error.message;
  if (isUpstreamTooLarge(error)) return `request too large: ${message}`;
  return error.code === "context_length_exceeded"
    ? promptTooLongMessage(message, error.overflow)
    : message;
}

/** An error body in Anthropic's format, which the official Anthropic SDKs read. */
export function messagesErrorBody(error: GatewayHttpError): { status: number; body: string } {
  const { status, type } = messagesErrorOf(error);
  return {
    status,
    body: JSON.stringify({
      type: "error",
      error: {
        type,
        message: messagesErrorMessage(error),
        details: anthropicErrorDetails(error.code),
      },
    }),
  };
}
