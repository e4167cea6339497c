/**
 * A cheap, pure token estimator and the context policy built on it.
 *
 * The estimate is deliberately simple: Latin text runs about four characters per token, CJK
 * ideographs and kana about 0.7 tokens each (Moonshot's tokenizer packs roughly 1.5 Chinese
 * characters into a token), other non-ASCII characters half a token, plus a few tokens of framing
 * per message. It is used to refuse requests that clearly cannot fit before any byte leaves the
 * machine; the provider stays the judge of borderline cases.
 */
import type { ContextOverflow } from "../errors.js";
import { defaultMaxTokens } from "../providers/build-chat-request.js";
import type {
  ChatMessage,
  ChatRequest,
  ContentPart,
  ToolDefinition,
  Usage,
} from "../providers/types.js";
import type { Correction } from "./fixed-sampling.js";

const MESSAGE_OVERHEAD = 4;
const REQUEST_OVERHEAD = 3;
/** An image costs roughly this many tokens on Moonshot's vision models (fixed tiling). */
const IMAGE_TOKENS = 1000;

function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) || // kana
    (code >= 0x3400 && code <= 0x4dbf) || // CJK ext A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified
    (code >= 0xac00 && code <= 0xd7af) || // Hangul
    (code >= 0xf900 && code <= 0xfaff) || // compatibility ideographs
    (code >= 0xff00 && code <= 0xffef) || // full-width forms
    (code >= 0x3000 && code <= 0x303f) || // CJK punctuation
    (code >= 0x20000 && code <= 0x2fa1f) // ext B and beyond
  );
}

/** Estimated tokens of a plain string. */
export function estimateTextTokens(text: string): number {
  let latin = 0;
  let wide = 0;
  let other = 0;
  // Code units, not a string iterator: the iterator allocates per character and made this the
  // costliest step of a long request (2 ms for 270 KB). Surrogate pairs count as one character.
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      latin++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (isCjk(code)) wide++;
    else other++;
  }
  return Math.ceil(latin / 4 + wide * 0.7 + other * 0.5);
}

function contentTokens(content: string | ContentPart[] | null | undefined): number {
  if (content === null || content === undefined) return 0;
  if (typeof content === "string") return estimateTextTokens(content);
  let total = 0;
  for (const part of content) {
    total += part.type === "text" ? estimateTextTokens(part.text) : IMAGE_TOKENS;
  }
  return total;
}

/** Estimated tokens of one message, as the model will see it (including replayed reasoning). */
export function estimateMessageTokens(message: ChatMessage): number {
  let total = MESSAGE_OVERHEAD + contentTokens(message.content);
  if (message.role === "assistant") {
    if (message.reasoning_content) total += estimateTextTokens(message.reasoning_content);
    for (const call of message.tool_calls ?? []) {
      total +=
        MESSAGE_OVERHEAD +
        estimateTextTokens(call.id) +
        estimateTextTokens(call.function.name) +
        estimateTextTokens(call.function.arguments);
    }
  }
  if (message.role === "tool") total += estimateTextTokens(message.tool_call_id);
  return total;
}

export function estimateToolsTokens(tools: ToolDefinition[] | undefined): number {
  if (!tools || tools.length === 0) return 0;
  return estimateTextTokens(JSON.stringify(tools));
}

/** Estimated prompt tokens of a whole request: messages, tool schemas and framing. */
export function estimateRequestTokens(request: Pick<ChatRequest, "messages" | "tools">): number {
  let total = REQUEST_OVERHEAD + estimateToolsTokens(request.tools);
  for (const message of request.messages) total += estimateMessageTokens(message);
  return total;
}

/**
 * The usage of a request cut short before its provider reported any, which it bills all the
 * same: the prompt estimated from the request, the completion as `completionTokens` (what was
 * streamed before the cut). What the gateway's ledger keeps for such a request, and what chat's
 * /usage counts for a turn cancelled with Ctrl-C.
 */
export function estimateCutUsage(
  request: Pick<ChatRequest, "messages" | "tools">,
  completionTokens: number,
): Usage {
  const promptTokens = estimateRequestTokens(request);
  return {
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedTokens: 0,
    cacheWriteTokens: 0,
  };
}

/**
 * The least room kept for the answer when the caller sets no cap, so that a prompt filling the
 * whole window is refused (as `context_length_exceeded`, which agents answer by compacting)
 * instead of sent for an answer that cannot come. A thinking model reasons before it answers:
 * given 256 tokens it spends them all reasoning and stops with `length` and no text, so it is
 * kept 1,024.
 */
export function answerFloor(model: { maxTokens: number }, thinking: boolean): number {
  return Math.min(thinking ? 1024 : 256, model.maxTokens);
}

/**
 * Tokens to keep free for the answer when checking the window: what the caller asked for
 * (capped by the model's limit), else the floor (`answerFloor`).
 */
export function reservedOutputTokens(
  request: Pick<ChatRequest, "maxTokens">,
  model: { maxTokens: number },
  thinking: boolean,
): number {
  if (request.maxTokens === undefined) return answerFloor(model, thinking);
  return Math.max(1, Math.min(request.maxTokens, model.maxTokens));
}

/** Margin on a local estimate, which may count fewer tokens than the provider's tokenizer. */
const LOCAL_ESTIMATE_MARGIN = 1.02;

/**
 * The request with an output cap that fits beside its input in the model's window, when the
 * caller set none. Moonshot refuses a request whose input plus `max_tokens` exceeds the window
 * ("Your request exceeded model token limit") rather than answering shorter, so the default cap
 * (the model's `params.maxTokens`, else its `maxTokens` up to 32,000) is lowered to the room left, never
 * below the floor kept for the answer. The same request when the cap fits, or the caller set one.
 */
export function withAnswerRoom(
  request: ChatRequest,
  model: { contextWindow: number; maxTokens: number; params: Record<string, unknown> },
  inputTokens: number,
  exact: boolean,
  thinking: boolean,
): ChatRequest {
  if (request.maxTokens !== undefined) return request;
  const cap = defaultMaxTokens(model);
  const counted = exact ? inputTokens : Math.ceil(inputTokens * LOCAL_ESTIMATE_MARGIN);
  const room = Math.max(answerFloor(model, thinking), model.contextWindow - counted);
  return room >= cap ? request : { ...request, maxTokens: room };
}

/**
 * The input's tokens as counted after a refusal that told the window alone: by the provider's
 * token-count endpoint (`exact`), else by the local estimate.
 */
export interface PromptCount {
  /** The input's tokens. */
  tokens: number;
  /** Counted by the provider's tokenizer (true), or the local estimate (false). */
  exact: boolean;
}

/**
 * Kept free beside the provider's own count of the input: its token-count endpoint is given the
 * messages and tools only, the chat request may frame them in a few tokens more.
 */
const PROVIDER_COUNT_MARGIN = 256;
/**
 * Margin on the local estimate after the provider refused a request that the estimate (with its
 * 2% margin) said fits: the estimate counted short by more than that, so 10% is kept.
 */
const LOCAL_RETRY_MARGIN = 1.1;

/**
 * The input tokens to size the cap by after a refusal against `limit` that told no count (a
 * margin included). The refusal proves the input more than `limit - sentCap`: beside the
 * provider's count that bound and 256 tokens; beside the local estimate, the estimate plus 10%,
 * or that bound plus the 2% kept on a first request, whichever is more.
 */
function inputAfterLimitRefusal(limit: number, sentCap: number, counted: PromptCount): number {
  const proven = limit - sentCap + 1;
  if (counted.exact) return Math.max(counted.tokens, proven) + PROVIDER_COUNT_MARGIN;
  return Math.max(
    Math.ceil(counted.tokens * LOCAL_RETRY_MARGIN),
    Math.ceil(proven * LOCAL_ESTIMATE_MARGIN),
  );
}

/**
 * The output cap that fits, from Moonshot's refusal of a request whose input plus cap went over
 * the window, read into `overflow` where the refusal is classified. With its own counts ("Your
 * request exceeded model token limit: 262144 (requested: 269030)") the cap is what they leave;
 * the refusal counts with the real tokenizer, where the cap sent beside the input was lowered by
 * a local estimate that can count short (text in some scripts, images). With its limit alone
 * ("…token limit: 262144"), the input as `counted` after the refusal (Moonshot's token-count
 * endpoint, else the local estimate) and a margin leave it (see `inputAfterLimitRefusal`). Only a
 * cap the caller did not set is changed (`sentCap` is the one sent), and never below the floor
 * kept for an answer: undefined when the refusal told neither, or no such cap fits.
 */
export function answerCapFromRefusal(
  overflow: ContextOverflow | undefined,
  sentCap: number,
  model: { maxTokens: number },
  thinking: boolean,
  counted?: PromptCount,
): number | undefined {
  const room = roomAfterRefusal(overflow, sentCap, counted);
  if (room === undefined) return undefined;
  return room >= answerFloor(model, thinking) && room < sentCap ? room : undefined;
}

/** The room for the answer that a refusal over the window leaves, when it can be told. */
function roomAfterRefusal(
  overflow: ContextOverflow | undefined,
  sentCap: number,
  counted: PromptCount | undefined,
): number | undefined {
  if (overflow?.by === "provider_tokens")
    return overflow.limitTokens - (overflow.requestedTokens - sentCap);
  if (overflow?.by === "provider_limit" && counted)
    return overflow.limitTokens - inputAfterLimitRefusal(overflow.limitTokens, sentCap, counted);
  return undefined;
}

/**
 * Moonshot refused input plus the cap the runtime chose as over the window: the request again
 * with the cap that fits, if one does (see `answerCapFromRefusal`), and the window it was fitted
 * to with the input counted beside it.
 */
export function answerCapCorrection(
  model: { maxTokens: number; params: Record<string, unknown> },
  request: ChatRequest,
  overflow: ContextOverflow | undefined,
  thinking: boolean,
  counted?: PromptCount,
): Correction | undefined {
  const sent = request.maxTokens ?? defaultMaxTokens(model);
  const cap = answerCapFromRefusal(overflow, sent, model, thinking, counted);
  if (cap === undefined || overflow === undefined || !("limitTokens" in overflow)) return undefined;
  const inputTokens =
    overflow.by === "provider_tokens"
      ? overflow.requestedTokens - sent
      : Math.max(counted?.tokens ?? 0, overflow.limitTokens - sent + 1);
  return {
    request: { ...request, maxTokens: cap },
    event: { corrected: { param: "max_tokens", from: sent, to: cap } },
    window: { limit: overflow.limitTokens, inputTokens },
  };
}

/**
 * Groups messages into turns for the drop-oldest policy: leading system messages form the head;
 * after that a turn starts at each user message and runs up to the next one, so an assistant
 * tool-call message always stays with its tool results.
 */
export function splitTurns(messages: ChatMessage[]): {
  head: ChatMessage[];
  turns: ChatMessage[][];
} {
  const head: ChatMessage[] = [];
  const turns: ChatMessage[][] = [];
  let index = 0;
  while (index < messages.length) {
    const message = messages[index];
    if (!message || (message.role !== "system" && message.role !== "developer")) break;
    head.push(message);
    index++;
  }
  let current: ChatMessage[] | undefined;
  for (; index < messages.length; index++) {
    const message = messages[index];
    if (!message) continue;
    if (message.role === "user" || current === undefined) {
      current = [];
      turns.push(current);
    }
    current.push(message);
  }
  return { head, turns };
}

/** What `fitConversation` kept of a conversation to fit a token budget. */
export interface FitResult {
  /** The messages kept: the leading system messages and the latest turns. */
  messages: ChatMessage[];
  /** How many messages the policy dropped (0 when everything fit). */
  droppedMessages: number;
  /** The request's estimated tokens with only those messages (tools included). */
  estimatedTokens: number;
}

/**
 * The conversation policy ("drop oldest turns"): keep every leading system message and the latest
 * turn, and drop whole turns from the oldest end until the estimate fits `budget`. Whole turns go
 * at once, so a tool call is never separated from its result and replayed reasoning stays with its
 * tool-call message. System messages that appear later in the conversation travel with their turn.
 * Returns undefined when even system + latest turn does not fit.
 */
export function fitConversation(
  request: Pick<ChatRequest, "messages" | "tools">,
  budget: number,
): FitResult | undefined {
  const estimated = estimateRequestTokens(request);
  if (estimated <= budget) {
    return { messages: request.messages, droppedMessages: 0, estimatedTokens: estimated };
  }
  const { head, turns } = splitTurns(request.messages);
  const turnTokens = turns.map((turn) =>
    turn.reduce((sum, message) => sum + estimateMessageTokens(message), 0),
  );
  let total = estimated;
  let first = 0;
  while (total > budget && first < turns.length - 1) {
    total -= turnTokens[first] ?? 0;
    first++;
  }
  if (total > budget) return undefined;
  const kept = turns.slice(first).flat();
  return {
    messages: [...head, ...kept],
    droppedMessages: request.messages.length - head.length - kept.length,
    estimatedTokens: total,
  };
}
