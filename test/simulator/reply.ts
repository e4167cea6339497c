/** Turns a planned answer into a chat-completion body or the SSE frames of a stream. */
import { estimateTextTokens, messageText } from "./tokens.js";
import type { SimReply, SimStreamShape, SimToolCallSpec } from "./types.js";
import { offersWebSearch } from "./validate.js";

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface PlannedReply {
  id: string;
  model: string;
  created: number;
  text: string;
  reasoning: string | undefined;
  toolCalls: PlannedToolCall[];
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number | undefined;
  reasoningTokens: number | undefined;
  /** The usage object to send as it is, instead of one made from the counts. */
  usageAsSent: Json | undefined;
  /**
   * The request asked for `logprobs` (with `top_logprobs` alternatives per token). Moonshot's
   * documentation does not list them; the simulator answers them as OpenAI-compatible servers
   * do, so that a relay passing them through can be tested.
   */
  logprobs: { top: number } | undefined;
}

type Json = Record<string, unknown>;

function lastMessage(messages: unknown[]): Json | undefined {
  const last = messages[messages.length - 1];
  return last && typeof last === "object" ? (last as Json) : undefined;
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Json | undefined;
    if (m && m.role === "user") return messageText(m.content);
  }
  return "";
}

/** Tool-call ids use a conversation-wide counter: the calls already in the history come first. */
function toolCallsSoFar(messages: unknown[]): number {
  let count = 0;
  for (const message of messages) {
    const m = message as Json | undefined;
    if (m && m.role === "assistant" && Array.isArray(m.tool_calls)) count += m.tool_calls.length;
  }
  return count;
}

let completionCounter = 0;
let searchCounter = 0;

/** Tokens a simulated search's results add to the request that follows it. */
export const SIM_SEARCH_TOKENS = 1500;

/**
 * Moonshot's `$web_search`, unscripted: asked a question, the model calls the tool; sent the
 * call's arguments back, it answers (and the results count in that request's prompt tokens).
 */
function webSearchTurn(
  messages: unknown[],
  last: Json | undefined,
): { call: PlannedToolCall } | { resultTokens: number } | undefined {
  if (last?.role === "user") {
    searchCounter += 1;
    return {
      call: {
        id: `$web_search:${toolCallsSoFar(messages)}`,
        name: "$web_search",
        arguments: JSON.stringify({
          search_result: { search_id: `sim-search-${searchCounter}` },
          usage: { total_tokens: SIM_SEARCH_TOKENS },
        }),
      },
    };
  }
  if (last?.role !== "tool") return undefined;
  const answered = messages.some(
    (m) =>
      !!m &&
      typeof m === "object" &&
      Array.isArray((m as Json).tool_calls) &&
      ((m as Json).tool_calls as Json[]).some(
        (call) =>
          call.id === last.tool_call_id &&
          (call.function as Json | undefined)?.name === "$web_search",
      ),
  );
  return answered ? { resultTokens: SIM_SEARCH_TOKENS } : undefined;
}

/**
 * The call a forced `tool_choice` makes, unscripted: the named function, or for "required" the
 * first function offered, with no arguments. (The request checks refused it if thinking is on.)
 */
function forcedCall(body: Json, search: unknown): SimToolCallSpec[] | undefined {
  if (search !== undefined) return undefined;
  const choice = body.tool_choice;
  let name: unknown;
  if (choice === "required") {
    const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
    const first = tools.find((tool) => tool?.type === "function");
    name = (first?.function as Json | undefined)?.name;
  } else if (choice !== null && typeof choice === "object") {
    name = ((choice as Json).function as Json | undefined)?.name;
  }
  return typeof name === "string" ? [{ name, arguments: {} }] : undefined;
}

export function planReply(
  body: Json,
  thinking: boolean,
  promptTokens: number,
  scripted: SimReply | undefined,
): PlannedReply {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const model = scripted?.model ?? String(body.model);
  const last = lastMessage(messages);
  const question = lastUserText(messages);
  const base = toolCallsSoFar(messages);
  // tool_choice "none": the model calls no tool, $web_search included (it answers from what it knows).
  const search =
    scripted === undefined && offersWebSearch(body) && body.tool_choice !== "none"
      ? webSearchTurn(messages, last)
      : undefined;
  if (search && "resultTokens" in search) promptTokens += search.resultTokens;
  const toolCalls = (scripted?.toolCalls ?? forcedCall(body, search) ?? []).map((call, i) => ({
    id: call.id ?? `functions.${call.name}:${base + i}`,
    name: call.name,
    arguments:
      typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  if (search && "call" in search) toolCalls.push(search.call);
  let text = scripted?.text;
  if (text === undefined) {
    if (search && "resultTokens" in search) text = `Echo: ${question} (searched the web)`;
    else if (toolCalls.length > 0) text = "";
    // Partial mode: the last message is the start of the answer; only the rest comes back.
    else if (last?.role === "assistant" && last.partial === true)
      text = ` (continued after "${messageText(last.content).slice(-20)}")`;
    else if (last?.role === "tool") {
      const results = messages
        .filter((m): m is Json => !!m && typeof m === "object" && (m as Json).role === "tool")
        .map((m) => messageText(m.content));
      text = `Tool results: ${results.join(" | ")}`;
    } else text = `Echo: ${question}`;
  }
  const reasoning = thinking
    ? (scripted?.reasoning ?? `The user said "${question.slice(0, 80)}". I will answer briefly.`)
    : scripted?.reasoning;
  const finishReason = scripted?.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop");
  const completionTokens =
    scripted?.usage?.completionTokens ??
    estimateTextTokens(text) +
      estimateTextTokens(reasoning ?? "") +
      toolCalls.reduce((n, c) => n + estimateTextTokens(c.arguments) + 4, 0);
  completionCounter += 1;
  return {
    id: `chatcmpl-sim-${completionCounter}`,
    model,
    created: Math.floor(Date.now() / 1000),
    text,
    reasoning,
    toolCalls,
    finishReason,
    promptTokens: scripted?.usage?.promptTokens ?? promptTokens,
    completionTokens,
    cachedTokens: scripted?.usage?.cachedTokens ?? 0,
    cacheWriteTokens: scripted?.usage?.cacheWriteTokens,
    reasoningTokens: scripted?.usage?.reasoningTokens,
    usageAsSent: scripted?.usageAsSent,
    logprobs:
      body.logprobs === true
        ? { top: typeof body.top_logprobs === "number" ? body.top_logprobs : 0 }
        : undefined,
  };
}

function usageObject(plan: PlannedReply, cachedIn: SimStreamShape["cachedIn"]): Json {
  if (plan.usageAsSent) return plan.usageAsSent;
  const usage: Json = {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
  };
  if (cachedIn === "usage" || cachedIn === undefined) usage.cached_tokens = plan.cachedTokens;
  if (cachedIn === "details") usage.prompt_tokens_details = { cached_tokens: plan.cachedTokens };
  if (plan.cacheWriteTokens !== undefined)
    usage.cache_creation_input_tokens = plan.cacheWriteTokens;
  if (plan.reasoningTokens !== undefined)
    usage.completion_tokens_details = { reasoning_tokens: plan.reasoningTokens };
  return usage;
}

/** Made-up, deterministic log probabilities of `text` cut into tokens of `size` characters. */
function logprobsOf(text: string, size: number, top: number): Json {
  const entry = (token: string, logprob: number) => ({
    token,
    logprob,
    bytes: [...Buffer.from(token, "utf8")],
  });
  return {
    content: pieces(text, size).map((token, i) => ({
      ...entry(token, -0.25 - i / 100),
      top_logprobs: Array.from({ length: top }, (_, k) =>
        entry(k === 0 ? token : `${token}#${k}`, -0.25 - i / 100 - k),
      ),
    })),
    refusal: null,
  };
}

/** Moonshot marks calls of its own tools as `builtin_function` (as seen by other clients). */
function callType(call: PlannedToolCall): string {
  return call.name.startsWith("$") ? "builtin_function" : "function";
}

/**
 * A non-streamed answer; `cachedIn` places its cached tokens as a stream's last chunk would, and
 * `usageIn: "none"` leaves its usage out, as some OpenAI-compatible servers do.
 */
export function completionBody(
  plan: PlannedReply,
  cachedIn: SimStreamShape["cachedIn"] = "usage",
  usageIn: SimStreamShape["usageIn"] = "choice",
): Json {
  const message: Json = { role: "assistant", content: plan.text };
  if (plan.reasoning !== undefined) message.reasoning_content = plan.reasoning;
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((c) => ({
      id: c.id,
      type: callType(c),
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: plan.finishReason,
        ...(plan.logprobs ? { logprobs: logprobsOf(plan.text, 6, plan.logprobs.top) } : {}),
      },
    ],
    ...(usageIn === "none" ? {} : { usage: usageObject(plan, cachedIn) }),
    ...(cachedIn === "chunk" ? { cached_tokens: plan.cachedTokens } : {}),
  };
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The `data:` payloads of a stream, in order, without framing. `[DONE]` is added by the framer. */
export function streamPayloads(plan: PlannedReply, shape: SimStreamShape): string[] {
  const size = Math.max(1, shape.chunkChars ?? 6);
  const withIndex = shape.toolCallIndex !== false;
  const usageIn = shape.usageIn ?? "choice";
  const chunk = (delta: Json, logprobs?: Json): string =>
    JSON.stringify({
      id: plan.id,
      object: "chat.completion.chunk",
      created: plan.created,
      model: plan.model,
      choices: [{ index: 0, delta, finish_reason: null, ...(logprobs ? { logprobs } : {}) }],
    });
  const out: string[] = [chunk({ role: "assistant", content: "" })];
  if (plan.reasoning) {
    for (const piece of pieces(plan.reasoning, size)) out.push(chunk({ reasoning_content: piece }));
  }
  const textChunks = pieces(plan.text, size).map((piece) => {
    const logprobs = plan.logprobs ? logprobsOf(piece, size, plan.logprobs.top) : undefined;
    return chunk({ content: piece }, logprobs);
  });
  // Loops, not push(...spread): a long answer or long arguments run to more chunks than a call
  // may take as arguments (the answer-cap tests stream 230,000 tokens).
  if (!shape.textAmongToolCalls) for (const text of textChunks) out.push(text);
  const callChunks = plan.toolCalls.map((call, index) => {
    const head: Json = {
      id: call.id,
      type: callType(call),
      function: { name: call.name, arguments: "" },
    };
    if (withIndex) head.index = index;
    const own = [chunk({ tool_calls: [head] })];
    for (const piece of pieces(call.arguments, size * 2)) {
      const part: Json = { function: { arguments: piece } };
      if (withIndex) part.index = index;
      own.push(chunk({ tool_calls: [part] }));
    }
    return own;
  });
  const toolChunks: string[] = [];
  if (shape.interleaveToolCalls) {
    // Round robin: each call's next chunk in turn, until every call is sent.
    const longest = callChunks.reduce((most, own) => Math.max(most, own.length), 0);
    for (let turn = 0; turn < longest; turn++)
      for (const own of callChunks) if (turn < own.length) toolChunks.push(own[turn] as string);
  } else for (const own of callChunks) for (const piece of own) toolChunks.push(piece);
  if (shape.textAmongToolCalls) {
    // A piece of text before each tool-call chunk, for as long as both last.
    const longest = Math.max(textChunks.length, toolChunks.length);
    for (let turn = 0; turn < longest; turn++) {
      if (turn < textChunks.length) out.push(textChunks[turn] as string);
      if (turn < toolChunks.length) out.push(toolChunks[turn] as string);
    }
  } else for (const piece of toolChunks) out.push(piece);
  const finalChoice: Json = { index: 0, delta: {}, finish_reason: plan.finishReason };
  if (usageIn === "choice" || usageIn === "both") {
    finalChoice.usage = usageObject(plan, shape.cachedIn);
  }
  const finalChunk: Json = {
    id: plan.id,
    object: "chat.completion.chunk",
    created: plan.created,
    model: plan.model,
    choices: [finalChoice],
  };
  if (shape.cachedIn === "chunk") finalChunk.cached_tokens = plan.cachedTokens;
  out.push(JSON.stringify(finalChunk));
  if (usageIn === "top" || usageIn === "both") {
    const top: Json = {
      id: plan.id,
      object: "chat.completion.chunk",
      created: plan.created,
      model: plan.model,
      choices: [],
      usage: usageObject(plan, shape.cachedIn),
    };
    if (shape.cachedIn === "chunk") top.cached_tokens = plan.cachedTokens;
    out.push(JSON.stringify(top));
  }
  return out;
}

/** SSE framing of one payload (comments and line endings per the shape). */
export function frame(payload: string, shape: SimStreamShape): string {
  const eol = shape.crlf ? "\r\n" : "\n";
  const comment = shape.comments ? `: keep-alive${eol}` : "";
  return `${comment}data: ${payload}${eol}${eol}`;
}

/**
 * The framed stream cut into pieces of `sizes` bytes, taken in turn (see
 * SimStreamShape.writeSizes): bytes, not characters, so that a UTF-8 sequence can be cut too.
 */
export function piecesOfBytes(frames: readonly string[], sizes: readonly number[]): Buffer[] {
  const bytes = Buffer.from(frames.join(""), "utf8");
  const out: Buffer[] = [];
  let offset = 0;
  for (let turn = 0; offset < bytes.length; turn++) {
    const size = Math.max(1, Math.floor(sizes[turn % sizes.length] ?? 1));
    out.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return out;
}
