/**
 * Validates an OpenAI chat-completions body and turns it into the runtime's ChatRequest. Pure:
 * no I/O. Every rejection names the offending field (`messages[2].tool_calls[0].id`) so the 400 a
 * client gets says exactly what to fix. Messages pass through as they came (no copy), so fields
 * the runtime knows about — `reasoning_content`, `partial`, tool-call ids — survive byte for byte.
 * The checks of parts of the body are in modules of their own, called here in the body's order:
 * chat-message-checks (messages), chat-tool-checks (tools and tool_choice), chat-response-format,
 * chat-number-fields (token limit, temperature, top_p), chat-stop-sequences, thinking-level; the
 * nesting depth is checked before this (body-nesting).
 */
import type { ChatMessage, ChatRequest } from "../providers/types.js";
import { describe, quoted } from "../util/client-value.js";
import { isGiven } from "../util/is-given.js";
import { isRecord } from "../util/is-record.js";
import { allowedTools, isAllowedToolsChoice } from "./allowed-tools.js";
import { checkTextAnswer } from "./audio-output.js";
import { chatForcedSearchNote, namesWebSearch } from "./chat-forced-search.js";
import {
  checkMessage,
  checkResultsAnswerCalls,
  fromLegacyMessages,
  messagesMissing,
} from "./chat-message-checks.js";
import { answerTokenLimit, numberInRange } from "./chat-number-fields.js";
import { checkResponseFormat } from "./chat-response-format.js";
import { stopSequences } from "./chat-stop-sequences.js";
import {
  bothSent,
  checkChoiceOffered,
  checkSearchNameApart,
  checkSomethingToCall,
  checkToolChoice,
  checkTools,
  dropParallelCallsWithoutTools,
  legacyToolChoice,
  legacyTools,
} from "./chat-tool-checks.js";
import { isToolResultWithImage, moveToolResultImages } from "./chat-tool-images.js";
import type { ClientFieldNames } from "./client-field-names.js";
import { EXTRA_BODY_FIELD, refuseExtraBody } from "./extra-body-field.js";
import { searchNotRunText } from "./forced-search.js";
import { badRequest } from "./http-error.js";
import { limitSetting } from "./limit-setting.js";
import { checkMetadata } from "./metadata-field.js";
import { refuseModeration } from "./moderation-field.js";
import {
  checkPrediction,
  checkSafetyIdentifier,
  checkServiceTier,
  checkVerbosity,
} from "./platform-field-types.js";
import { breakpointsNote, promptCacheOptionsNote } from "./prompt-cache-options.js";
import { checkSamplingFields, isEmptyLogitBias, sentValue } from "./sampling-fields.js";
import { streamOptionsNote } from "./stream-obfuscation.js";
import { thinkingLevel } from "./thinking-level.js";
import { webSearchOptionNotes } from "./web-search-options.js";

export interface RequestLimits {
  maxMessages: number;
  /**
   * Where `maxMessages` is set, as a refusal names it (`limitSetting`'s words, decided at start):
   * the config's `gateway.limits.maxMessages` unless told.
   */
  maxMessagesSetting?: string;
}

/**
 * The end of a too-many-messages refusal: the limit, and the setting that raises it, as the 413
 * names the body limit's. The gateway reads it at start only, hence the restart.
 */
export function messageLimitText(limits: RequestLimits): string {
  const setting = limits.maxMessagesSetting ?? limitSetting("maxMessages", false);
  return `this gateway accepts at most ${limits.maxMessages} (${setting}: raise it and restart the gateway to take more)`;
}

/**
 * The message limit counts what goes upstream, as on /v1/responses and /v1/messages: a tool
 * result's images go in a user message of their own, so a request at the limit can come to more.
 * Told in the client's count too, or "at most 3" read wrong to a client that sent 3.
 */
function checkMovedImagesCount(sent: number, upstream: number, limits: RequestLimits): void {
  if (upstream <= limits.maxMessages) return;
  throw badRequest(
    `messages has ${sent} entries, which go upstream as ${upstream} messages (a tool result's images go to the model in a user message of their own); ${messageLimitText(limits)}`,
    "messages",
    "too_many_messages",
  );
}

export interface ParsedChatRequest {
  model: string;
  stream: boolean;
  /** `stream_options.include_usage`: send a final chunk with usage. */
  includeUsage: boolean;
  /** The `user` field, recorded in the ledger as the client. */
  user: string | undefined;
  /**
   * The client offered its tools as the deprecated `functions`: it is answered in that form
   * (`function_call`, finish reason `function_call`), which has room for one call.
   */
  legacyFunctions: boolean;
  /**
   * `parallel_tool_calls: false`: the client takes at most one tool call per answer. It goes
   * upstream too, but a provider may answer several calls anyway; the gateway then passes on the
   * first only, as OpenAI's own answer would hold.
   */
  oneToolCall: boolean;
  request: ChatRequest;
  /**
   * `web_search_options` was sent (OpenAI's way to ask for a searched answer): the model gets
   * Moonshot's `$web_search` and the gateway answers its search calls (runtime `webSearch`).
   */
  webSearch: boolean;
  /**
   * Names the chat messages' places in a text (`messages[4].content[1]`) as the client sent
   * them, when the gateway moved some (a tool result's images into a user message after it).
   */
  clientPlaces?: (text: string) => string;
  /**
   * What the gateway left out of the request, as a note for the client's x-openclaw-notes
   * (`prompt_cache_retention`, a caching hint no provider here takes).
   */
  leftOut?: string[];
  /**
   * The client's own `tool_choice`, when its API writes it otherwise than chat completions do
   * (the Responses API's `{"type":"function","name":…}`, Anthropic's `{"type":"any"}`): a note
   * quoting the chat form quotes this instead, as the client sent it.
   */
  clientToolChoice?: unknown;
  /**
   * An Anthropic client's `thinking.display: "omitted"`: its thinking blocks come with an empty
   * `thinking` and the signature alone, which still carries the reasoning back (reasoning-blob).
   */
  thinkingOmitted?: boolean;
  /**
   * The client's own names of chat fields its API writes otherwise (the Responses API's
   * `text.verbosity` for `verbosity`): a note beginning with the chat name says the client's.
   */
  clientFieldNames?: ClientFieldNames;
  /**
   * Stop sequences beyond what the model's endpoint takes, left out of `request.stop`: the
   * gateway stops the answer's text at them itself (held-stop-request.ts).
   */
  heldStops?: readonly string[];
}

/** Fields the gateway maps itself; every other field is passed to the provider unchanged. */
const HANDLED = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "max_tokens",
  "max_completion_tokens",
  "temperature",
  "top_p",
  "stop",
  "n",
  "thinking",
  "reasoning_effort",
  "prompt_cache_key",
  "prompt_cache_retention",
  "prompt_cache_options",
  "web_search_options",
  "functions",
  "function_call",
  // Text alone (anything else is refused, audio-output.ts), which every answer is.
  "modalities",
]);

/** The note for `store: true`: the client would otherwise expect to read the completion back. */
const STORE_NOT_KEPT =
  "store true not applied: the gateway keeps no chat completion and has none kept upstream, so GET /v1/chat/completions/{id} cannot read this one back; keep the answer on the client's side, or use POST /v1/responses, whose responses are kept for an hour";

/** Longer than any model ref or alias (custom providers' ids included). */
export const MAX_MODEL_NAME_LENGTH = 512;

export function parseChatRequest(body: unknown, limits: RequestLimits): ParsedChatRequest {
  if (!isRecord(body)) {
    throw badRequest("the request body must be a JSON object", null, "invalid_type");
  }
  const model = body.model;
  if (model === undefined || model === null) {
    throw badRequest(
      "model is required (a ref such as moonshot/kimi-k2.5, an alias, or openclaw)",
      "model",
      "missing_required_parameter",
    );
  }
  if (typeof model !== "string" || model.trim() === "") {
    throw badRequest("model must be a non-empty string", "model", "invalid_type");
  }
  // Looked up, matched against every name for close matches and echoed in the 404: a name of
  // megabytes kept the event loop busy for seconds and came back whole.
  if (model.length > MAX_MODEL_NAME_LENGTH) {
    throw badRequest(
      `model is ${model.length} characters long; a model name here has at most ${MAX_MODEL_NAME_LENGTH} (a ref such as moonshot/kimi-k2.5, an alias, or openclaw)`,
      "model",
      "invalid_value",
    );
  }
  const rawMessages = body.messages;
  if (rawMessages === undefined) throw messagesMissing(body);
  if (!Array.isArray(rawMessages)) {
    throw badRequest(
      `messages must be an array, got ${describe(rawMessages)}${typeof rawMessages === "string" ? ': send the text as a message, [{"role": "user", "content": "…"}]' : ""}`,
      "messages",
      "invalid_type",
    );
  }
  if (rawMessages.length === 0) throw badRequest("messages must not be empty", "messages");
  if (rawMessages.length > limits.maxMessages) {
    throw badRequest(
      `messages has ${rawMessages.length} entries; ${messageLimitText(limits)}`,
      "messages",
      "too_many_messages",
    );
  }
  let messages = new Array<ChatMessage>(rawMessages.length);
  let legacyMessages = false;
  let toolImages = false;
  let breakpoints = 0;
  for (let i = 0; i < rawMessages.length; i++) {
    breakpoints += checkMessage(rawMessages[i], i);
    // Checked in place: the message as it came, now known to be one.
    const message = rawMessages[i] as ChatMessage;
    messages[i] = message;
    if ((message.role as string) === "function" || "function_call" in message)
      legacyMessages = true;
    else if (message.role === "tool" && typeof message.content !== "string")
      toolImages ||= isToolResultWithImage(message);
  }
  if (legacyMessages) fromLegacyMessages(messages);
  checkResultsAnswerCalls(messages);
  let clientPlaces: ((text: string) => string) | undefined;
  if (toolImages) {
    ({ messages, clientPlaces } = moveToolResultImages(messages));
    checkMovedImagesCount(rawMessages.length, messages.length, limits);
  }

  const stream = body.stream;
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") {
    // A string "true" is the usual slip (a form field, an environment variable sent as it is).
    const sent =
      stream === "true" || stream === "false"
        ? `the string "${stream}": send the boolean ${stream}, without quotes`
        : describe(stream);
    throw badRequest(`stream must be true or false, got ${sent}`, "stream", "invalid_type");
  }
  const streamOptions = body.stream_options;
  let obfuscation: string | undefined;
  if (streamOptions !== undefined && streamOptions !== null)
    obfuscation = streamOptionsNote(streamOptions, stream, '{"include_usage": true}');
  // A string "true" would otherwise stream without the usage chunk the client asked for.
  const includeUsage = isRecord(streamOptions) ? streamOptions.include_usage : undefined;
  if (includeUsage !== undefined && includeUsage !== null && typeof includeUsage !== "boolean") {
    throw badRequest(
      `stream_options.include_usage must be a boolean, got ${describe(includeUsage)}`,
      "stream_options.include_usage",
      "invalid_type",
    );
  }
  const n = body.n;
  if (n !== undefined && n !== null && n !== 1) {
    throw badRequest(
      `n must be 1, got ${sentValue(n)}: this gateway returns one choice per request (leave n out; for more answers, send the request again)`,
      "n",
      "unsupported_value",
    );
  }
  const user = body.user;
  if (user !== undefined && user !== null && typeof user !== "string") {
    throw badRequest(
      `user must be a string (an id of the end user), got ${describe(user)}`,
      "user",
      "invalid_type",
    );
  }
  // Passed on as sent, so checked as OpenAI checks them: a wrong one is the client's 400, not
  // the provider's refusal said as a problem with the gateway's config.
  checkMetadata(body.metadata);
  checkVerbosity(body.verbosity, "verbosity");
  checkSafetyIdentifier(body.safety_identifier);
  checkServiceTier(body.service_tier);
  checkPrediction(body.prediction);
  refuseModeration(body.moderation);
  const store = body.store;
  if (isGiven(store) && typeof store !== "boolean") {
    throw badRequest(
      `store must be a boolean, got ${describe(store)} (the gateway keeps no chat completion either way)`,
      "store",
      "invalid_type",
    );
  }
  checkResponseFormat(body.response_format);
  checkSamplingFields(body);
  checkTextAnswer(body);
  const parallelToolCalls = body.parallel_tool_calls;
  if (isGiven(parallelToolCalls) && typeof parallelToolCalls !== "boolean") {
    throw badRequest(
      `parallel_tool_calls must be a boolean, got ${describe(parallelToolCalls)}`,
      "parallel_tool_calls",
      "invalid_type",
    );
  }
  dropParallelCallsWithoutTools(body);
  const webSearchOptions = body.web_search_options;
  if (webSearchOptions !== undefined && webSearchOptions !== null && !isRecord(webSearchOptions)) {
    throw badRequest(
      "web_search_options must be an object ({} asks for a searched answer)",
      "web_search_options",
      "invalid_type",
    );
  }

  const request: ChatRequest = { messages };
  const tools = body.tools;
  const toolChoice = body.tool_choice;
  const functions = body.functions;
  const functionCall = body.function_call;
  if (isGiven(functions) && isGiven(tools)) throw bothSent("functions", "tools");
  if (isGiven(functionCall) && isGiven(toolChoice)) throw bothSent("function_call", "tool_choice");
  // The deprecated function calling goes as tools, through the same schema and name rewrites.
  const legacyFunctions = isGiven(functions);
  const checkedTools = isGiven(tools)
    ? checkTools(tools)
    : legacyFunctions
      ? legacyTools(functions)
      : undefined;
  if (checkedTools !== undefined) request.tools = checkedTools.tools;
  let forcedSearch: string | undefined;
  if (isAllowedToolsChoice(toolChoice)) {
    const allowed = allowedTools(toolChoice, request.tools);
    request.tools = allowed.tools;
    request.toolChoice = allowed.mode;
  } else if (isGiven(toolChoice)) {
    request.toolChoice = checkToolChoice(toolChoice);
    if (namesWebSearch(request.toolChoice, request.tools)) {
      // The search is the call asked for: it goes alone, the choice left to the model.
      forcedSearch = chatForcedSearchNote(
        request.toolChoice,
        request.tools,
        isRecord(webSearchOptions),
      );
      delete request.tools;
      delete request.toolChoice;
    } else checkChoiceOffered(request.toolChoice, request.tools, "tool_choice");
  } else if (isGiven(functionCall)) {
    request.toolChoice = legacyToolChoice(functionCall);
    checkChoiceOffered(request.toolChoice, request.tools, "function_call");
  }
  // Under tool_choice "none" the model may call no tool: a search cannot happen, and thinking
  // is not turned off for one. The client is told, in its own words.
  const searchBlocked = isRecord(webSearchOptions) && request.toolChoice === "none";
  const webSearch = isRecord(webSearchOptions) && !searchBlocked;
  if (webSearch) checkSearchNameApart(legacyFunctions ? functions : tools, legacyFunctions);
  checkSomethingToCall(request, webSearch);
  const maxTokens = answerTokenLimit(body);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = numberInRange(body, "temperature", 0, 2);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = numberInRange(body, "top_p", 0, 1);
  if (topP !== undefined) request.topP = topP;
  const stop = stopSequences(body.stop);
  if (stop.stop !== undefined) request.stop = stop.stop;
  const thinking = thinkingLevel(body);
  if (thinking !== undefined) {
    request.thinking = thinking.level;
    request.thinkingAsked = thinking.asked;
  }
  if (isRecord(body.thinking)) {
    const { type: _type, ...options } = body.thinking;
    if (Object.keys(options).length > 0) request.thinkingOptions = options;
  }
  const cacheKey = body.prompt_cache_key;
  if (cacheKey !== undefined && cacheKey !== null) {
    if (typeof cacheKey !== "string") {
      throw badRequest(
        `prompt_cache_key must be a string (the same one for each request of a conversation), got ${describe(cacheKey)}`,
        "prompt_cache_key",
        "invalid_type",
      );
    }
    request.promptCacheKey = cacheKey;
  }
  // checkTools makes its notes for this request alone: added to here, not copied.
  const leftOut: string[] = checkedTools?.notes ?? [];
  if (forcedSearch !== undefined) leftOut.push(forcedSearch);
  if (thinking?.note !== undefined) leftOut.push(thinking.note);
  if (stop.note !== undefined) leftOut.push(stop.note);
  if (obfuscation !== undefined) leftOut.push(obfuscation);
  if (searchBlocked)
    leftOut.push(
      isGiven(toolChoice)
        ? searchNotRunText(toolChoice, "web_search_options")
        : searchNotRunText(functionCall, "web_search_options", "function_call"),
    );
  if (webSearch) leftOut.push(...webSearchOptionNotes(webSearchOptions));
  // OpenAI keeps a completion made with `store: true`, to be read back; nothing here keeps it.
  if (store === true) leftOut.push(STORE_NOT_KEPT);
  const retention = body.prompt_cache_retention;
  if (retention !== undefined && retention !== null) {
    if (typeof retention !== "string") {
      throw badRequest(
        `prompt_cache_retention must be a string such as "24h" or "in_memory", got ${describe(retention)}`,
        "prompt_cache_retention",
        "invalid_type",
      );
    }
    // OpenAI's hint for how long a cached prompt is kept. Moonshot and Kimi Code cache prompts
    // on their own and have no such setting; it is not sent, which the client is told.
    leftOut.push(
      `prompt_cache_retention ${quoted(retention)} not sent: a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)`,
    );
  }
  const cacheOptions = promptCacheOptionsNote(body.prompt_cache_options);
  if (cacheOptions !== undefined) leftOut.push(cacheOptions);
  if (breakpoints > 0) leftOut.push(breakpointsNote(breakpoints));
  let extraBody: Record<string, unknown> | undefined;
  for (const key in body) {
    // null is "not given", for every optional field: nothing is sent for it; nor for an empty
    // logit_bias, which biases no token.
    if (HANDLED.has(key) || body[key] === null || isEmptyLogitBias(key, body[key])) continue;
    if (key === EXTRA_BODY_FIELD) refuseExtraBody(body[key]);
    extraBody ??= {};
    extraBody[key] = body[key];
  }
  if (extraBody) request.extraBody = extraBody;

  return {
    model: model.trim(),
    stream: stream === true,
    includeUsage: stream === true && includeUsage === true,
    user: typeof user === "string" ? user : undefined,
    legacyFunctions,
    oneToolCall: parallelToolCalls === false,
    request,
    webSearch,
    ...(leftOut.length > 0 ? { leftOut } : {}),
    ...(clientPlaces === undefined ? {} : { clientPlaces }),
  };
}
