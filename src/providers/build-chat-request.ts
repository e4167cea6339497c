/**
 * Builds the chat-completions request for one model: a pure function of (model, request, key),
 * so every compat rule can be tested without a socket. Nothing here performs I/O.
 */
import { createHash } from "node:crypto";
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { clippedJson, quoted, quotedNames } from "../util/client-value.js";
import { count } from "../util/count.js";
import { extendableCopy } from "../util/extendable-copy.js";
import { finiteNumber } from "../util/finite-number.js";
import { ALWAYS_THINKS_SET } from "./always-thinks.js";
import { repairConversation } from "./conversation-repair.js";
import { basicAuthOf, endpointUrl } from "./endpoint-url.js";
import { configuredReasoning } from "./found-thinking.js";
import { assertSendableCall, configHeaderError, unsendableHeader } from "./header-values.js";
import { moonshotToolNames } from "./moonshot-tool-names.js";
import { adaptToMoonshotSchema } from "./moonshot-tool-schema.js";
import { dropOpenAIPlatformFields } from "./openai-platform-fields.js";
import {
  JSON_MODE_SCHEMA_NAME,
  jsonModeSchemaAsJsonSchema,
  withMoonshotAnswerSchema,
  withoutMetaSchema,
} from "./response-format-schema.js";
import { checkConfiguredStopSequences, checkStopSequences } from "./stop-sequence-limits.js";
import { objectRoot } from "./tool-parameters-root.js";
import type {
  AssistantMessage,
  ChatMessage,
  ChatRequest,
  ContentPart,
  TextPart,
  ThinkingLevel,
  ToolChoice,
  ToolDefinition,
} from "./types.js";

/** The HTTP request `buildChatRequest` makes of a call: where it goes, its headers and JSON body, and what was changed. */
export interface BuiltChatRequest {
  /** Full URL: the model's base URL plus `/chat/completions`. */
  url: string;
  /** Lower-case header names; provider < model < call, then the auth header. */
  headers: Record<string, string>;
  /** The JSON body to send. */
  body: Record<string, unknown>;
  /**
   * What was changed from the caller's request and why. The transport's start event carries
   * them: the gateway logs each once, `agent` and `chat` show them.
   */
  adjustments: string[];
  /**
   * Tool names sent in another form (the endpoint refuses the caller's), sent name → caller's
   * name: the answer's tool calls are to be mapped back with it. Absent when none was renamed.
   */
  toolNamesFromUpstream?: ReadonlyMap<string, string>;
}

/** Options of `buildChatRequest`. */
export interface BuildOptions {
  /** Streamed call (default true). */
  stream?: boolean;
}

/**
 * The highest output cap sent when neither the call nor the model's params set one: the model's
 * `maxTokens` up to this (what OpenClaw sends too, so Kimi Code's 32,768 goes as 32,000).
 */
export const DEFAULT_MAX_TOKENS = 32_000;

const THINKING_TEXT_OPEN = "<thinking>\n";
const THINKING_TEXT_CLOSE = "\n</thinking>\n\n";

function textOfParts(parts: readonly TextPart[]): string {
  return parts.map((p) => p.text).join("\n");
}

/** An assistant turn's content has no text: left out, null, "" or only empty parts. */
export function isEmptyContent(content: AssistantMessage["content"]): boolean {
  if (content === undefined || content === null) return true;
  if (typeof content === "string") return content.length === 0;
  return content.every((part) => part.text.length === 0);
}

/** Whether `choice` makes the model call a tool: "required", or a function named. */
function forcesTool(choice: ToolChoice | undefined): boolean {
  return choice === "required" || typeof choice === "object";
}

/**
 * Whether thinking goes off only because the request forces a tool: Moonshot refuses a forced
 * `tool_choice` while a model thinks, and kimi-k2.5 and later think unless told not to. A
 * caller who asked for no thinking level gets its tool choice kept, with thinking off, rather
 * than "auto" in its place. Not when the caller asked for thinking (its level stands, and the
 * tool choice goes as "auto"), nor to a model that refused the switch (it cannot stop thinking).
 */
function offForForcedTool(model: ResolvedModel, request: ChatRequest): boolean {
  return (
    request.thinking === undefined &&
    request.thinkingAsked === undefined &&
    request.noThinkingSwitch === undefined &&
    model.compat.alwaysThinks !== true &&
    model.compat.thinkingFormat === "moonshot" &&
    model.compat.supportsTools &&
    forcesTool(request.toolChoice) &&
    (request.tools?.some((tool) => tool.type === "function") ?? false)
  );
}

/**
 * The thinking level `request` gets from `model`: the caller's, else "off" for a forced tool
 * choice to a Moonshot model (`offForForcedTool`), else none (the model's default).
 */
export function thinkingLevel(
  model: ResolvedModel,
  request: ChatRequest,
): ThinkingLevel | undefined {
  if (request.thinking !== undefined) return request.thinking;
  return offForForcedTool(model, request) ? "off" : undefined;
}

/** Whether thinking is on for this call: its level (`thinkingLevel`), else the model's default. */
export function isThinkingOn(model: ResolvedModel, request: ChatRequest): boolean {
  if (model.compat.alwaysThinks === true) return true; // its config says it cannot stop
  if (!model.reasoning) return false;
  if (model.compat.thinkingFormat === "moonshot-effort") return true; // it cannot be turned off
  const level = thinkingLevel(model, request);
  return level === undefined ? true : level !== "off";
}

/** The thinking level as the caller asked for it, for notes: `reasoning effort "xhigh"`. */
function askedThinking(request: ChatRequest): string {
  return request.thinkingAsked ?? thinkingLevelAsked(request.thinking);
}

/** A thinking level as a note names what was asked: `thinking "high"`. */
export function thinkingLevelAsked(level: ThinkingLevel | undefined): string {
  return `thinking ${JSON.stringify(level)}`;
}

/**
 * Why a thinking level other than off (`asked`, as said) is not sent to `model`, which the config
 * calls non-reasoning: a Moonshot model decides for itself (kimi-k2.5 and later think by default),
 * another is sent no level at all. Said with each request, and by chat's /think when it is set.
 */
export function levelNotSentToNonReasoning(model: ResolvedModel, asked: string): string {
  return model.compat.thinkingFormat === "moonshot"
    ? `${asked} not sent: ${model.ref} is not a reasoning model in the config, so the model decides (kimi-k2.5 and later think by default; thinking "off" stops it; reasoning: true on it sends thinking on)`
    : `${asked} ignored: ${model.ref} is not a reasoning model in the config (reasoning: true on it sends thinking levels)`;
}

/**
 * Whether the request to `model` carries Moonshot's thinking switch (`thinking: {type}`): when
 * it asks for a thinking level of a reasoning model, and when it asks for thinking off, whatever
 * the config calls the model: kimi-k2.5 and later think unless told not to, and the spec's own
 * config calls kimi-k2.5 non-reasoning. (A model that refuses the switch is sent the request
 * again without it, and later ones without it from the start.)
 */
export function sendsThinkingSwitch(model: ResolvedModel, request: ChatRequest): boolean {
  const level = thinkingLevel(model, request);
  if (level === undefined || model.compat.thinkingFormat !== "moonshot") return false;
  // Thinking off is what such a model refuses: it is left out (and noted), not sent to fail.
  if (level === "off" && model.compat.alwaysThinks === true) return false;
  // A level other than off goes to a model the config calls reasoning, not to one found to
  // think unasked (found-thinking.ts): the same on every request.
  return level === "off" || configuredReasoning(model);
}

/**
 * Kimi K3's `reasoning_effort` for a thinking level: low, high or max (its default, so "on"
 * sends nothing). It always thinks, so "off" gets its lightest, "low"; "medium", which it lacks,
 * goes up to "high". Each departure from what was asked is noted.
 */
function moonshotEffort(
  request: ChatRequest,
  level: ThinkingLevel,
  model: ResolvedModel,
  adjustments: string[],
): "low" | "high" | "max" | undefined {
  switch (level) {
    case "on":
      return undefined;
    case "off":
      adjustments.push(
        `${askedThinking(request)} sent as reasoning effort "low": ${model.ref} always thinks, low is its lightest`,
      );
      return "low";
    case "medium":
      adjustments.push(
        `${request.thinkingAsked ?? 'reasoning effort "medium"'} sent as "high": ${model.ref} takes low, high or max`,
      );
      return "high";
    default: {
      // An effort of another name for the level ("minimal" is "low", "xhigh" is "max"): said.
      const asked = EFFORT_ASKED.exec(request.thinkingAsked ?? "")?.[1];
      if (asked !== undefined && asked !== level) {
        adjustments.push(
          `${request.thinkingAsked} sent as "${level}": ${model.ref} takes low, high or max`,
        );
      }
      return level;
    }
  }
}

/** The effort a note of what was asked ends with (`reasoning effort "minimal"`), by its name. */
const EFFORT_ASKED = /\beffort "([a-z]+)"$/;

function mergeHeaders(
  ...layers: Array<Record<string, string> | undefined>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [name, value] of Object.entries(layer)) out[name.toLowerCase()] = value;
  }
  return out;
}

function assertImagesAllowed(model: ResolvedModel, messages: readonly ChatMessage[]): void {
  if (model.input.includes("image")) return;
  messages.forEach((message, index) => {
    if (message.role !== "user" || typeof message.content === "string") return;
    if (message.content.some((part) => part.type === "image_url")) {
      throw new OpenClawError(
        "request.image_unsupported",
        `message ${index} carries an image, but ${model.ref} accepts text only`,
        {
          where: model.ref,
          hint: `pick a model whose "input" includes "image" (for example moonshot/kimi-k2.5), or drop the image; if this model does accept images, add "image" to its "input" in models.providers.${model.provider}`,
        },
      );
    }
  });
}

/** Text-only models reject content arrays, whatever the compat says; so does requiresStringContent. */
function mustFlatten(model: ResolvedModel): boolean {
  return model.compat.requiresStringContent || !model.input.includes("image");
}

function convertUserContent(
  model: ResolvedModel,
  content: string | ContentPart[],
  index: number,
): string | ContentPart[] {
  if (typeof content === "string") return content;
  const parts = content.filter((part) => part.type !== "text" || part.text.length > 0);
  const onlyText = parts.every((part): part is TextPart => part.type === "text");
  if (onlyText && (mustFlatten(model) || parts.length === 0)) {
    return textOfParts(parts);
  }
  if (model.compat.requiresStringContent) {
    throw new OpenClawError(
      "request.string_content_required",
      `message ${index} mixes images with text, but ${model.ref} only accepts plain string content`,
      {
        where: model.ref,
        hint: `remove the image, or set compat.requiresStringContent to false for ${model.ref} if the endpoint accepts content arrays`,
      },
    );
  }
  return parts;
}

function convertTextContent(
  model: ResolvedModel,
  content: string | TextPart[],
): string | TextPart[] {
  if (typeof content === "string") return content;
  const parts = content.filter((part) => part.text.length > 0);
  if (mustFlatten(model) || parts.length === 0) return textOfParts(parts);
  return parts;
}

function convertMessages(
  model: ResolvedModel,
  messages: readonly ChatMessage[],
  adjustments: string[],
  renames: ReadonlyMap<string, string> | undefined,
): Record<string, unknown>[] {
  const { compat } = model;
  const toolNames = new Map<string, string>();
  const out: Record<string, unknown>[] = [];
  let renamedDeveloper = false;
  messages.forEach((message, index) => {
    switch (message.role) {
      case "system":
      case "developer": {
        let role: string = message.role;
        if (role === "developer" && !compat.supportsDeveloperRole) {
          role = "system";
          renamedDeveloper = true;
        }
        const converted: Record<string, unknown> = {
          role,
          content: convertTextContent(model, message.content),
        };
        if (message.name !== undefined) converted.name = message.name;
        out.push(converted);
        return;
      }
      case "user": {
        const previous = out[out.length - 1];
        if (compat.requiresAssistantAfterToolResult && previous?.role === "tool") {
          out.push({ role: "assistant", content: "I have the tool results." });
        }
        const converted: Record<string, unknown> = {
          role: "user",
          content: convertUserContent(model, message.content, index),
        };
        if (message.name !== undefined) converted.name = message.name;
        out.push(converted);
        return;
      }
      case "assistant": {
        const converted: Record<string, unknown> = { role: "assistant" };
        const hasToolCalls = (message.tool_calls?.length ?? 0) > 0;
        let content: string | TextPart[] | undefined;
        if (!isEmptyContent(message.content)) {
          content = convertTextContent(model, message.content as string | TextPart[]);
        }
        if (compat.requiresThinkingAsText && message.reasoning_content) {
          const thought = `${THINKING_TEXT_OPEN}${message.reasoning_content}${THINKING_TEXT_CLOSE}`;
          const rest =
            content === undefined
              ? ""
              : typeof content === "string"
                ? content
                : textOfParts(content);
          content = `${thought}${rest}`;
        } else if (message.reasoning_content !== undefined) {
          converted.reasoning_content = message.reasoning_content;
        }
        // Kimi Code rejects an empty text part: a tool-call-only turn carries no content at all.
        if (content !== undefined) converted.content = content;
        else if (!hasToolCalls) converted.content = "";
        if (hasToolCalls && message.tool_calls) {
          converted.tool_calls = message.tool_calls.map((call) => {
            const name = renames?.get(call.function.name) ?? call.function.name;
            toolNames.set(call.id, name);
            return {
              id: call.id,
              type: "function",
              function: { name, arguments: call.function.arguments },
            };
          });
        }
        if (message.name !== undefined) converted.name = message.name;
        if (message.partial) converted.partial = true;
        out.push(converted);
        return;
      }
      case "tool": {
        const converted: Record<string, unknown> = {
          role: "tool",
          tool_call_id: message.tool_call_id,
          content: convertTextContent(model, message.content),
        };
        const given =
          message.name === undefined ? undefined : (renames?.get(message.name) ?? message.name);
        const name = given ?? toolNames.get(message.tool_call_id);
        if (compat.requiresToolResultName && name !== undefined) converted.name = name;
        else if (given !== undefined) converted.name = given;
        out.push(converted);
        return;
      }
      default: {
        // Only a caller past the types gets here (the runtime checks roles first): never drop it.
        const role: unknown = (message as { role?: unknown }).role;
        throw new OpenClawError(
          "request.invalid",
          `messages[${index}].role must be one of system, developer, user, assistant, tool; got ${JSON.stringify(role ?? null)}`,
          {
            where: `messages[${index}].role`,
            hint: 'use one of those roles: "user" for what a person says, "assistant" for the model\'s turns, "tool" (with tool_call_id) for a tool\'s result',
          },
        );
      }
    }
  });
  if (renamedDeveloper) {
    adjustments.push(
      `sent the developer message as "system": ${model.ref} does not accept the developer role`,
    );
  }
  return out;
}

function convertTools(
  model: ResolvedModel,
  tools: readonly ToolDefinition[],
  adjustments: string[],
  renames: ReadonlyMap<string, string> | undefined,
): Record<string, unknown>[] {
  const strictDropped: string[] = [];
  const converted = tools.map((tool, index) => {
    // Moonshot's own tools go as they are: no schema of ours, and their names ("$web_search")
    // are not function names to rewrite. Elsewhere they would only come back as a 400.
    if (tool.type === "builtin_function") {
      if (!model.compat.supportsWebSearch) {
        throw new OpenClawError(
          "request.web_search_unsupported",
          `${model.ref} cannot search the web: ${quoted(tool.function.name)} is Moonshot's own tool, and ${model.baseUrl} is not a Moonshot or Kimi Code endpoint`,
          {
            where: model.ref,
            hint: "pick a moonshot/ or kimi-code/ model, or set compat.supportsWebSearch: true on a provider that runs Moonshot's built-in tools",
          },
        );
      }
      return { type: tool.type, function: { ...tool.function } };
    }
    const { name, description, parameters, strict } = tool.function;
    const root = objectRoot(parameters);
    if ("refused" in root) {
      throw new OpenClawError(
        "request.tool_schema",
        `tool ${quoted(name)} has parameters ${root.refused}; the root must be type "object"`,
        {
          where: `tools[${index}].function.parameters`,
          hint: `make the root an object: {"type": "object", "properties": {...}}, with a value of another kind under one of its properties`,
        },
      );
    }
    let schema = root.schema;
    if (model.compat.toolSchema !== "moonshot" && root.union) {
      adjustments.push(
        `tool ${quoted(name)} parameters sent with type "object" beside their root union of objects (the root must be an object)`,
      );
    }
    if (model.compat.toolSchema === "moonshot") {
      const adapted = adaptToMoonshotSchema(schema);
      schema = adapted.schema;
      if (adapted.changes.length > 0) {
        adjustments.push(
          `tool ${quoted(name)} parameters adapted to ${model.ref}'s JSON Schema rules: ${summarize(adapted.changes)}`,
        );
      }
    }
    const fn: Record<string, unknown> = { name: renames?.get(name) ?? name };
    if (description !== undefined) fn.description = description;
    fn.parameters = schema;
    if (strict !== undefined && model.compat.supportsStrictMode) fn.strict = strict;
    else if (strict === true) strictDropped.push(name);
    return { type: "function", function: fn };
  });
  if (strictDropped.length > 0) {
    // Strict mode holds a call's arguments to the schema; without it they may stray from it.
    adjustments.push(
      `strict not sent for ${strictDropped.length === 1 ? "tool" : "tools"} ${quotedNames(strictDropped)}: ${model.ref} has no strict mode (compat.supportsStrictMode is false), so a call's arguments are not held to the tool's schema; check them before use`,
    );
  }
  return converted;
}

/** The first few changes, and how many more there were. */
function summarize(changes: readonly string[]): string {
  const shown = changes.slice(0, 3).join("; ");
  return changes.length > 3 ? `${shown}; and ${changes.length - 3} more` : shown;
}

function convertToolChoice(
  model: ResolvedModel,
  request: ChatRequest,
  choice: ToolChoice,
  thinking: boolean,
  adjustments: string[],
  renames: ReadonlyMap<string, string> | undefined,
): ToolChoice {
  const format = model.compat.thinkingFormat;
  if (forcesTool(choice) && thinking && (format === "moonshot" || format === "moonshot-effort")) {
    // Thinking off would keep the choice, but the caller asked for thinking, or it cannot stop.
    const why =
      model.compat.alwaysThinks === true
        ? `it always thinks (${ALWAYS_THINKS_SET})`
        : request.thinking !== undefined
          ? `thinking is on, as asked (${askedThinking(request)})`
          : format === "moonshot-effort"
            ? "it always thinks (it takes no thinking switch)"
            : request.noThinkingSwitch || request.thinkingAsked !== undefined
              ? "it always thinks (it refused Moonshot's thinking switch)"
              : "thinking is on";
    adjustments.push(
      `tool_choice ${clippedJson(choice)} sent as "auto": ${model.ref} rejects forced tool use while thinking, and ${why}`,
    );
    return "auto";
  }
  const renamed = typeof choice === "object" ? renames?.get(choice.function.name) : undefined;
  return renamed === undefined ? choice : { type: "function", function: { name: renamed } };
}

/**
 * Every tool name a request mentions (its tools, and the calls and results in its history) but
 * those of Moonshot's built-in tools, which keep their names.
 */
function toolNamesIn(
  tools: readonly ToolDefinition[] | undefined,
  messages: readonly ChatMessage[],
): string[] {
  const names: string[] = [];
  let builtin: Set<string> | undefined;
  for (const tool of tools ?? []) {
    if (tool.type !== "builtin_function") {
      names.push(tool.function.name);
      continue;
    }
    builtin ??= new Set();
    builtin.add(tool.function.name);
  }
  for (const message of messages) {
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) names.push(call.function.name);
    } else if (message.role === "tool" && message.name !== undefined) names.push(message.name);
  }
  return builtin === undefined ? names : names.filter((name) => !builtin.has(name));
}

/**
 * The output cap sent when the caller sets none: the model's `params.maxTokens`, else its
 * `maxTokens` (8,192 unless the config says otherwise) up to `DEFAULT_MAX_TOKENS`; never above
 * the model's own limit.
 */
export function defaultMaxTokens(model: Pick<ResolvedModel, "maxTokens" | "params">): number {
  const configured = finiteNumber(model.params.maxTokens) ?? DEFAULT_MAX_TOKENS;
  return Math.max(1, Math.min(configured, model.maxTokens));
}

/**
 * The output cap `request` goes to `model` with: the caller's (or the runtime's, when it lowered
 * the default to fit the window) up to the model's own limit, else `defaultMaxTokens`.
 */
export function maxTokensSent(
  model: Pick<ResolvedModel, "maxTokens" | "params">,
  request: Pick<ChatRequest, "maxTokens">,
): number {
  return request.maxTokens === undefined
    ? defaultMaxTokens(model)
    : Math.max(1, Math.min(request.maxTokens, model.maxTokens));
}

/**
 * A temperature above what the endpoint takes is lowered to its highest: OpenAI clients send
 * values up to 2, and Moonshot refuses anything above 1 on the models that take a range.
 */
function withinTemperatureRange(
  model: ResolvedModel,
  temperature: number,
  adjustments: string[],
): number {
  const highest = model.compat.maxTemperature;
  if (highest === undefined || temperature <= highest) return temperature;
  adjustments.push(
    `temperature ${temperature} lowered to ${highest}, the highest ${model.ref} accepts`,
  );
  return highest;
}

/** Characters of each opening message that go into a conversation's key (its start is enough). */
const KEY_PREFIX_CHARS = 2048;

/** A message's text (its text parts, joined) and its whole length, without copying all of it. */
function openingOf(message: ChatMessage | undefined): { text: string; length: number } {
  const content: unknown = message?.content;
  if (typeof content === "string") {
    return { text: content.slice(0, KEY_PREFIX_CHARS), length: content.length };
  }
  let text = "";
  let length = 0;
  if (Array.isArray(content)) {
    for (const part of content as ReadonlyArray<{ type?: unknown; text?: unknown }>) {
      if (part.type !== "text" || typeof part.text !== "string") continue;
      length += part.text.length + 1;
      if (text.length < KEY_PREFIX_CHARS) text += `${part.text}\n`;
    }
  }
  return { text: text.slice(0, KEY_PREFIX_CHARS), length };
}

/**
 * A cache key for the conversation `messages` belong to: the same on every turn of it, since it
 * depends only on how the conversation began (the start and length of its first system and user
 * messages). Conversations that begin alike share a key, and share a cached prefix as well.
 */
export function conversationKey(messages: readonly ChatMessage[]): string | undefined {
  const user = messages.find((message) => message.role === "user");
  if (!user) return undefined;
  const system = messages.find(
    (message) => message.role === "system" || message.role === "developer",
  );
  const first = openingOf(system);
  const second = openingOf(user);
  const digest = createHash("sha256")
    .update(`${first.length}\u0000${first.text}\u0000${second.length}\u0000${second.text}`)
    .digest("hex");
  return `openclaw-${digest.slice(0, 32)}`;
}

/**
 * `body.response_format` in the form a Moonshot endpoint keeps to (see response-format-schema.ts):
 * a schema beside JSON mode as a json_schema format, and a json_schema format without its
 * schema's `$schema` and rewritten to Moonshot's schema rules, each said in `adjustments`.
 */
function sendAnswerFormatAsMoonshotTakesIt(
  model: ResolvedModel,
  body: Record<string, unknown>,
  adjustments: string[],
): void {
  const schemaFormat = jsonModeSchemaAsJsonSchema(body.response_format);
  if (schemaFormat) {
    body.response_format = schemaFormat;
    adjustments.push(
      `response_format's "schema" beside json_object sent as a json_schema format (named "${JSON_MODE_SCHEMA_NAME}"): ${model.ref} keeps to a schema only in that form, and JSON mode alone asks for any JSON object`,
    );
  }
  const withoutDialect = withoutMetaSchema(body.response_format);
  if (withoutDialect) {
    body.response_format = withoutDialect;
    adjustments.push(
      `response_format.json_schema.schema sent without its "$schema": ${model.ref} does not keep to a schema that declares one`,
    );
  }
  const adapted = withMoonshotAnswerSchema(body.response_format);
  if (adapted) {
    body.response_format = adapted.format;
    // A rewrite with no change worth naming (an object given `required: []`) goes unsaid.
    if (adapted.changes.length > 0) {
      adjustments.push(
        `response_format.json_schema.schema adapted to ${model.ref}'s JSON Schema rules: ${summarize(adapted.changes)}`,
      );
    }
  }
}

/** Turns (model, request, key) into the HTTP request to send. Throws OpenClawError on requests that cannot work. */
export function buildChatRequest(
  model: ResolvedModel,
  request: ChatRequest,
  apiKey: string | undefined,
  options: BuildOptions = {},
): BuiltChatRequest {
  const stream = options.stream ?? true;
  const { compat } = model;
  const adjustments: string[] = [];
  assertImagesAllowed(model, request.messages);
  checkStopSequences(model, request.stop);

  const thinking = isThinkingOn(model, request);
  const { maxTokens: _paramMax, temperature: paramTemp, topP: paramTopP, ...params } = model.params;
  const body = extendableCopy<Record<string, unknown>>(params, request.extraBody);
  body.model = model.id;
  if (compat.toolSchema === "moonshot") sendAnswerFormatAsMoonshotTakesIt(model, body, adjustments);
  const messages = repairConversation(request.messages, adjustments, model.baseUrl);
  const renames =
    compat.toolSchema === "moonshot"
      ? moonshotToolNames(toolNamesIn(request.tools, messages))
      : undefined;
  if (renames) {
    const pairs = [...renames.toUpstream].map(([from, to]) => `"${from}" as "${to}"`);
    adjustments.push(
      `tool names sent in a form ${model.ref} takes (a letter first; letters, digits, _ and -), answers mapped back: ${pairs.join(", ")}`,
    );
  }
  body.messages = convertMessages(model, messages, adjustments, renames?.toUpstream);
  body.stream = stream;
  if (stream && compat.supportsUsageInStreaming) body.stream_options = { include_usage: true };
  else delete body.stream_options;

  const maxTokens = maxTokensSent(model, request);
  if (request.maxTokens !== undefined && request.maxTokens > model.maxTokens) {
    adjustments.push(
      `max tokens ${count(request.maxTokens)} capped to ${model.ref}'s limit of ${count(model.maxTokens)}`,
    );
  }
  delete body.max_tokens;
  delete body.max_completion_tokens;
  body[compat.maxTokensField] = maxTokens;

  const temperature = request.temperature ?? finiteNumber(paramTemp);
  if (temperature !== undefined) {
    body.temperature = withinTemperatureRange(model, temperature, adjustments);
  }
  const topP = request.topP ?? finiteNumber(paramTopP);
  if (topP !== undefined) body.top_p = topP;
  if (request.stop !== undefined) body.stop = request.stop;
  else if (body.stop !== undefined && body.stop === model.params.stop)
    checkConfiguredStopSequences(model);
  const cacheKey =
    request.promptCacheKey ??
    (compat.promptCacheKey === "conversation" ? conversationKey(request.messages) : undefined);
  if (cacheKey !== undefined) body.prompt_cache_key = cacheKey;
  if (compat.supportsStore) body.store = false;
  else {
    // OpenAI's stored completions (`store`, and the `metadata` they are filed under) mean
    // nothing elsewhere; a caller's own (a client through the gateway) does not go out.
    delete body.store;
    delete body.metadata;
  }
  if (compat.toolSchema === "moonshot") dropOpenAIPlatformFields(model, body, adjustments);

  const level = thinkingLevel(model, request);
  if (level === undefined) {
    // The caller asked, and the switch was left out: the model refused it before (the thinking
    // models refuse thinking disabled), so it does as it always does.
    if (request.thinkingAsked !== undefined && compat.thinkingFormat === "moonshot") {
      adjustments.push(
        model.reasoning
          ? `${request.thinkingAsked} not applied: ${model.ref} always thinks (it refused Moonshot's thinking switch), so it is sent without the switch and thinks at its own depth`
          : `${request.thinkingAsked} not applied: ${model.ref} refused Moonshot's thinking switch, so it is sent without it and the model decides`,
      );
    }
  } else if (request.thinking === undefined) {
    // Thinking off for a forced tool choice, which the caller did not ask for: said why.
    body.thinking = { type: "disabled" };
    adjustments.push(
      `thinking sent as off (Moonshot's switch) so that tool_choice ${clippedJson(request.toolChoice)} is kept: ${model.ref} may think by default, and Moonshot refuses forced tool use while a model thinks`,
    );
  } else {
    const asked = askedThinking(request);
    if (sendsThinkingSwitch(model, request)) {
      const type = thinking ? "enabled" : "disabled";
      body.thinking = request.thinkingOptions ? { ...request.thinkingOptions, type } : { type };
      // Moonshot's switch is on or off: a level is not something it can be told.
      if (thinking && request.thinking !== "on") {
        adjustments.push(
          `${asked} sent as on: Moonshot's thinking switch has only on and off (${model.ref} picks its own depth)`,
        );
      }
    } else if (request.thinking === "off" && model.compat.alwaysThinks === true) {
      adjustments.push(
        `${asked} not applied: ${model.ref} always thinks (${ALWAYS_THINKS_SET}), so it is sent without the thinking switch and thinks at its own depth`,
      );
    } else if (!configuredReasoning(model)) {
      if (request.thinking !== "off") adjustments.push(levelNotSentToNonReasoning(model, asked));
    } else if (compat.thinkingFormat === "moonshot-effort") {
      const effort = moonshotEffort(request, request.thinking, model, adjustments);
      if (effort) body.reasoning_effort = effort;
    } else if (compat.thinkingFormat === "openai" && compat.supportsReasoningEffort && thinking) {
      const level = request.thinking;
      body.reasoning_effort = level === "on" ? "medium" : level === "max" ? "xhigh" : level;
    }
  }

  if (request.tools && request.tools.length > 0) {
    if (compat.supportsTools) {
      body.tools = convertTools(model, request.tools, adjustments, renames?.toUpstream);
      if (request.toolChoice !== undefined) {
        body.tool_choice = convertToolChoice(
          model,
          request,
          request.toolChoice,
          thinking,
          adjustments,
          renames?.toUpstream,
        );
      }
    } else {
      adjustments.push(
        `tools left out: ${model.ref} does not support tools (compat.supportsTools is false)`,
      );
      delete body.tool_choice;
    }
  }

  const base = modelBase(model);
  const layer = stream ? base.sse : base.json;
  const headers = request.headers ? mergeHeaders(layer, request.headers) : extendableCopy(layer);
  if (model.authHeader && apiKey) headers.authorization = `Bearer ${apiKey}`;
  else if (base.login !== undefined && headers.authorization === undefined)
    headers.authorization = base.login;
  assertSendableCall(model, request.headers, model.authHeader ? apiKey : undefined);
  // The configured headers were checked once for the model: refused only if still sent as set.
  if (base.unsendable !== undefined && headers[base.unsendable] === layer[base.unsendable])
    throw configHeaderError(base.unsendable, model);

  const built: BuiltChatRequest = { url: base.url, headers, body, adjustments };
  if (renames) built.toolNamesFromUpstream = renames.fromUpstream;
  return built;
}

interface ModelBase {
  url: string;
  /** Fixed headers and the model's own, for a streamed and for a plain call. */
  sse: Record<string, string>;
  json: Record<string, string>;
  /** The base URL's `user:password@` as `Basic …`, sent when no other Authorization is. */
  login: string | undefined;
  /** The first configured header whose value cannot be sent (a line break), by its name. */
  unsendable: string | undefined;
}

/** What never changes between calls to one resolved model, worked out once. */
const modelBases = new WeakMap<ResolvedModel, ModelBase>();

function modelBase(model: ResolvedModel): ModelBase {
  let base = modelBases.get(model);
  if (!base) {
    const fixed = (accept: string) =>
      mergeHeaders({ "content-type": "application/json", accept }, model.headers);
    const sse = fixed("text/event-stream");
    base = {
      url: endpointUrl(model.baseUrl, "/chat/completions"),
      sse,
      json: fixed("application/json"),
      login: basicAuthOf(model.baseUrl),
      unsendable: unsendableHeader(sse),
    };
    modelBases.set(model, base);
  }
  return base;
}
