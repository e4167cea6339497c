/**
 * OpenAI's Responses API (`POST /v1/responses`) on top of chat completions: a Responses request
 * body becomes the chat-completions body it means, which then goes through the same validation,
 * runtime and Moonshot compat as any chat request. Pure: no I/O.
 *
 * What maps: `instructions`; `input` as text or as items — messages (text and image parts),
 * `function_call` and `function_call_output` (and their custom tool kin), and `reasoning` items,
 * whose text goes back to Moonshot as the next assistant turn's `reasoning_content`; function and
 * custom `tools` (custom ones as functions of one string, `custom-tools.ts`) and `tool_choice`
 * (one forcing the web search goes as /v1/messages sends Anthropic's, `forced-search.ts`);
 * `max_output_tokens`, `temperature`, `top_p`, `reasoning.effort`, `user`, `prompt_cache_key`,
 * `stream`, log probabilities (`include` and `top_logprobs`); `item_reference`s to items of
 * responses this gateway served recently, and `previous_response_id` for a conversation it
 * served (from `ResponseHistory`). What does not (fetching stored responses, built-in tools,
 * fields it does not know) is refused with a 400 that says so, never silently dropped. `text.format` JSON mode and schemas become the chat
 * request's `response_format`. Every 400 names the Responses request's own fields and indexes
 * (`input[2]`, `max_output_tokens`), including those of the chat request's validation
 * (`parseResponsesRequest`).
 */
import { clippedJson, describe, QUOTED_CHARS, quoted, shortened } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { chatAllowedTools } from "./allowed-tools.js";
import { contextManagementNote } from "./context-management.js";
import { checkCustomChoice, customCallArguments, customToolAsFunction } from "./custom-tools.js";
import { forcedSearchText, isWebSearchName, searchNotRunText } from "./forced-search.js";
import { badRequest, GatewayHttpError } from "./http-error.js";
import { imagePartOrigins } from "./image-part-origins.js";
import { checkMetadata } from "./metadata-field.js";
import { refuseModeration } from "./moderation-field.js";
import { checkSafetyIdentifier, checkVerbosity } from "./platform-field-types.js";
import { reasoningFromBlob } from "./reasoning-blob.js";
import { type KeptPlace, keptPlaceOf, type ResponseGone } from "./response-history.js";
import { chatLogprobFields } from "./responses-logprobs.js";
import {
  checkFlatNamesApart,
  namespaceFunctions,
  upstreamToolName,
} from "./responses-namespaces.js";
import { isMoonshotSearchName, searchNameClash } from "./search-name-clash.js";
import { responsesSearchSettingNotes } from "./search-tool-settings.js";
import { responsesSearchToolShape } from "./search-tool-shapes.js";
import { obfuscationNote } from "./stream-obfuscation.js";
import { checkUniqueToolNames, type ToolParts } from "./unique-tool-names.js";
import {
  messageLimitText,
  type ParsedChatRequest,
  parseChatRequest,
  type RequestLimits,
} from "./validate-request.js";

type Obj = Record<string, unknown>;

/**
 * Where the client put an image part of the chat body: the `input` part it was
 * (`input[4].output[0]`), or a turn of the conversation `previous_response_id` continues, with
 * the response and the part there where the kept history knows them.
 */
export type ImageOrigin = { input: string } | { earlier: KeptPlace | undefined };

/**
 * Where each image part of the chat body came from: a tool output's image moves into a user
 * message after the tool results, so its chat position is not where the client put it.
 */
const imageOrigins = new WeakMap<Obj, ImageOrigin>();

/** What an item of the conversation `previous_response_id` continues is called in errors. */
const EARLIER = "previous_response_id";

/**
 * Fields that change nothing in the chat request (`store` only decides whether the gateway keeps
 * the response to fetch and continue from, which the server does; `metadata` is echoed;
 * `truncation` is checked below; `safety_identifier` is the ledger's client when `user` is absent;
 * `background` reaches here only as `false`, what the gateway does anyway).
 */
const IGNORED = new Set([
  "store",
  "background",
  "metadata",
  "truncation",
  "safety_identifier",
  "stream_options",
  // Codex CLI's (0.171) ids of its session and turn, for OpenAI's side: nothing for the model.
  "client_metadata",
]);

/** `reasoning.effort` values, as chat completions' `reasoning_effort` takes them. */
const EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"];
const SUMMARIES = ["auto", "concise", "detailed"];

const UNSUPPORTED: Record<string, string> = {
  conversation:
    "conversation (OpenAI's Conversations API) is not supported: continue from a response with previous_response_id, or send the whole conversation in input",
  background: "background is not supported: responses are answered while the request is open",
  prompt: "prompt (stored prompt templates) is not supported; send instructions and input",
};

/** Chat-completions fields sent to the Responses API, and the Responses field that says it. */
const CHAT_FIELDS: Record<string, string> = {
  messages: "input",
  max_tokens: "max_output_tokens",
  max_completion_tokens: "max_output_tokens",
  reasoning_effort: "reasoning.effort",
  response_format: "text.format",
};

/**
 * A text, refusal or image part of a Responses message, as a chat-completions content part;
 * `images` says why an image cannot be here (undefined where it can: a user message).
 */
function convertPart(
  part: unknown,
  at: string,
  images: string | undefined,
  earlier?: KeptPlace,
): Obj {
  if (!isRecord(part)) throw badRequest(`${at} must be an object`, at, "invalid_type");
  switch (part.type) {
    case "input_text":
    case "output_text":
      if (typeof part.text !== "string")
        throw badRequest(`${at}.text must be a string`, `${at}.text`, "invalid_type");
      return { type: "text", text: part.text };
    case "refusal":
      // An assistant's refusal (OpenAI's output form, replayed): what it said, as its text.
      if (typeof part.refusal !== "string")
        throw badRequest(`${at}.refusal must be a string`, `${at}.refusal`, "invalid_type");
      return { type: "text", text: part.refusal };
    case "input_image": {
      if (images !== undefined) throw badRequest(`${at} is an image: ${images}`, `${at}.type`);
      if (typeof part.image_url !== "string") {
        throw badRequest(
          `${at}.image_url must be a URL or data URL string (file_id images are not supported)`,
          `${at}.image_url`,
          "invalid_type",
        );
      }
      const image = { type: "image_url", image_url: { url: part.image_url } };
      if (at.startsWith("input[")) imageOrigins.set(image, { input: at });
      else if (at.startsWith(EARLIER)) {
        // The part's path in its item, after the item's place in its own turn.
        const field = `${earlier?.field}${at.slice(EARLIER.length)}`;
        imageOrigins.set(image, { earlier: earlier && { ...earlier, field } });
      }
      return image;
    }
    default:
      throw badRequest(
        `${at}.type must be "input_text", "output_text", "refusal" or "input_image", got ${quoted(part.type)}`,
        `${at}.type`,
        "unsupported_value",
      );
  }
}

/**
 * A message's content: a string stays a string; parts become chat parts (all-text ones a
 * string). `images` and `earlier` (the kept item's place) as for `convertPart`.
 */
function convertContent(
  content: unknown,
  at: string,
  images?: string,
  earlier?: KeptPlace,
): unknown {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) {
    throw badRequest(`${at} must be a string or an array of parts`, at, "invalid_type");
  }
  const parts = content.map((part, i) => convertPart(part, `${at}[${i}]`, images, earlier));
  if (parts.every((part) => part.type === "text")) return parts.map((part) => part.text).join("");
  return parts;
}

/**
 * The text of a reasoning item: the reasoning its `encrypted_content` holds when this gateway
 * made it (exactly what the model said), else its raw reasoning content, else its summary.
 */
function reasoningText(item: Obj, at: string): string {
  const fromBlob = reasoningFromBlob(item.encrypted_content);
  if (fromBlob !== undefined) return fromBlob;
  const pieces = Array.isArray(item.content) ? item.content : item.summary;
  if (!Array.isArray(pieces)) {
    throw badRequest(`${at}.summary must be an array`, `${at}.summary`, "invalid_type");
  }
  return pieces
    .map((piece, i) => {
      if (!isRecord(piece) || typeof piece.text !== "string") {
        throw badRequest(`${at} part ${i} must have a text string`, at, "invalid_type");
      }
      return piece.text;
    })
    .join("");
}

/**
 * The output items of responses the gateway served recently, by id (for `item_reference`), or
 * why an item is not kept; undefined for an id it does not know.
 */
export type ItemLookup = (
  id: string,
) => { item: Record<string, unknown> } | { gone: "store_false" | "deleted" } | undefined;

/**
 * The items of the conversation that ends with a response this gateway served, oldest first;
 * `"in_progress"` for a response still being streamed (it has no end to continue from yet); else,
 * where it is known, why there is none: the response was not kept (`gone`), or the id is an
 * output item's (`itemOf`, the response holding it where that is kept).
 */
export type ConversationLookup = (
  responseId: string,
) =>
  | Record<string, unknown>[]
  | "in_progress"
  | { gone: ResponseGone }
  | { itemOf: string | undefined }
  | undefined;

function keptItem(found: ReturnType<ItemLookup>): Obj | undefined {
  return found && "item" in found ? found.item : undefined;
}

/** Responses `input` as items: a string is one user message. */
function itemsOf(input: unknown): unknown[] {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  if (!Array.isArray(input)) {
    throw badRequest("input must be a string or an array of items", "input", "invalid_type");
  }
  return input;
}

/**
 * The input items of a request as the gateway keeps them for `previous_response_id`: a string
 * becomes its user message, and `item_reference`s the items they name (while those are kept).
 */
export function inputItemsToKeep(input: unknown, lookup: ItemLookup): Obj[] {
  return itemsOf(input).map((item) =>
    isRecord(item) && item.type === "item_reference" && typeof item.id === "string"
      ? (keptItem(lookup(item.id)) ?? item)
      : (item as Obj),
  );
}

/** Chat messages, and for each the Responses field it came from (`input[2]`, `instructions`). */
interface Converted {
  messages: Obj[];
  sources: string[];
}

/**
 * Responses `input` (a string or items) as chat messages, in order, after the items of the
 * conversation it continues (`earlier`, from `previous_response_id`).
 */
function convertInput(
  input: unknown,
  lookup: ItemLookup,
  earlier: readonly unknown[] = [],
): Converted {
  const given = itemsOf(input);
  if (earlier.length === 0 && typeof input === "string")
    return { messages: [{ role: "user", content: input }], sources: ["input"] };
  const all = earlier.length === 0 ? given : [...earlier, ...given];
  const messages: Obj[] = [];
  const sources: string[] = [];
  /** The call ids of the function calls so far: an output must answer one of them. */
  const calls = new Set<string>();
  /** The assistant turn being built from consecutive output items (text, calls, reasoning). */
  let turn: Obj | undefined;
  let pendingReasoning: string | undefined;
  const assistantTurn = (at: string): Obj => {
    if (!turn) {
      turn = { role: "assistant", content: null };
      if (pendingReasoning !== undefined) turn.reasoning_content = pendingReasoning;
      pendingReasoning = undefined;
      messages.push(turn);
      sources.push(at);
    }
    return turn;
  };
  /** Images tool outputs returned, for the user message that follows those outputs. */
  const toolImages: { callId: string; images: Obj[]; at: string }[] = [];
  const sendToolImages = (): void => {
    for (const { callId, images, at } of toolImages.splice(0)) {
      messages.push({
        role: "user",
        content: [toolImagesCaption(callId, images.length), ...images],
      });
      sources.push(at);
    }
  };
  all.forEach((entry, i) => {
    const at = i < earlier.length ? EARLIER : `input[${i - earlier.length}]`;
    const kept = i < earlier.length && isRecord(entry) ? keptPlaceOf(entry) : undefined;
    if (!isRecord(entry)) throw badRequest(`${at} must be an object`, at, "invalid_type");
    const item = entry.type === "item_reference" ? referenced(entry, at, lookup) : entry;
    const type = item.type ?? (item.role !== undefined ? "message" : undefined);
    if (type !== "function_call_output" && type !== "custom_tool_call_output") sendToolImages();
    switch (type) {
      case "message": {
        const role = item.role;
        if (role === "assistant") {
          const text = convertContent(
            item.content,
            `${at}.content`,
            "an assistant message holds text only",
          );
          if (typeof text !== "string") {
            throw badRequest(
              `${at}.content of an assistant message must be text`,
              `${at}.content`,
              "invalid_type",
            );
          }
          const current = assistantTurn(at);
          current.content = typeof current.content === "string" ? current.content + text : text;
          return;
        }
        if (role !== "user" && role !== "system" && role !== "developer") throw wrongRole(role, at);
        turn = undefined;
        pendingReasoning = undefined; // reasoning belongs to the assistant turn right after it
        const images =
          role === "user"
            ? undefined
            : `images go in user messages; a ${role} message holds text only`;
        messages.push({
          role,
          content: convertContent(item.content, `${at}.content`, images, kept),
        });
        sources.push(at);
        return;
      }
      case "reasoning":
        // It belongs to the assistant turn that follows it.
        if (turn) turn = undefined;
        pendingReasoning = (pendingReasoning ?? "") + reasoningText(item, at);
        return;
      case "function_call":
      case "custom_tool_call": {
        if (typeof item.call_id !== "string" || item.call_id === "")
          throw badRequest(
            `${at}.call_id must be a non-empty string`,
            `${at}.call_id`,
            "invalid_type",
          );
        if (typeof item.name !== "string")
          throw badRequest(`${at}.name must be a string`, `${at}.name`, "invalid_type");
        const args = callArguments(item, at);
        const current = assistantTurn(at);
        const toolCalls = (current.tool_calls as Obj[] | undefined) ?? [];
        toolCalls.push({
          id: item.call_id,
          type: "function",
          function: { name: upstreamToolName(item, item.name), arguments: args },
        });
        current.tool_calls = toolCalls;
        calls.add(item.call_id);
        return;
      }
      case "web_search_call":
        // A search this gateway had Moonshot run: what it found was in that request only, and
        // the answer after it carries what the model took from it.
        return;
      case "function_call_output":
      case "custom_tool_call_output": {
        if (typeof item.call_id !== "string")
          throw badRequest(`${at}.call_id must be a string`, `${at}.call_id`, "invalid_type");
        if (!calls.has(item.call_id)) {
          const call = type === "function_call_output" ? "function_call" : "custom_tool_call";
          throw badRequest(
            `${at}.call_id ${quoted(item.call_id)} matches no ${call} before it in input${earlier.length > 0 ? " (nor in the conversation previous_response_id continues)" : ""}: send the ${call} item this output answers ahead of it, or continue with previous_response_id from the response that made the call`,
            `${at}.call_id`,
          );
        }
        const { content, images } = toolOutput(item.output, `${at}.output`, kept);
        turn = undefined;
        pendingReasoning = undefined;
        messages.push({ role: "tool", tool_call_id: item.call_id, content });
        sources.push(at);
        if (images.length > 0) toolImages.push({ callId: item.call_id, images, at });
        return;
      }
      default:
        throw badRequest(
          `${at}.type ${type === undefined || type === null ? "is missing (and there is no role that would make the item a message)" : `${quoted(type)} is not supported`}; this gateway takes message, function_call, function_call_output, custom_tool_call, custom_tool_call_output, reasoning and web_search_call items`,
          `${at}.type`,
          type === undefined || type === null ? "missing_required_parameter" : "unsupported_value",
        );
    }
  });
  sendToolImages();
  return { messages, sources };
}

/**
 * A message role the Responses API does not have, with what to send instead for the one a chat
 * completions client sends (its tool results).
 */
function wrongRole(role: unknown, at: string): GatewayHttpError {
  const field = `${at}.role`;
  if (role === undefined || role === null)
    return badRequest(
      `${field} is required on a message item: user, assistant, system or developer`,
      field,
      "missing_required_parameter",
    );
  const instead =
    role === "tool" || role === "function"
      ? ': a tool\'s result is a function_call_output item, {"type": "function_call_output", "call_id": "…", "output": "…"}, after the function_call it answers'
      : "";
  return badRequest(
    `${field} must be user, assistant, system or developer; got ${quoted(role)}${instead}`,
    field,
  );
}

/**
 * A tool output as the tool message's text, and the images in it apart: a chat tool message
 * holds text only, so the images (Codex's view_image answers with one) go to the model in a user
 * message after the tool results, and the text says so.
 */
function toolOutput(
  output: unknown,
  at: string,
  earlier?: KeptPlace,
): { content: unknown; images: Obj[] } {
  if (!Array.isArray(output))
    return { content: convertContent(output, at, undefined, earlier), images: [] };
  const parts = output.map((part, i) => convertPart(part, `${at}[${i}]`, undefined, earlier));
  const images = parts.filter((part) => part.type === "image_url");
  const text = parts
    .flatMap((part) => (part.type === "text" ? [part.text as string] : []))
    .join("");
  if (images.length === 0) return { content: text, images };
  const told = `[${images.length === 1 ? "an image" : `${images.length} images`} returned: shown in the user message after the tool results]`;
  return { content: text === "" ? told : `${text}\n${told}`, images };
}

function toolImagesCaption(callId: string, count: number): Obj {
  return {
    type: "text",
    text: `${count === 1 ? "The image" : `The ${count} images`} returned by tool call ${callId}:`,
  };
}

/**
 * A call item's arguments as the chat request's tool call has them: a function call's JSON text,
 * or a custom tool call's input as the arguments of the function it went upstream as.
 */
function callArguments(item: Obj, at: string): string {
  if (item.type === "custom_tool_call") {
    if (typeof item.input !== "string")
      throw badRequest(`${at}.input must be a string`, `${at}.input`, "invalid_type");
    return customCallArguments(item.input);
  }
  if (typeof item.arguments !== "string")
    throw badRequest(
      `${at}.arguments must be a string (JSON text)`,
      `${at}.arguments`,
      "invalid_type",
    );
  return item.arguments;
}

/** The item an `item_reference` names, from the responses this gateway served. */
function referenced(reference: Obj, at: string, lookup: ItemLookup): Obj {
  const id = reference.id;
  if (typeof id !== "string")
    throw badRequest(`${at}.id must be a string`, `${at}.id`, "invalid_type");
  const found = lookup(id);
  if (found && "item" in found) return found.item;
  const said = `${at} refers to item ${quoted(id)}`;
  const message =
    found?.gone === "store_false"
      ? `${said}, of a response sent with store: false, which this gateway did not keep. Send the item itself, or leave store out (it defaults to true) on the request whose output you want to refer to`
      : found?.gone === "deleted"
        ? `${said}, of a response that was deleted (DELETE /v1/responses/{id}): its items are no longer kept. Send the item itself`
        : `${said}, which this gateway does not have: it keeps the items of the responses it finished for an hour (not those of one that failed or whose client disconnected before its end, nor across restarts, nor those of a response sent with store: false or deleted). Send the item itself (with the Vercel AI SDK's OpenAI provider, set providerOptions.openai.store to false)`;
  throw badRequest(message, `${at}.id`, "item_not_found");
}

/** The items of the conversation `previous_response_id` continues (none without one). */
function earlierItems(previous: unknown, history: ConversationLookup): unknown[] {
  if (previous === undefined || previous === null) return [];
  if (typeof previous !== "string") {
    throw badRequest(
      "previous_response_id must be a string",
      "previous_response_id",
      "invalid_type",
    );
  }
  const items = history(previous);
  if (items === "in_progress") throw stillStreaming(previous);
  if (Array.isArray(items)) return items;
  throw badRequest(
    `previous_response_id ${quoted(previous)} ${notContinued(items)}`,
    "previous_response_id",
    "previous_response_not_found",
  );
}

/** Why a `previous_response_id` has no conversation to continue, and what to send instead. */
function notContinued(why: { gone: ResponseGone } | { itemOf: string | undefined } | undefined) {
  const whole = "Send the whole conversation in input";
  if (why && "itemOf" in why)
    return `is the id of an output item, not of a response: previous_response_id takes a response's own id (its id field, resp_…)${why.itemOf === undefined ? "" : `, here ${quoted(why.itemOf)}`}`;
  switch (why?.gone) {
    case "store_false":
      return `was answered to a request sent with store: false, so this gateway kept nothing of it to continue from. ${whole}, or leave store out (it defaults to true) on the requests you want to continue from`;
    case "deleted":
      return `was deleted (DELETE /v1/responses/{id}), so it can no longer be continued from. ${whole}`;
    case "earlier_turn_forgotten":
      return `is kept, but an earlier response of its conversation is not any more (this gateway keeps responses in memory for an hour, within 32 Mi characters in all, dropping the oldest first), so the conversation cannot be put back together. ${whole}`;
    default:
      return `is not a response this gateway keeps: it keeps the conversations of the responses it finished for an hour, in memory (not one that failed or whose client disconnected before its end, nor across restarts, nor those sent with store: false or deleted). ${whole}`;
  }
}

/**
 * A 409, as a delete of a response still streaming gets: its output is not known yet, so there
 * is nothing to continue from. Not retried by OpenAI's SDKs (which retry a 409 by default): the
 * client hears at once what to wait for.
 */
function stillStreaming(id: string): GatewayHttpError {
  return new GatewayHttpError(
    409,
    "invalid_request_error",
    `previous_response_id ${quoted(id)} is still in progress: its output is not known until its stream ends. Wait for its response.completed event (or GET /v1/responses/{id} to say status "completed"), then send this request again`,
    {
      param: "previous_response_id",
      code: "response_in_progress",
      errorClass: "bad_request",
      retryable: false,
    },
  );
}

/**
 * `text.format` as chat completions' `response_format`: JSON mode and JSON schemas go to the
 * provider as they would on a chat request, which decides what it honours; plain text needs none.
 */
function responseFormat(text: unknown): Obj | undefined {
  if (text === undefined || text === null) return undefined;
  if (!isRecord(text)) throw badRequest("text must be an object", "text", "invalid_type");
  checkVerbosity(text.verbosity, "text.verbosity");
  const format = text.format;
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) {
    throw badRequest("text.format must be an object", "text.format", "invalid_type");
  }
  switch (format.type) {
    case "text":
      return undefined;
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      if (typeof format.name !== "string" || format.name === "") {
        throw badRequest(
          "text.format.name must be a non-empty string",
          "text.format.name",
          "invalid_type",
        );
      }
      if (!isRecord(format.schema)) {
        throw badRequest(
          "text.format.schema must be an object",
          "text.format.schema",
          "invalid_type",
        );
      }
      const schema: Obj = { name: format.name, schema: format.schema };
      if (typeof format.description === "string") schema.description = format.description;
      if (typeof format.strict === "boolean") schema.strict = format.strict;
      return { type: "json_schema", json_schema: schema };
    }
    default:
      throw badRequest(
        `text.format.type must be "text", "json_object" or "json_schema", got ${quoted(format.type)}`,
        "text.format.type",
        "unsupported_value",
      );
  }
}

/** OpenAI's web search tool, by its current and dated names. */
const WEB_SEARCH_TOOL = /^web_search(?:_preview)?(?:_\d{4}_\d{2}_\d{2})?$/;

/**
 * Responses tools as chat tools, and whether one of them was OpenAI's web search (answered
 * with Moonshot's `$web_search`, as `web_search_options` asks on chat completions).
 */
function convertTools(tools: unknown): {
  tools: Obj[];
  webSearch: boolean;
  /** Where the web search tool is in `tools` (`tools[1]`), when one is answered. */
  webSearchAt: string;
  notes: string[];
  /** What of the web search tool's settings Moonshot's search cannot use: told when it runs. */
  searchSettingNotes: string[];
} {
  if (!Array.isArray(tools)) throw badRequest("tools must be an array", "tools", "invalid_type");
  let webSearch = false;
  let webSearchAt = "tools";
  /** What of the web search tool's settings Moonshot's search cannot use. */
  const settingNotes: string[] = [];
  const functions: Obj[] = [];
  /** For each chat function, its index in the client's `tools` (a namespace gives several). */
  const sources: number[] = [];
  /** Each function or custom tool's parts by its index in `tools` (none for the others). */
  const parts: (ToolParts | undefined)[] = [];
  tools.forEach((tool, i) => {
    const at = `tools[${i}]`;
    if (isRecord(tool) && typeof tool.type === "string" && WEB_SEARCH_TOOL.test(tool.type)) {
      // `external_web_access: false` asks for OpenAI's cached index, no live fetch (Codex's
      // default web_search = "cached" sends it on every turn): Moonshot's search is live and
      // paid for, so such a tool is left out rather than answered with it.
      if (tool.external_web_access !== false) {
        webSearch = true;
        webSearchAt = at;
        settingNotes.push(...responsesSearchSettingNotes(tool, at));
      }
      return;
    }
    if (isRecord(tool) && tool.type === "custom") {
      // Codex's free-form tools (apply_patch): a function of one string the text goes in.
      functions.push(customToolAsFunction(tool, at));
      sources.push(i);
      // A custom tool's input is free-form text shaped by its `format`, in place of parameters.
      parts[i] = {
        name: tool.name as string,
        description: tool.description,
        parameters: tool.format,
      };
      return;
    }
    if (isRecord(tool) && tool.type === "namespace") {
      // Codex's grouped tools (multi_agent_v1): each function by its flat name upstream.
      namespaceFunctions(tool, at).forEach((fn, j) => {
        functions.push(chatFunction(fn, `${at}.tools[${j}]`));
        sources.push(i);
      });
      return;
    }
    const otherSearch = responsesSearchToolShape(tool, at);
    if (otherSearch) throw otherSearch;
    if (!isRecord(tool) || tool.type !== "function") {
      const given = isRecord(tool) ? quoted(tool.type) : describe(tool);
      throw badRequest(
        `${at}.type must be "function", "custom", "namespace" or "web_search", got ${given}: other built-in tools (file search, computer use, code interpreter, local shell) are not available through this gateway`,
        `${at}.type`,
        "unsupported_value",
      );
    }
    functions.push(chatFunction(tool, at));
    sources.push(i);
    parts[i] = {
      name: tool.name as string,
      description: tool.description,
      parameters: tool.parameters,
    };
  });
  const { repeats, notes } = checkUniqueToolNames(Array.from(parts), "tools", {
    name: ".name",
    description: ".description",
    parameters: ".parameters",
  });
  // A repeat left out goes upstream as nothing; the others keep their client indexes.
  checkFlatNamesApart(tools.map((tool, i) => (repeats.has(i) ? undefined : tool)));
  return {
    tools: functions.filter((_, k) => !repeats.has(sources[k] as number)),
    webSearch,
    webSearchAt,
    notes,
    searchSettingNotes: settingNotes,
  };
}

/**
 * Refuses a function or custom tool named `$web_search` beside the web search tool at
 * `searchAt` that will run: upstream it would share its name with Moonshot's search (see
 * search-name-clash). Alone it goes under a name Moonshot takes, as any other name would.
 */
function checkSearchNameApart(tools: readonly unknown[], searchAt: string): void {
  const clash = tools.findIndex(
    (tool) =>
      isRecord(tool) &&
      (tool.type === "function" || tool.type === "custom") &&
      isMoonshotSearchName(tool.name),
  );
  if (clash >= 0)
    throw searchNameClash(
      String((tools[clash] as Obj).name),
      `tools[${clash}].name`,
      `${searchAt}, the web_search tool`,
    );
}

/** A Responses function tool as a chat one. */
function chatFunction(tool: Obj, at: string): Obj {
  if (typeof tool.name !== "string" || tool.name === "") {
    throw badRequest(`${at}.name must be a non-empty string`, `${at}.name`, "invalid_type");
  }
  if (tool.parameters !== undefined && tool.parameters !== null && !isRecord(tool.parameters)) {
    throw badRequest(`${at}.parameters must be an object`, `${at}.parameters`, "invalid_type");
  }
  const fn: Obj = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  if (tool.parameters !== undefined && tool.parameters !== null) fn.parameters = tool.parameters;
  if (typeof tool.strict === "boolean") fn.strict = tool.strict;
  return { type: "function", function: fn };
}

/** A Responses `tool_choice` as chat's; one that names the web search tool leaves it to the model. */
function convertToolChoice(choice: unknown, tools: unknown): unknown {
  if (choice === "auto" || choice === "none" || choice === "required") return choice;
  // A custom tool is a function upstream (see `customToolAsFunction`).
  if (
    isRecord(choice) &&
    (choice.type === "function" || choice.type === "custom") &&
    typeof choice.name === "string"
  )
    return { type: "function", function: { name: upstreamToolName(choice, choice.name) } };
  // One forcing the web search is taken before (`searchAloneChoice`).
  if (isRecord(choice) && choice.type === "allowed_tools")
    return chatAllowedTools(withoutSearchFunctions(choice, tools));
  throw badRequest(
    `tool_choice must be "auto", "none", "required", {"type":"function","name":…}, {"type":"custom","name":…}, {"type":"allowed_tools",…} or {"type":"web_search"}`,
    "tool_choice",
  );
}

/** Whether a `tool_choice` forces OpenAI's web search (`{"type": "web_search"}`, dated names too). */
function isWebSearchChoice(choice: unknown): boolean {
  return isRecord(choice) && typeof choice.type === "string" && WEB_SEARCH_TOOL.test(choice.type);
}

/**
 * Whether a `tool_choice`, or an allowed-tools entry, names the web search as a function:
 * `{"type": "function", "name": "web_search"}` (its chat-completions name) or `"$web_search"`
 * (Moonshot's), which no function of `tools` is (it is the `web_search` tool). A function or
 * custom tool of that name among `tools` is the one it names.
 */
function namesSearchFunction(entry: unknown, tools: unknown): boolean {
  if (!isRecord(entry) || entry.type !== "function" || !isWebSearchName(entry.name)) return false;
  if (typeof entry.namespace === "string" && entry.namespace !== "") return false;
  const name = entry.name;
  const own = (tool: unknown) =>
    isRecord(tool) && (tool.type === "function" || tool.type === "custom") && tool.name === name;
  return !(Array.isArray(tools) && tools.some(own));
}

/** Allowed tools without the entries that name the web search as a function (`tools` has it). */
function withoutSearchFunctions(choice: Obj, tools: unknown): Obj {
  if (!Array.isArray(choice.tools)) return choice;
  return { ...choice, tools: choice.tools.filter((entry) => !namesSearchFunction(entry, tools)) };
}

/**
 * How a `tool_choice` asks for the web search alone: `"forced"` (`{"type": "web_search"}`, the
 * search named as a function, or allowed tools of mode "required" listing only web search),
 * `"allowed"` (mode "auto" listing only it), or undefined. Allowed tools listing it beside
 * functions narrow to those functions, the search offered as `tools` has it (see allowed-tools).
 */
function searchAloneChoice(choice: unknown, tools: unknown): "forced" | "allowed" | undefined {
  const asksForSearch = (entry: unknown) =>
    isWebSearchChoice(entry) || namesSearchFunction(entry, tools);
  if (asksForSearch(choice)) return "forced";
  if (!isRecord(choice) || choice.type !== "allowed_tools") return undefined;
  const listed = choice.tools;
  if (!Array.isArray(listed) || listed.length === 0 || !listed.every(asksForSearch))
    return undefined;
  if (choice.mode === "required") return "forced";
  return choice.mode === "auto" ? "allowed" : undefined;
}

/**
 * A `tool_choice` asking for the web search alone (`searchAloneChoice`), as /v1/messages takes
 * Anthropic's forced search (see forced-search): the search goes as the only tool of `chat` with
 * the choice left to the model, the function tools left out, as the call asked for (or the only
 * one allowed) is the search; a forced one's note says so. Without a web_search tool among
 * `tools` there is no search to ask for: refused, as OpenAI refuses a tool chosen but not sent.
 * A web_search tool sent for OpenAI's cached index (`external_web_access: false`) is not searched
 * (see convertTools): the request goes with no tools, and the note says why.
 */
function searchAlone(
  chat: Obj,
  choice: unknown,
  tools: unknown,
  how: "forced" | "allowed",
): string | undefined {
  const asked = clippedJson(choice);
  const names = Array.isArray(chat.tools)
    ? (chat.tools as Obj[]).map((tool) => String((tool.function as Obj).name))
    : [];
  const sent = Array.isArray(tools) && tools.some(isWebSearchChoice);
  if (!sent)
    throw badRequest(
      `tool_choice ${asked} ${how === "forced" ? "forces the web search" : "allows only the web search"}, but tools has no web_search tool: add {"type": "web_search"} to tools, or leave tool_choice out`,
      "tool_choice",
      "invalid_value",
    );
  delete chat.tools;
  if (chat.web_search_options !== undefined)
    return how === "forced" ? forcedSearchText(choice, names) : undefined;
  const others = names.length === 0 ? "" : ` (${names.join(", ")} left out too)`;
  return `tool_choice ${asked} not sent, and the request went without tools${others}: its web_search tool has external_web_access false (OpenAI's cached index), which this gateway does not search, and the search is the only tool the choice asks for`;
}

/**
 * The values OpenAI's `include` takes. Those naming items this gateway never makes (file search
 * results, computer screenshots) have nothing to add and are taken; any other value is refused,
 * so that a misspelt `reasoning.encrypted_content` is not an answer without it.
 */
const INCLUDABLE = [
  "reasoning.encrypted_content",
  "message.output_text.logprobs",
  "message.input_image.image_url",
  "web_search_call.action.sources",
  "web_search_call.results",
  "file_search_call.results",
  "computer_call_output.output.image_url",
  "code_interpreter_call.outputs",
];

/** `include`: an array of the values OpenAI takes. */
function checkInclude(include: unknown): void {
  if (include === undefined || include === null) return;
  if (!Array.isArray(include)) {
    throw badRequest(
      `include must be an array of strings, such as ["reasoning.encrypted_content"]; got ${typeof include === "string" ? `the string ${quoted(include)}` : describe(include)}`,
      "include",
      "invalid_type",
    );
  }
  include.forEach((value, i) => {
    if (typeof value === "string" && INCLUDABLE.includes(value)) return;
    throw badRequest(
      `include[${i}] must be one of ${INCLUDABLE.join(", ")}; got ${quoted(value)}`,
      `include[${i}]`,
      typeof value === "string" ? "invalid_value" : "invalid_type",
    );
  });
}

/** The fields the chat request's validation would check under other names, checked here under theirs. */
function checkScalars(body: Obj): void {
  const given = (field: string) => body[field] !== undefined && body[field] !== null;
  for (const field of ["store", "parallel_tool_calls"]) {
    if (given(field) && typeof body[field] !== "boolean")
      throw badRequest(`${field} must be a boolean`, field, "invalid_type");
  }
  const max = body.max_output_tokens;
  if (given("max_output_tokens") && (typeof max !== "number" || !Number.isInteger(max) || max < 1))
    throw badRequest("max_output_tokens must be a positive integer", "max_output_tokens");
  if (given("truncation") && body.truncation !== "disabled" && body.truncation !== "auto") {
    throw badRequest(
      `truncation must be "disabled" or "auto", got ${quoted(body.truncation)}`,
      "truncation",
    );
  }
  checkMetadata(body.metadata);
  checkInclude(body.include);
  checkSafetyIdentifier(body.safety_identifier);
  // Only include_obfuscation is in it on /v1/responses, read with the notes below.
  if (given("stream_options") && !isRecord(body.stream_options))
    throw badRequest(
      `stream_options must be an object such as {"include_obfuscation": false}, got ${describe(body.stream_options)}`,
      "stream_options",
      "invalid_type",
    );
  const reasoning = body.reasoning;
  if (reasoning === undefined || reasoning === null) return;
  if (!isRecord(reasoning))
    throw badRequest("reasoning must be an object", "reasoning", "invalid_type");
  const effort = reasoning.effort;
  if (effort !== undefined && effort !== null && !EFFORTS.includes(effort as string)) {
    throw badRequest(
      `reasoning.effort must be one of ${EFFORTS.join(", ")}; got ${quoted(effort)}`,
      "reasoning.effort",
    );
  }
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (summary !== undefined && summary !== null && !SUMMARIES.includes(summary as string)) {
    throw badRequest(
      `reasoning.summary must be one of ${SUMMARIES.join(", ")}; got ${quoted(summary)}`,
      "reasoning.summary",
    );
  }
}

/** The chat-completions body a Responses request means, with where each message came from. */
interface ChatBody {
  chat: Obj;
  /** For each of `chat.messages`, the Responses field it came from (`input[2]`). */
  sources: string[];
  /** What the client is told of fields taken that change nothing here (x-openclaw-notes). */
  notes: string[];
  /** For the chat body's image parts (`messages[5].content[1]`), where the client put them. */
  imageSources: Map<string, ImageOrigin>;
}

/**
 * A Responses request body as the chat-completions body it means (validated afterwards);
 * `history` gives the conversation a `previous_response_id` continues.
 */
export function responsesToChatBody(
  body: unknown,
  lookup: ItemLookup = () => undefined,
  history: ConversationLookup = () => undefined,
  limits?: RequestLimits,
): Obj {
  return convertBody(body, lookup, history, limits).chat;
}

function convertBody(
  body: unknown,
  lookup: ItemLookup,
  history: ConversationLookup,
  limits: RequestLimits | undefined,
): ChatBody {
  if (!isRecord(body)) {
    throw badRequest("the request body must be a JSON object", null, "invalid_type");
  }
  refuseModeration(body.moderation);
  for (const [field, message] of Object.entries(UNSUPPORTED)) {
    const value = body[field];
    // `background: false` asks for an answer while the request is open: what is done here.
    if (value === undefined || value === null || (field === "background" && value === false))
      continue;
    throw badRequest(message, field, "unsupported_parameter");
  }
  for (const [field, instead] of Object.entries(CHAT_FIELDS)) {
    if (body[field] !== undefined && body[field] !== null)
      throw badRequest(
        `${field} is a chat-completions field; on /v1/responses use ${instead} instead`,
        field,
        "unsupported_parameter",
      );
  }
  checkScalars(body);
  const format = responseFormat(body.text);
  if (body.input === undefined || body.input === null) {
    throw badRequest("input is required", "input", "missing_required_parameter");
  }
  if (Array.isArray(body.input)) {
    if (body.input.length === 0 && typeof body.previous_response_id !== "string")
      throw badRequest("input must not be empty", "input");
    if (limits && body.input.length > limits.maxMessages) {
      throw badRequest(
        `input has ${body.input.length} items; ${messageLimitText(limits.maxMessages)}`,
        "input",
        "too_many_messages",
      );
    }
  }
  const { messages, sources } = convertInput(
    body.input,
    lookup,
    earlierItems(body.previous_response_id, history),
  );
  if (body.instructions !== undefined && body.instructions !== null) {
    if (typeof body.instructions !== "string")
      throw badRequest("instructions must be a string", "instructions", "invalid_type");
    messages.unshift({ role: "system", content: body.instructions });
    sources.unshift("instructions");
  }
  if (messages.length === 0) {
    throw badRequest(
      "input has no message for the model to answer (only reasoning or web_search_call items)",
      "input",
    );
  }
  if (limits && messages.length > limits.maxMessages) {
    const parts = [
      typeof body.instructions === "string" ? "instructions" : undefined,
      typeof body.previous_response_id === "string"
        ? "the conversation previous_response_id continues"
        : undefined,
    ].filter((part) => part !== undefined);
    const counted = parts.length > 0 ? ` with ${parts.join(" and ")}` : "";
    throw badRequest(
      `input comes to ${messages.length} messages${counted}; ${messageLimitText(limits.maxMessages)}`,
      "input",
      "too_many_messages",
    );
  }
  const chat: Obj = { model: body.model, messages };
  if (body.stream !== undefined) chat.stream = body.stream;
  let toolNotes: string[] = [];
  if (body.tools !== undefined && body.tools !== null) {
    const converted = convertTools(body.tools);
    if (converted.tools.length > 0) chat.tools = converted.tools;
    toolNotes = converted.notes;
    // tool_choice "none" lets the model call no tool: the search is not offered, and said so
    // (its settings, which nothing would use, are not noted beside that).
    if (converted.webSearch && body.tool_choice === "none")
      toolNotes = [...toolNotes, searchNotRunText(body.tool_choice, converted.webSearchAt)];
    else if (converted.webSearch) {
      checkSearchNameApart(body.tools as unknown[], converted.webSearchAt);
      chat.web_search_options = {};
      toolNotes = [...toolNotes, ...converted.searchSettingNotes];
    }
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null) {
    checkCustomChoice(body.tool_choice, body.tools);
    const alone = searchAloneChoice(body.tool_choice, body.tools);
    if (alone !== undefined) {
      const note = searchAlone(chat, body.tool_choice, body.tools, alone);
      if (note !== undefined) toolNotes = [...toolNotes, note];
    } else {
      const choice = convertToolChoice(body.tool_choice, body.tools);
      // "required" with nothing to call would be an answer in text the client did not ask for.
      if (
        choice === "required" &&
        chat.tools === undefined &&
        chat.web_search_options === undefined
      )
        throw badRequest(
          'tool_choice "required" asks for a tool call, but the request has no tools: send the tools the model must choose from, or leave tool_choice out',
          "tool_choice",
          "invalid_value",
        );
      if (choice !== undefined) chat.tool_choice = choice;
    }
  }
  if (body.max_output_tokens !== undefined) chat.max_tokens = body.max_output_tokens;
  if (body.temperature !== undefined) chat.temperature = body.temperature;
  if (body.top_p !== undefined) chat.top_p = body.top_p;
  // Goes upstream as on chat completions (only with tools: it is about calling them).
  if (typeof body.parallel_tool_calls === "boolean" && chat.tools !== undefined)
    chat.parallel_tool_calls = body.parallel_tool_calls;
  // The ledger's client: `user`, or `safety_identifier`, which OpenAI now asks for instead.
  if (body.user !== undefined && body.user !== null) chat.user = body.user;
  else if (typeof body.safety_identifier === "string") chat.user = body.safety_identifier;
  if (body.prompt_cache_key !== undefined) chat.prompt_cache_key = body.prompt_cache_key;
  // Checked, left out of the upstream request and told as chat completions does it.
  if (body.prompt_cache_retention !== undefined)
    chat.prompt_cache_retention = body.prompt_cache_retention;
  if (body.prompt_cache_options !== undefined)
    chat.prompt_cache_options = body.prompt_cache_options;
  if (format) chat.response_format = format;
  // OpenAI's service tier and answer length go as chat completions sends them: a provider that
  // takes them gets them, and one that has none (Moonshot, Kimi Code) leaves them out, saying so.
  if (body.service_tier !== undefined) chat.service_tier = body.service_tier;
  if (isRecord(body.text) && body.text.verbosity !== undefined)
    chat.verbosity = body.text.verbosity;
  Object.assign(chat, chatLogprobFields(body));
  const notes = [
    ...toolNotes,
    ...maxToolCallsNote(body.max_tool_calls, chat.web_search_options !== undefined),
  ];
  const compaction = contextManagementNote(body.context_management);
  if (compaction !== undefined) notes.push(compaction);
  const obfuscation = isRecord(body.stream_options)
    ? obfuscationNote(body.stream_options.include_obfuscation)
    : undefined;
  if (obfuscation !== undefined) notes.push(obfuscation);
  if (isRecord(body.reasoning) && body.reasoning.effort !== undefined)
    chat.reasoning_effort = body.reasoning.effort;
  for (const key of Object.keys(body)) {
    if (
      body[key] === null ||
      key in chat ||
      IGNORED.has(key) ||
      [
        "input",
        "instructions",
        "max_output_tokens",
        "reasoning",
        "text",
        "include",
        "tools",
        "tool_choice",
        "previous_response_id",
        "parallel_tool_calls",
        "top_logprobs",
        "max_tool_calls",
        "context_management",
      ].includes(key)
    )
      continue;
    throw badRequest(
      `${shortened(key)}${key.length > QUOTED_CHARS ? ` (${key.length} characters)` : ""} is not supported by this gateway's Responses API`,
      shortened(key),
      "unsupported_parameter",
    );
  }
  return { chat, sources, notes, imageSources: imagePartOrigins(messages, imageOrigins) };
}

/**
 * `max_tool_calls`, checked (a positive integer). OpenAI's bound on the calls of built-in tools
 * in one response; the gateway answers only one built-in tool, web search, and cannot bound its
 * calls (Moonshot's search runs as rounds of calls, each round any number), so with web_search
 * among the tools the bound is refused rather than promised. Without it no built-in tool is
 * called, so no bound can be passed: taken, and the client is told so (as a note). Function
 * calls are the client's own to count, as on OpenAI.
 */
function maxToolCallsNote(value: unknown, webSearch: boolean): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw badRequest(
      `max_tool_calls must be a positive integer, got ${typeof value === "number" ? value : describe(value)}`,
      "max_tool_calls",
      typeof value === "number" ? "invalid_value" : "invalid_type",
    );
  }
  if (webSearch) {
    throw badRequest(
      "max_tool_calls cannot be kept with the web_search tool: this gateway cannot bound how many searches Moonshot's web search makes; send the request without max_tool_calls, or without web_search",
      "max_tool_calls",
      "unsupported_parameter",
    );
  }
  return [
    `max_tool_calls ${value} has nothing to bound: it counts built-in tool calls, and without web_search this request offers none (function calls are the client's to count)`,
  ];
}

/** Chat-completions field names in the chat request's errors, as the Responses request names them. */
const FIELD_NAMES: Array<[RegExp, string]> = [
  [/\bmax_tokens\b/g, "max_output_tokens"],
  [/\breasoning_effort\b/g, "reasoning.effort"],
  [/\btools\[(\d+)\]\.function\./g, "tools[$1]."],
  [
    /\btool_choice\.allowed_tools\.tools\[(\d+)\] must be \{"type": "function", "function": \{"name": …\}\}/g,
    'tool_choice.tools[$1] must be {"type": "function", "name": …} or {"type": "custom", "name": …}',
  ],
  [/\btool_choice\.allowed_tools\b/g, "tool_choice"],
];

/** A Responses request as a chat request, and where the client put each of its images. */
export interface ParsedResponsesRequest extends ParsedChatRequest {
  /** Where a chat image part (`messages[5].content[1]`) was in the client's request. */
  clientImagePart(chatPart: string): ImageOrigin | undefined;
}

/**
 * A Responses request, validated as the chat-completions request it means. A failure of that
 * validation names the Responses request's own fields: `input[2]` for the message built from that
 * item (`messages[3]` with instructions first), `max_output_tokens` for `max_tokens`.
 */
export function parseResponsesRequest(
  body: unknown,
  lookup: ItemLookup,
  history: ConversationLookup,
  limits: RequestLimits,
): ParsedResponsesRequest {
  const { chat, sources, notes, imageSources } = convertBody(body, lookup, history, limits);
  try {
    const parsed = parseChatRequest(chat, limits);
    // Told beside what the chat request leaves out (x-openclaw-notes, kept by a fallback).
    if (notes.length > 0) parsed.leftOut = [...(parsed.leftOut ?? []), ...notes];
    if (isRecord(body) && body.tool_choice !== undefined && body.tool_choice !== null)
      parsed.clientToolChoice = body.tool_choice;
    return { ...parsed, clientImagePart: (chatPart) => imageSources.get(chatPart) };
  } catch (error) {
    if (!(error instanceof GatewayHttpError)) throw error;
    const rename = (text: string) => {
      let out = text.replace(/\bmessages\[(\d+)\]/g, (whole, index: string) => {
        return sources[Number(index)] ?? whole;
      });
      for (const [pattern, name] of FIELD_NAMES) out = out.replace(pattern, name);
      return out;
    };
    throw new GatewayHttpError(error.status, error.type, rename(error.message), {
      param: error.param === null ? null : rename(error.param),
      code: error.code,
      errorClass: error.errorClass,
    });
  }
}
