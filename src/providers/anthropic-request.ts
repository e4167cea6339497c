/**
 * Builds the Anthropic Messages request (`api: "anthropic-messages"`, Kimi Code's surface at
 * https://api.kimi.com/coding/) for one model. The chat-completions request is built first (its
 * compat rules, header layers, caps and checks hold here too), then said in Anthropic's terms:
 * the system text at the top level, content blocks, `input_schema`, `x-api-key`. Pure.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { clippedJson } from "../util/client-value.js";
import { count } from "../util/count.js";
import { finiteNumber } from "../util/finite-number.js";
import { alwaysThinksWhy } from "./always-thinks.js";
import { sendExtraFields } from "./anthropic-extra-fields.js";
import { refuseUnsentParts } from "./anthropic-unsent-parts.js";
import {
  buildChatRequest,
  isThinkingOn,
  maxTokensSent,
  thinkingLevel,
} from "./build-chat-request.js";
import { sideRequestUrl } from "./endpoint-url.js";
import {
  keptSignatures,
  openToolTurnLacksThinking,
  replayedThinkingBlock,
} from "./replayed-thinking.js";
import { thinkingSignatureOf } from "./thinking-signatures.js";
import type { ChatRequest, ThinkingLevel, ToolChoice } from "./types.js";

/** The version of the Messages API every request names (the one its format here is of). */
export const ANTHROPIC_VERSION = "2023-06-01";

/** The smallest thinking budget Anthropic's format takes. */
const MIN_THINKING_BUDGET = 1024;

type Json = Record<string, unknown>;

export interface BuiltAnthropicRequest {
  url: string;
  headers: Record<string, string>;
  body: Json;
  adjustments: string[];
  /** Tool names sent in another form, sent name → caller's name (see BuiltChatRequest). */
  toolNamesFromUpstream?: ReadonlyMap<string, string>;
}

/**
 * `{base}/v1/messages`, as Anthropic's clients build it from a base URL without `/v1`
 * (https://api.kimi.com/coding/); a base URL that already ends in `/v1` gets `/messages`.
 */
export function messagesUrl(baseUrl: string): string {
  return sideRequestUrl(baseUrl, "anthropic-messages", "/messages");
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
    .filter((text) => text.length > 0)
    .join("\n");
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** An OpenAI `image_url` part as an Anthropic image block: a data URL as base64, else its URL. */
function imageBlock(part: Json): Json {
  const url = isObject(part.image_url) ? String(part.image_url.url ?? "") : "";
  const data = DATA_URL.exec(url);
  if (data) {
    return { type: "image", source: { type: "base64", media_type: data[1], data: data[2] } };
  }
  return { type: "image", source: { type: "url", url } };
}

function userBlocks(content: unknown): Json[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) return [];
  const blocks: Json[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    if (part.type === "image_url") blocks.push(imageBlock(part));
    else if (typeof part.text === "string" && part.text !== "")
      blocks.push({ type: "text", text: part.text });
  }
  return blocks;
}

/** A tool call's arguments as the object `tool_use.input` must be (`{}` when they are none). */
function toolInput(args: unknown): Json {
  if (typeof args !== "string" || args.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return isObject(parsed) ? parsed : { value: parsed };
  } catch {
    return { arguments: args };
  }
}

/** How earlier reasoning goes back: whether thinking is on, and the signatures the messages kept. */
interface ThinkingReplay {
  on: boolean;
  kept: ReadonlyMap<string, string>;
}

function assistantBlocks(message: Json, thinking: ThinkingReplay): Json[] {
  const blocks: Json[] = [];
  const reasoning = message.reasoning_content;
  // Earlier thinking goes back as a thinking block while thinking is on (tool-call rounds need it),
  // with the signature it came with: the one the message kept, else the one this process read;
  // without one it is left out (see replayed-thinking.ts).
  if (thinking.on && typeof reasoning === "string" && reasoning !== "") {
    const signature = thinking.kept.get(reasoning) ?? thinkingSignatureOf(reasoning);
    const block = replayedThinkingBlock(reasoning, signature);
    if (block) blocks.push(block);
  }
  const text = textOf(message.content);
  if (text !== "") blocks.push({ type: "text", text });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of calls) {
    if (!isObject(call) || !isObject(call.function)) continue;
    blocks.push({
      type: "tool_use",
      id: call.id,
      name: call.function.name,
      input: toolInput(call.function.arguments),
    });
  }
  return blocks;
}

/**
 * Chat-completions messages (as built for the model) as Anthropic's: system and developer text
 * joined into `system`, tool results as `tool_result` blocks of a user turn, and turns of one
 * role in a row merged into one.
 */
function convertMessages(
  messages: readonly unknown[],
  thinking: ThinkingReplay,
): { system: string | undefined; messages: Json[] } {
  const system: string[] = [];
  const out: Json[] = [];
  const push = (role: "user" | "assistant", blocks: Json[]): void => {
    if (blocks.length === 0) return;
    const last = out[out.length - 1];
    if (last?.role === role && Array.isArray(last.content))
      (last.content as Json[]).push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    if (!isObject(message)) continue;
    switch (message.role) {
      case "system":
      case "developer": {
        const text = textOf(message.content);
        if (text !== "") system.push(text);
        break;
      }
      case "user":
        push("user", userBlocks(message.content));
        break;
      case "assistant":
        push("assistant", assistantBlocks(message, thinking));
        break;
      case "tool":
        push("user", [
          {
            type: "tool_result",
            tool_use_id: message.tool_call_id,
            content: textOf(message.content),
          },
        ]);
        break;
    }
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: out };
}

function convertTools(tools: unknown): Json[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const out: Json[] = [];
  for (const tool of tools) {
    if (!isObject(tool) || !isObject(tool.function)) continue;
    const fn = tool.function;
    const converted: Json = { name: fn.name };
    if (typeof fn.description === "string") converted.description = fn.description;
    converted.input_schema = isObject(fn.parameters) ? fn.parameters : { type: "object" };
    // There only where the model has a strict mode (compat.supportsStrictMode): Anthropic's too.
    if (typeof fn.strict === "boolean") converted.strict = fn.strict;
    out.push(converted);
  }
  return out.length > 0 ? out : undefined;
}

/** Whether `choice` makes the model call a tool. */
function forcesTool(choice: ToolChoice | undefined): boolean {
  return choice === "required" || typeof choice === "object";
}

function convertToolChoice(choice: ToolChoice, toUpstream: ReadonlyMap<string, string>): Json {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  const name = choice.function.name;
  return { type: "tool", name: toUpstream.get(name) ?? name };
}

/** The share of the output cap each thinking level may spend on thinking. */
const BUDGET_SHARE: Record<Exclude<ThinkingLevel, "off">, number> = {
  low: 0.25,
  on: 0.5,
  medium: 0.5,
  high: 0.75,
  max: 1,
};

/** The thinking budget for a level under an output cap: below the cap, at least 1,024. */
function thinkingBudget(level: ThinkingLevel | undefined, maxTokens: number): number | undefined {
  if (maxTokens <= MIN_THINKING_BUDGET) return undefined;
  const share = BUDGET_SHARE[level === undefined || level === "off" ? "on" : level];
  return Math.max(MIN_THINKING_BUDGET, Math.min(Math.floor(maxTokens * share), maxTokens - 1));
}

/**
 * Turns (model, request, key) into the Messages request to send. Throws as buildChatRequest does,
 * and on a content part the format has no block for (see anthropic-unsent-parts.ts).
 */
export function buildAnthropicRequest(
  model: ResolvedModel,
  request: ChatRequest,
  apiKey: string | undefined,
  options: { stream: boolean },
): BuiltAnthropicRequest {
  refuseUnsentParts(model, request.messages);
  // The chat-completions rules without Moonshot's thinking switch (said here in Anthropic's
  // terms), its tool choice (converted below) and its prompt cache key (no field here); the
  // model's params and the caller's extra body go in, said below in Anthropic's terms.
  const plain: ChatRequest = {
    messages: request.messages,
    tools: request.tools,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    stop: request.stop,
    noThinkingSwitch: true,
  };
  if (request.headers) plain.headers = request.headers;
  if (request.extraBody) plain.extraBody = request.extraBody;
  const built = buildChatRequest(model, plain, apiKey, options);
  const adjustments = built.adjustments;
  const chat = built.body;

  const thinkingAsked = model.reasoning && isThinkingOn(model, request);
  const maxTokens = maxTokensSent(model, request);
  const budget = thinkingAsked ? thinkingBudget(request.thinking, maxTokens) : undefined;
  if (thinkingAsked && budget === undefined) {
    adjustments.push(
      `thinking not sent: the output cap of ${count(maxTokens)} tokens leaves no room for Anthropic's smallest thinking budget (${count(MIN_THINKING_BUDGET)})`,
    );
  }
  let thinking = budget !== undefined;
  const chatMessages = Array.isArray(chat.messages) ? chat.messages : [];
  const kept = keptSignatures(request.messages);
  // Earlier thinking goes back whenever the model is to think, even when the cap leaves no room
  // for a budget and none is sent: the model then thinks by its own default (kimi-for-coding
  // always does), and Anthropic's format still wants the open tool turn's signed thinking first.
  let converted = convertMessages(chatMessages, { on: thinkingAsked, kept });
  let unsignedOpenTurn = false;
  if (thinkingAsked && openToolTurnLacksThinking(converted.messages)) {
    const cannotStop = alwaysThinksWhy(model);
    if (cannotStop === undefined) {
      // Anthropic's own way out: without thinking the last tool-call turn needs no thinking block.
      unsignedOpenTurn = true;
      thinking = false;
      converted = convertMessages(chatMessages, { on: false, kept });
      adjustments.push(
        "thinking off for this request: the last tool-call turn has no signed thinking (its reasoning came through another API or from an older session), which Anthropic's format wants first in that turn while the model thinks",
      );
    } else {
      adjustments.push(
        `the last tool-call turn goes without thinking: its reasoning has no signature (it came through another API or from an older session), and ${model.ref} cannot think off (${cannotStop}); Anthropic's format may refuse the request`,
      );
    }
  }

  const body: Json = { model: model.id, max_tokens: maxTokens };
  if (converted.system !== undefined) body.system = converted.system;
  body.messages = converted.messages;
  // Off when asked, or when a forced tool choice nobody asked thinking for turned it off: said
  // upstream, as a model that thinks by default would think and refuse the forced tool.
  if (thinking) body.thinking = { type: "enabled", budget_tokens: budget };
  else if (unsignedOpenTurn || (model.reasoning && thinkingLevel(model, request) === "off"))
    body.thinking = { type: "disabled" };
  // Anthropic's format takes no sampling values beside thinking: they go only without it.
  const temperature = finiteNumber(chat.temperature);
  const topP = finiteNumber(chat.top_p);
  if (thinking && (temperature !== undefined || topP !== undefined)) {
    adjustments.push(
      `${temperature !== undefined ? "temperature" : "top_p"} not sent: Anthropic's format takes no sampling values while the model thinks`,
    );
  } else {
    if (temperature !== undefined) body.temperature = temperature;
    if (topP !== undefined) body.top_p = topP;
  }
  const stop = chat.stop;
  if (typeof stop === "string") body.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) body.stop_sequences = stop;
  const tools = convertTools(chat.tools);
  if (tools) {
    body.tools = tools;
    const choice = request.toolChoice;
    if (choice !== undefined) {
      const toUpstream = new Map<string, string>();
      for (const [sent, own] of built.toolNamesFromUpstream ?? []) toUpstream.set(own, sent);
      // The model thinks whether or not a budget went (see above), unless thinking went off.
      if (thinkingAsked && !unsignedOpenTurn && forcesTool(choice)) {
        adjustments.push(
          `tool_choice ${clippedJson(choice)} sent as "auto": Anthropic's format takes no forced tool use while the model thinks`,
        );
        body.tool_choice = { type: "auto" };
      } else body.tool_choice = convertToolChoice(choice, toUpstream);
    }
  }
  sendExtraFields(model, chat, body, thinking, adjustments);
  if (options.stream) body.stream = true;

  const headers = built.headers;
  if (model.authHeader && apiKey) {
    // The key as Anthropic's clients send it; a configured Authorization stays as it is.
    if (headers.authorization === `Bearer ${apiKey}`) delete headers.authorization;
    headers["x-api-key"] = apiKey;
  }
  headers["anthropic-version"] ??= ANTHROPIC_VERSION;

  const out: BuiltAnthropicRequest = {
    url: messagesUrl(model.baseUrl),
    headers,
    body,
    adjustments,
  };
  if (built.toolNamesFromUpstream) out.toolNamesFromUpstream = built.toolNamesFromUpstream;
  return out;
}
