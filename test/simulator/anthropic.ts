/**
 * Kimi Code's Anthropic surface (`POST /coding/v1/messages`, which Anthropic clients reach from
 * the base URL https://api.kimi.com/coding/): the Messages format's request checks, answers (a
 * whole message or its SSE events) and error bodies (`{type: "error", error: {type, message}}`).
 * The key goes as `x-api-key` (or a Bearer token); the User-Agent rule is Kimi Code's.
 */
import { createHash } from "node:crypto";
import type { SimError } from "./errors.js";
import type { SimModel } from "./models.js";
import type { SimRespond, SimToolCallSpec } from "./types.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The route it answers at, under a surface's prefix. */
export const MESSAGES_ROUTE = "/messages";

/** Anthropic's error types, by status, for a refusal the simulator words its own way. */
const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

const ANTHROPIC_TYPES = new Set([...Object.values(TYPE_BY_STATUS), "api_error"]);

/** An error in the Messages format: its own type kept when it is one of Anthropic's. */
export function anthropicErrorBody(error: SimError): string {
  const type = ANTHROPIC_TYPES.has(error.type)
    ? error.type
    : (TYPE_BY_STATUS[error.status] ??
      (error.status >= 500 ? "api_error" : "invalid_request_error"));
  return JSON.stringify({ type: "error", error: { type, message: error.message } });
}

/**
 * The signature the simulator puts on a thinking block: made from its text, so a replayed block
 * whose text or signature was changed (or left empty) is refused, as Anthropic refuses it.
 */
export function simThinkingSignature(thinking: string): string {
  return `sim-sig-${createHash("sha256").update(thinking).digest("hex").slice(0, 16)}`;
}

function invalid(message: string): SimError {
  return { status: 400, type: "invalid_request_error", message };
}

/** What a Messages request asks for, once it passed the checks. */
interface Checked {
  model: string;
  thinking: boolean;
  maxTokens: number;
  lastUserText: string;
  toolsSoFar: number;
  promptTokens: number;
}

function blockText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((b): b is Json => isObject(b) && b.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("\n");
}

/** The request checks of the Messages format (the ones a client gets wrong). */
export function checkMessages(
  body: unknown,
  models: ReadonlyMap<string, SimModel>,
): SimError | Checked {
  if (!isObject(body)) return invalid("the request body must be a JSON object");
  const id = body.model;
  const model = typeof id === "string" ? models.get(id) : undefined;
  if (model?.surface !== "kimi-code") {
    return { status: 404, type: "not_found_error", message: `model: ${String(id)} not found` };
  }
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1) {
    return invalid("max_tokens: Field required (a positive integer)");
  }
  if (body.system !== undefined && typeof body.system !== "string" && !Array.isArray(body.system)) {
    return invalid("system: Input should be a string or a list of text blocks");
  }
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return invalid("messages: at least one message is required");
  }
  let thinking =
    model.thinking === "always" || (model.thinking === "optional" && model.thinkingDefault);
  const asked = body.thinking;
  if (isObject(asked)) {
    if (asked.type === "disabled") {
      if (model.thinking === "always")
        return invalid("invalid thinking: only type=enabled is allowed for this model");
      thinking = false;
    } else if (asked.type === "enabled") {
      const budget = asked.budget_tokens;
      if (typeof budget !== "number" || budget < 1024)
        return invalid("thinking.budget_tokens: Input should be greater than or equal to 1024");
      if (budget >= maxTokens)
        return invalid("`max_tokens` must be greater than `thinking.budget_tokens`");
      thinking = true;
    } else return invalid("thinking.type: Input should be 'enabled' or 'disabled'");
  }
  const choice = body.tool_choice;
  if (thinking && isObject(choice) && (choice.type === "any" || choice.type === "tool")) {
    return invalid("Thinking may not be enabled when tool_choice forces tool use.");
  }
  let toolsSoFar = 0;
  let lastUserText = "";
  let previousToolUses = new Set<string>();
  const lastAssistant = messages.findLastIndex(
    (message: unknown) => isObject(message) && message.role === "assistant",
  );
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message) || (message.role !== "user" && message.role !== "assistant")) {
      return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    const blocks = Array.isArray(message.content) ? message.content : [];
    if (typeof message.content !== "string" && !Array.isArray(message.content)) {
      return invalid(`messages.${i}.content: Field required`);
    }
    const uses = new Set<string>();
    for (const [at, block] of blocks.entries()) {
      if (!isObject(block)) return invalid(`messages.${i}.content: each block must be an object`);
      if (
        block.type === "thinking" &&
        block.signature !== simThinkingSignature(String(block.thinking ?? ""))
      ) {
        return invalid(`messages.${i}.content.${at}: Invalid \`signature\` in \`thinking\` block`);
      }
      if (block.type === "tool_result") {
        if (message.role !== "user")
          return invalid(`messages.${i}: tool_result blocks go in user turns`);
        if (!previousToolUses.has(String(block.tool_use_id))) {
          return invalid(
            `messages.${i}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
      } else if (block.type === "tool_use") {
        if (!isObject(block.input))
          return invalid(`messages.${i}: tool_use.input must be an object`);
        uses.add(String(block.id));
        toolsSoFar += 1;
      }
    }
    // With thinking on, the last assistant turn, when it used tools (its tool-use cycle still
    // going on), goes back with its thinking first; earlier turns' thinking may be left out, as
    // Anthropic documents and its refusal says ("a final assistant message must start with a
    // thinking block … To avoid this requirement, disable thinking").
    if (thinking && i === lastAssistant && uses.size > 0) {
      const first = blocks[0];
      if (!isObject(first) || first.type !== "thinking") {
        return invalid(
          `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${isObject(first) ? String(first.type) : "nothing"}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`,
        );
      }
    }
    previousToolUses = uses;
    if (message.role === "user") lastUserText = blockText(message.content) || lastUserText;
  }
  return {
    model: model.id,
    thinking,
    maxTokens,
    lastUserText,
    toolsSoFar,
    promptTokens: Math.max(1, Math.ceil(JSON.stringify(body).length / 4)),
  };
}

interface PlannedMessage {
  id: string;
  model: string;
  thinking: string | undefined;
  text: string;
  toolUses: Array<{ id: string; name: string; input: Json }>;
  stopReason: string;
  inputTokens: number;
  outputTokens: number;
  cacheRead: number;
}

let messageCounter = 0;

function inputOf(call: SimToolCallSpec): Json {
  if (call.arguments === undefined) return {};
  if (typeof call.arguments === "string") {
    const parsed: unknown = JSON.parse(call.arguments);
    return isObject(parsed) ? parsed : {};
  }
  return call.arguments;
}

/** The answer to a checked request: the scripted reply, else an echo of what the user said. */
export function planMessage(checked: Checked, respond: SimRespond | undefined): PlannedMessage {
  messageCounter += 1;
  const reply = respond?.reply;
  const toolUses = (reply?.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `toolu_sim_${checked.toolsSoFar + i}`,
    name: call.name,
    input: inputOf(call),
  }));
  const text = reply?.text ?? (toolUses.length > 0 ? "" : `You said: ${checked.lastUserText}`);
  const thinking = checked.thinking
    ? (reply?.reasoning ?? `The user said "${checked.lastUserText}".`)
    : undefined;
  const outputTokens =
    reply?.usage?.completionTokens ??
    Math.ceil((text.length + (thinking?.length ?? 0) + JSON.stringify(toolUses).length) / 4);
  return {
    id: `msg_sim_${messageCounter}`,
    model: reply?.model ?? checked.model,
    thinking,
    text,
    toolUses,
    stopReason: reply?.finishReason ?? (toolUses.length > 0 ? "tool_use" : "end_turn"),
    inputTokens: reply?.usage?.promptTokens ?? checked.promptTokens,
    outputTokens,
    cacheRead: reply?.usage?.cachedTokens ?? 0,
  };
}

function usageOf(plan: PlannedMessage, output: number): Json {
  return {
    input_tokens: plan.inputTokens,
    output_tokens: output,
    cache_read_input_tokens: plan.cacheRead,
    cache_creation_input_tokens: 0,
  };
}

/** The whole message, for a request that does not stream. */
export function messageBody(plan: PlannedMessage): string {
  const content: Json[] = [];
  if (plan.thinking !== undefined)
    content.push({
      type: "thinking",
      thinking: plan.thinking,
      signature: simThinkingSignature(plan.thinking),
    });
  if (plan.text !== "") content.push({ type: "text", text: plan.text });
  for (const use of plan.toolUses) content.push({ type: "tool_use", ...use });
  return JSON.stringify({
    id: plan.id,
    type: "message",
    role: "assistant",
    model: plan.model,
    content,
    stop_reason: plan.stopReason,
    stop_sequence: null,
    usage: usageOf(plan, plan.outputTokens),
  });
}

function sse(event: string, data: Json): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

/** The message as SSE events, one frame per event (`cutAfterChunks` counts them). */
export function messageFrames(
  plan: PlannedMessage,
  error?: SimError,
  afterFrames?: number,
): string[] {
  const frames: string[] = [];
  frames.push(
    sse("message_start", {
      type: "message_start",
      message: {
        id: plan.id,
        type: "message",
        role: "assistant",
        model: plan.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageOf(plan, 1),
      },
    }),
  );
  frames.push(sse("ping", { type: "ping" }));
  let index = 0;
  const block = (start: Json, deltas: Json[]): void => {
    frames.push(
      sse("content_block_start", { type: "content_block_start", index, content_block: start }),
    );
    for (const delta of deltas)
      frames.push(sse("content_block_delta", { type: "content_block_delta", index, delta }));
    frames.push(sse("content_block_stop", { type: "content_block_stop", index }));
    index += 1;
  };
  if (plan.thinking !== undefined) {
    block({ type: "thinking", thinking: "", signature: "" }, [
      ...pieces(plan.thinking, 8).map((thinking) => ({ type: "thinking_delta", thinking })),
      { type: "signature_delta", signature: simThinkingSignature(plan.thinking) },
    ]);
  }
  if (plan.text !== "") {
    block(
      { type: "text", text: "" },
      pieces(plan.text, 6).map((text) => ({ type: "text_delta", text })),
    );
  }
  for (const use of plan.toolUses) {
    block(
      { type: "tool_use", id: use.id, name: use.name, input: {} },
      pieces(JSON.stringify(use.input), 5).map((partial_json) => ({
        type: "input_json_delta",
        partial_json,
      })),
    );
  }
  frames.push(
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: plan.stopReason, stop_sequence: null },
      usage: { output_tokens: plan.outputTokens },
    }),
  );
  frames.push(sse("message_stop", { type: "message_stop" }));
  if (error && afterFrames !== undefined) {
    frames.splice(
      afterFrames,
      frames.length,
      `event: error\ndata: ${anthropicErrorBody(error)}\n\n`,
    );
  }
  return frames;
}
