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
 * The conversion of parts of the body is in modules of their own, called here in the body's
 * order: responses-scalar-checks, responses-text-format, responses-kept-items
 * (`previous_response_id` and `item_reference`), responses-input-items (with
 * responses-content-parts), responses-tool-checks (`tools`, `max_tool_calls`) and
 * responses-tool-choice.
 */
import { QUOTED_CHARS, shortened } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { RESPONSES_FIELD_NAMES } from "./client-field-names.js";
import { contextManagementNote } from "./context-management.js";
import { checkCustomChoice } from "./custom-tools.js";
import { EXTRA_BODY_FIELD, refuseExtraBody } from "./extra-body-field.js";
import { searchNotRunText } from "./forced-search.js";
import { badRequest, GatewayHttpError } from "./http-error.js";
import { imagePartOrigins } from "./image-part-origins.js";
import { refuseModeration } from "./moderation-field.js";
import { breakpointsNote } from "./prompt-cache-options.js";
import { type ImageOrigin, imageOrigins } from "./responses-content-parts.js";
import { convertInput } from "./responses-input-items.js";
import { type ConversationLookup, earlierItems, type ItemLookup } from "./responses-kept-items.js";
import { chatLogprobFields } from "./responses-logprobs.js";
import { checkScalars } from "./responses-scalar-checks.js";
import { responseFormat } from "./responses-text-format.js";
import { checkSearchNameApart, convertTools, maxToolCallsNote } from "./responses-tool-checks.js";
import { convertToolChoice, searchAlone, searchAloneChoice } from "./responses-tool-choice.js";
import { streamOptionsNote } from "./stream-obfuscation.js";
import {
  messageLimitText,
  type ParsedChatRequest,
  parseChatRequest,
  type RequestLimits,
} from "./validate-request.js";

type Obj = Record<string, unknown>;

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
        `input has ${body.input.length} items; ${messageLimitText(limits)}`,
        "input",
        "too_many_messages",
      );
    }
  }
  const { messages, sources, breakpoints } = convertInput(
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
      `input comes to ${messages.length} messages${counted}; ${messageLimitText(limits)}`,
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
  // Only include_obfuscation is in it on /v1/responses; as on chat completions, only streamed.
  const streamOptions = body.stream_options;
  const obfuscation =
    streamOptions !== undefined && streamOptions !== null
      ? streamOptionsNote(streamOptions, body.stream, '{"include_obfuscation": false}')
      : undefined;
  if (obfuscation !== undefined) notes.push(obfuscation);
  // Taken out of the parts as chat completions takes them, and told in the same words.
  if (breakpoints !== undefined) notes.push(breakpointsNote(breakpoints));
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
    if (key === EXTRA_BODY_FIELD) refuseExtraBody(body[key]);
    throw badRequest(
      `${shortened(key)}${key.length > QUOTED_CHARS ? ` (${key.length} characters)` : ""} is not supported by this gateway's Responses API`,
      shortened(key),
      "unsupported_parameter",
    );
  }
  return { chat, sources, notes, imageSources: imagePartOrigins(messages, imageOrigins) };
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
    parsed.clientFieldNames = RESPONSES_FIELD_NAMES;
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
