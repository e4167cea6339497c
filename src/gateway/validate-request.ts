/**
 * Validates an OpenAI chat-completions body and turns it into the runtime's ChatRequest. Pure:
 * no I/O. Every rejection names the offending field (`messages[2].tool_calls[0].id`) so the 400 a
 * client gets says exactly what to fix. Messages pass through as they came (no copy), so fields
 * the runtime knows about — `reasoning_content`, `partial`, tool-call ids — survive byte for byte.
 */
import type {
  ChatMessage,
  ChatRequest,
  ThinkingLevel,
  ToolChoice,
  ToolDefinition,
} from "../providers/types.js";
import { clippedJson, describe, listedNames, quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { allowedTools, isAllowedToolsChoice } from "./allowed-tools.js";
import { SCHEMA_NAME_RULE, schemaNameProblem } from "./answer-schema-name.js";
import { takeRefusal } from "./assistant-refusal.js";
import { checkTextAnswer } from "./audio-output.js";
import { chatForcedSearchNote, namesWebSearch } from "./chat-forced-search.js";
import { searchNotRunText } from "./forced-search.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";
import { checkMetadata } from "./metadata-field.js";
import { refuseModeration } from "./moderation-field.js";
import { checkSafetyIdentifier, checkVerbosity } from "./platform-field-types.js";
import { promptCacheOptionsNote } from "./prompt-cache-options.js";
import { checkSamplingFields, sentValue } from "./sampling-fields.js";
import { isMoonshotSearchName, searchNameClash } from "./search-name-clash.js";
import { chatSearchToolShape } from "./search-tool-shapes.js";
import { obfuscationNote } from "./stream-obfuscation.js";
import { nestingPastLimit } from "./text-nesting.js";
import { checkUniqueToolNames, type ToolParts } from "./unique-tool-names.js";
import { webSearchOptionNotes } from "./web-search-options.js";

export interface RequestLimits {
  maxMessages: number;
}

/**
 * The end of a too-many-messages refusal: the limit, and the setting that raises it, as the 413
 * names `gateway.limits.maxBodyBytes`. The gateway reads it at start only, hence the restart.
 */
export function messageLimitText(maxMessages: number): string {
  return `this gateway accepts at most ${maxMessages} (gateway.limits.maxMessages in its config: raise it and restart the gateway to take more)`;
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

/*
 * OpenAI takes null for "not given", and what is not given is not sent on: the optional fields
 * below are removed when null, from the parsed body's own objects (no copy is made). Each field
 * is read by name: a loop over field names costs a keyed lookup per name and message.
 */

/** Removes a message's optional fields that are null, which would otherwise go upstream as null. */
function dropNullMessageFields(message: Obj): void {
  if (message.name === null) delete message.name;
  if (message.reasoning_content === null) delete message.reasoning_content;
  if (message.partial === null) delete message.partial;
  if (message.function_call === null) delete message.function_call;
}

/** Likewise for a tool's function. */
function dropNullFunctionFields(fn: Obj): void {
  if (fn.description === null) delete fn.description;
  if (fn.parameters === null) delete fn.parameters;
  if (fn.strict === null) delete fn.strict;
}

/** A field that is neither left out nor null. */
function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The note for `store: true`: the client would otherwise expect to read the completion back. */
const STORE_NOT_KEPT =
  "store true not applied: the gateway keeps no chat completion and has none kept upstream, so GET /v1/chat/completions/{id} cannot read this one back; keep the answer on the client's side, or use POST /v1/responses, whose responses are kept for an hour";

/** Longer than any model ref or alias (custom providers' ids included). */
export const MAX_MODEL_NAME_LENGTH = 512;

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

type Obj = Record<string, unknown>;

/**
 * Checks a message's parts; returns how many `prompt_cache_breakpoint`s it took out of them.
 * OpenAI's explicit cache breakpoint on a part is a caching hint Moonshot and Kimi Code do not
 * take (they cache prompts on their own): it is not sent upstream, and the client is told, as
 * for `prompt_cache_retention`; before, it went upstream inside the part, unsaid.
 */
function checkParts(parts: unknown[], path: string, allowImages: boolean): number {
  let breakpoints = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const at = `${path}[${i}]`;
    if (!isRecord(part)) throw badRequest(`${at} must be an object`, at, "invalid_type");
    const breakpoint = part.prompt_cache_breakpoint;
    if (breakpoint !== undefined) {
      delete part.prompt_cache_breakpoint;
      if (breakpoint !== null) breakpoints++;
    }
    if (part.type === "text") {
      if (typeof part.text !== "string") {
        throw badRequest(`${at}.text must be a string`, `${at}.text`, "invalid_type");
      }
    } else if (part.type === "image_url" && allowImages) {
      const image = part.image_url;
      if (typeof image === "string") {
        // The Responses API's form (`input_image`'s image_url is the URL itself), not chat's.
        throw badRequest(
          `${at}.image_url must be an object with the image's URL or data URL as its url ({"url": …}), got a string`,
          `${at}.image_url`,
          "invalid_type",
        );
      }
      if (!isRecord(image) || typeof image.url !== "string") {
        throw badRequest(
          `${at}.image_url.url must be a string`,
          `${at}.image_url.url`,
          "invalid_type",
        );
      }
    } else if (part.type === undefined || part.type === null) {
      const allowed = allowImages ? `"text" or "image_url"` : `"text"`;
      throw badRequest(
        `${at}.type is required: ${allowed} (a text part is {"type": "text", "text": "Hello"})`,
        `${at}.type`,
        "missing_required_parameter",
      );
    } else {
      const allowed = allowImages ? `"text" or "image_url"` : `"text"`;
      // OpenAI reads a PDF in a file part; no provider here does, and its text is what to send.
      const fileAdvice =
        part.type === "file"
          ? ": a file part (a PDF, say) is not read here, so put the file's text in a text part"
          : "";
      throw badRequest(
        `${at}.type must be ${allowed}, got ${quoted(part.type)}${fileAdvice}`,
        `${at}.type`,
      );
    }
  }
  return breakpoints;
}

/** Checks a message's content; returns the cache breakpoints taken out of its parts. */
function checkContent(message: Obj, path: string, required: boolean, allowImages: boolean): number {
  const content = message.content;
  const at = `${path}.content`;
  if (typeof content === "string") return 0;
  if (Array.isArray(content)) return checkParts(content, at, allowImages);
  if (content === undefined || content === null) {
    if (required) throw badRequest(`${at} is required`, at, "missing_required_parameter");
    return 0;
  }
  throw badRequest(
    `${at} must be a string or an array of parts, got ${describe(content)}`,
    at,
    "invalid_type",
  );
}

/**
 * A user message whose content is an empty array of parts says nothing, and OpenAI refuses it
 * (code `empty_array`, "minimum length 1"); sent on, it reached the model as an empty message.
 * An empty string stays allowed, as OpenAI allows it. Other roles are left to the conversation
 * repair, which handles their empty content as it handles an empty string.
 */
function emptyUserContent(path: string): GatewayHttpError {
  const at = `${path}.content`;
  return badRequest(
    `${at} is an empty array: a user message needs at least one part; send its text as a string ("content": "Hello") or as parts such as [{"type": "text", "text": "Hello"}]`,
    at,
    "empty_array",
  );
}

function checkToolCalls(value: unknown, path: string): void {
  const at = `${path}.tool_calls`;
  if (!Array.isArray(value)) throw badRequest(`${at} must be an array`, at, "invalid_type");
  for (let i = 0; i < value.length; i++) {
    const call = value[i];
    const here = `${at}[${i}]`;
    if (!isRecord(call)) throw badRequest(`${here} must be an object`, here, "invalid_type");
    if (typeof call.id !== "string" || call.id === "") {
      throw badRequest(`${here}.id must be a non-empty string`, `${here}.id`, "invalid_type");
    }
    const fn = call.function;
    if (!isRecord(fn) || typeof fn.name !== "string") {
      throw badRequest(
        `${here}.function.name must be a string`,
        `${here}.function.name`,
        "invalid_type",
      );
    }
    if (typeof fn.arguments !== "string") {
      throw badRequest(
        `${here}.function.arguments must be a string (JSON text)`,
        `${here}.function.arguments`,
        "invalid_type",
      );
    }
  }
}

/** Checks `messages[index]` in place; returns the cache breakpoints taken out of its parts. */
function checkMessage(message: unknown, index: number): number {
  const path = `messages[${index}]`;
  if (!isRecord(message)) throw badRequest(`${path} must be an object`, path, "invalid_type");
  const role = message.role;
  if (role === undefined || role === null)
    throw badRequest(
      `${path}.role is required: system, developer, user, assistant or tool (a message of the user's is {"role": "user", "content": "Hello"})`,
      `${path}.role`,
      "missing_required_parameter",
    );
  if (typeof role !== "string" || !ROLES.has(role)) {
    throw badRequest(
      `${path}.role must be one of system, developer, user, assistant, tool (or the deprecated function); got ${quoted(role)}`,
      `${path}.role`,
    );
  }
  dropNullMessageFields(message);
  if (message.name !== undefined && typeof message.name !== "string") {
    throw badRequest(`${path}.name must be a string`, `${path}.name`, "invalid_type");
  }
  let breakpoints = 0;
  switch (role) {
    case "system":
    case "developer":
      breakpoints = checkContent(message, path, true, false);
      break;
    case "user":
      breakpoints = checkContent(message, path, true, true);
      if (Array.isArray(message.content) && message.content.length === 0)
        throw emptyUserContent(path);
      break;
    case "tool":
      breakpoints = checkContent(message, path, true, false);
      if (typeof message.tool_call_id !== "string") {
        throw badRequest(
          `${path}.tool_call_id is required on tool messages`,
          `${path}.tool_call_id`,
          "missing_required_parameter",
        );
      }
      break;
    case "function":
      // The deprecated form of a tool result: its function's name, and its output.
      if (typeof message.name !== "string") {
        throw badRequest(
          `${path}.name is required on function messages`,
          `${path}.name`,
          "missing_required_parameter",
        );
      }
      breakpoints = checkContent(message, path, false, false);
      break;
    default: {
      const hasToolCalls = message.tool_calls !== undefined && message.tool_calls !== null;
      const legacyCall = message.function_call;
      if (legacyCall !== undefined) checkLegacyCall(legacyCall, `${path}.function_call`);
      takeThinkingParts(message);
      takeRefusal(message, path);
      breakpoints = checkContent(message, path, !hasToolCalls && legacyCall === undefined, false);
      if (hasToolCalls) checkToolCalls(message.tool_calls, path);
      takeReasoningField(message);
      const reasoning = message.reasoning_content;
      if (reasoning !== undefined && reasoning !== null && typeof reasoning !== "string") {
        throw badRequest(
          `${path}.reasoning_content must be a string`,
          `${path}.reasoning_content`,
          "invalid_type",
        );
      }
    }
  }
  return breakpoints;
}

/**
 * A turn's reasoning under the names OpenRouter and vLLM give it (`reasoning`, or OpenRouter's
 * `reasoning_details` blocks), taken as Moonshot's `reasoning_content` when the client sent none:
 * Kimi wants the reasoning of earlier tool-call turns back, and any other field is not sent on.
 * A client that sent `reasoning_content` keeps it; a `reasoning` that is not text (another API's
 * object) is left alone, and so are encrypted blocks (no text to give).
 */
function takeReasoningField(message: Obj): void {
  const reasoning =
    typeof message.reasoning === "string" ? message.reasoning : detailsText(message);
  if (reasoning === undefined) return;
  if (message.reasoning_content === undefined || message.reasoning_content === null)
    message.reasoning_content = reasoning;
  if (typeof message.reasoning === "string") delete message.reasoning;
}

/**
 * Anthropic's thinking blocks written into an assistant turn's content (`{"type": "thinking",
 * "thinking": …}`, `{"type": "redacted_thinking"}`), as LiteLLM-based clients send them back
 * (strands-agents/harness-sdk#1149: Moonshot refused "invalid part type: thinking"): the text
 * becomes the turn's `reasoning_content` when it has none, and the blocks leave the content.
 */
function takeThinkingParts(message: Obj): void {
  const content = message.content;
  if (!Array.isArray(content)) return;
  const isThinking = (part: unknown) =>
    isRecord(part) && (part.type === "thinking" || part.type === "redacted_thinking");
  if (!content.some(isThinking)) return;
  const thoughts: string[] = [];
  for (const part of content) {
    if (isThinking(part) && typeof part.thinking === "string" && part.thinking !== "")
      thoughts.push(part.thinking);
  }
  message.content = content.filter((part) => !isThinking(part));
  if (thoughts.length > 0 && !isGiven(message.reasoning_content))
    message.reasoning_content = thoughts.join("\n");
}

/** The text of OpenRouter's `reasoning_details` (`reasoning.text` and `reasoning.summary` blocks). */
function detailsText(message: Obj): string | undefined {
  const details = message.reasoning_details;
  if (!Array.isArray(details)) return undefined;
  const texts: string[] = [];
  for (const block of details) {
    if (!isRecord(block)) continue;
    const text =
      block.type === "reasoning.text"
        ? block.text
        : block.type === "reasoning.summary"
          ? block.summary
          : undefined;
    if (typeof text === "string" && text !== "") texts.push(text);
  }
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/** An assistant message's deprecated `function_call`: `{name, arguments}`. */
function checkLegacyCall(call: unknown, at: string): void {
  if (!isRecord(call) || typeof call.name !== "string" || typeof call.arguments !== "string") {
    throw badRequest(`${at} must be {"name": …, "arguments": "<JSON text>"}`, at, "invalid_type");
  }
}

/**
 * The id an assistant's deprecated `function_call` (which has none) is given as a tool call: made
 * from the message's position, the same each time the client sends the conversation back.
 */
export function legacyCallId(messageIndex: number): string {
  return `call_legacy_${messageIndex}`;
}

/**
 * Messages in the deprecated function-calling form as tool calls and results: an assistant's
 * `function_call` becomes its one tool call (with an id made from its position), the `function`
 * message after it that call's `tool` result. Other messages stay as they are (no copy).
 */
function fromLegacyMessages(messages: ChatMessage[]): void {
  let open: string | undefined;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as unknown as Obj;
    if (message.role === "assistant" && isRecord(message.function_call)) {
      const { function_call: call, ...rest } = message;
      open = legacyCallId(i);
      const calls = Array.isArray(rest.tool_calls) ? rest.tool_calls : [];
      rest.tool_calls = [
        ...calls,
        { id: open, type: "function", function: { name: call.name, arguments: call.arguments } },
      ];
      messages[i] = rest as unknown as ChatMessage;
    } else if (message.role === "function") {
      if (open === undefined) {
        throw badRequest(
          `messages[${i}] is a function result, but no assistant message with a function_call comes before it`,
          `messages[${i}].role`,
        );
      }
      const content = message.content ?? "";
      messages[i] = {
        role: "tool",
        tool_call_id: open,
        name: message.name,
        content,
      } as ChatMessage;
      open = undefined;
    }
  }
}

/**
 * Refuses a tool result that answers no call: its `tool_call_id` is the id of no tool call of an
 * assistant message before it. Every provider refuses such a conversation, and its refusal would
 * read like a fault of the gateway's provider settings; the client's history is what to fix.
 */
function checkResultsAnswerCalls(messages: readonly ChatMessage[]): void {
  const calls = new Set<string>();
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as ChatMessage;
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) calls.add(call.id);
    } else if (message.role === "tool" && !calls.has(message.tool_call_id)) {
      const at = `messages[${i}].tool_call_id`;
      throw badRequest(
        `${at} ${quoted(message.tool_call_id)} answers no tool call: no assistant message before it has a tool call with that id (hint: a tool result goes after the assistant message whose tool_calls made the call; send that message ahead of it with the call's id unchanged, or leave the result out)`,
        at,
      );
    }
  }
}

/**
 * A tool function's `description` (a string) and `strict` (a boolean), as OpenAI checks them.
 * Before, one of another kind went to the provider as sent (a `strict` was dropped unchecked for
 * a provider without strict mode), where OpenAI refuses it with a 400 naming the field.
 */
function checkFunctionFields(fn: Obj, at: string): void {
  if (fn.description !== undefined && typeof fn.description !== "string") {
    throw badRequest(
      `${at}.description must be a string, got ${describe(fn.description)}`,
      `${at}.description`,
      "invalid_type",
    );
  }
  if (fn.strict !== undefined && typeof fn.strict !== "boolean") {
    throw badRequest(
      `${at}.strict must be a boolean, got ${describe(fn.strict)}`,
      `${at}.strict`,
      "invalid_type",
    );
  }
}

/** The deprecated `functions`: each entry is a tool's function. */
function legacyTools(value: unknown): CheckedTools {
  if (!Array.isArray(value))
    throw badRequest("functions must be an array", "functions", "invalid_type");
  const functions = value.map((fn: unknown, i) => {
    const at = `functions[${i}]`;
    if (isRecord(fn)) dropNullFunctionFields(fn);
    if (!isRecord(fn) || typeof fn.name !== "string" || fn.name === "") {
      throw badRequest(`${at}.name must be a non-empty string`, `${at}.name`, "invalid_type");
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) {
      throw badRequest(`${at}.parameters must be an object`, `${at}.parameters`, "invalid_type");
    }
    checkFunctionFields(fn, at);
    return { type: "function", function: fn } as ToolDefinition;
  });
  const { repeats, notes } = checkUniqueToolNames(
    functions.map((tool) => toolParts(tool.function)),
    "functions",
    { name: ".name", description: ".description", parameters: ".parameters" },
  );
  return { tools: functions.filter((_, i) => !repeats.has(i)), notes };
}

/** What of a chat tool's function is compared with another of its name. */
function toolParts(fn: ToolDefinition["function"]): ToolParts {
  return { name: fn.name, description: fn.description, parameters: fn.parameters };
}

/** The deprecated `function_call` choice as a `tool_choice`. */
function legacyToolChoice(value: unknown): ToolChoice {
  if (value === "auto" || value === "none") return value;
  if (isRecord(value) && typeof value.name === "string")
    return { type: "function", function: { name: value.name } };
  throw badRequest(`function_call must be "auto", "none" or {"name": …}`, "function_call");
}

/**
 * Refuses a function named `$web_search` (in `tools`, or the deprecated `functions` when
 * `legacy`) beside `web_search_options`: upstream it would share its name with Moonshot's search,
 * which the gateway adds for it (see search-name-clash). Alone it goes under a name Moonshot takes.
 */
function checkSearchNameApart(given: unknown, legacy: boolean): void {
  if (!Array.isArray(given)) return;
  const nameOf = (entry: unknown) => {
    const fn = legacy
      ? entry
      : isRecord(entry) && entry.type === "function"
        ? entry.function
        : undefined;
    return isRecord(fn) ? fn.name : undefined;
  };
  const clash = given.findIndex((entry) => isMoonshotSearchName(nameOf(entry)));
  if (clash < 0) return;
  const at = legacy ? `functions[${clash}].name` : `tools[${clash}].function.name`;
  throw searchNameClash(String(nameOf(given[clash])), at, "web_search_options");
}

/** A request's tools as sent upstream, and notes for those left out as given twice. */
interface CheckedTools {
  tools: ToolDefinition[];
  notes: string[];
}

function checkTools(value: unknown): CheckedTools {
  if (!Array.isArray(value)) throw badRequest("tools must be an array", "tools", "invalid_type");
  for (let i = 0; i < value.length; i++) {
    const tool = value[i];
    const at = `tools[${i}]`;
    const otherShape = otherApiTool(tool, at) ?? chatSearchToolShape(tool, at);
    if (otherShape) throw otherShape;
    if (!isRecord(tool) || (tool.type !== "function" && tool.type !== "builtin_function")) {
      if (isRecord(tool) && tool.type === "custom") throw customToolRefusal(tool, at);
      throw badRequest(
        `${at}.type must be "function" (or "builtin_function" for Moonshot's $web_search)`,
        `${at}.type`,
      );
    }
    const fn = tool.function;
    if (isRecord(fn)) dropNullFunctionFields(fn);
    if (!isRecord(fn) || typeof fn.name !== "string" || fn.name === "") {
      throw badRequest(
        `${at}.function.name must be a non-empty string`,
        `${at}.function.name`,
        "invalid_type",
      );
    }
    if (fn.parameters !== undefined && !isRecord(fn.parameters)) {
      throw badRequest(
        `${at}.function.parameters must be an object`,
        `${at}.function.parameters`,
        "invalid_type",
      );
    }
    checkFunctionFields(fn, `${at}.function`);
  }
  const tools = value as ToolDefinition[];
  const { repeats, notes } = checkUniqueToolNames(
    tools.map((tool) => toolParts(tool.function)),
    "tools",
    {
      name: ".function.name",
      description: ".function.description",
      parameters: ".function.parameters",
    },
  );
  return { tools: tools.filter((_, i) => !repeats.has(i)), notes };
}

/**
 * OpenAI's custom tool on chat completions (`{"type": "custom", "custom": {"name": …}}`, free-form
 * text in place of JSON arguments), which the gateway answers on /v1/responses alone (as a
 * function whose one string argument is the text); before, the refusal said only that the type
 * must be "function", as if the client had misspelt it.
 */
function customToolRefusal(tool: Obj, at: string): GatewayHttpError {
  const custom = tool.custom;
  const name = isRecord(custom) && typeof custom.name === "string" ? ` ${quoted(custom.name)}` : "";
  return badRequest(
    `${at} is a custom tool${name} (free-form text input), which chat completions here do not take: send the request to POST /v1/responses, which takes custom tools, or define the tool as a function whose one string parameter holds the text`,
    `${at}.type`,
    "unsupported_value",
  );
}

/**
 * A tool written as another API writes one, with a name and no `function`: the Responses API's
 * `{"type": "function", "name", "parameters"}`, or the Anthropic Messages API's `{"name",
 * "input_schema"}`. Their refusal said only that `function.name` or `type` was wrong, which did
 * not tell a client written for the other API what shape chat completions want.
 */
function otherApiTool(tool: unknown, at: string): GatewayHttpError | undefined {
  if (!isRecord(tool) || isGiven(tool.function) || typeof tool.name !== "string") return undefined;
  const name = quoted(tool.name);
  if (tool.type === "function")
    return badRequest(
      `${at}.function is required: ${at} has its name at the top level, as the Responses API writes a tool; chat completions take it inside function: {"type": "function", "function": {"name": ${name}, "description": …, "parameters": {…}}}`,
      `${at}.function`,
      "missing_required_parameter",
    );
  if (tool.type === undefined && "input_schema" in tool)
    return badRequest(
      `${at}.type is required: ${at} is written as the Anthropic Messages API writes a tool (name, input_schema); chat completions take {"type": "function", "function": {"name": ${name}, "description": …, "parameters": <its input_schema>}}, and /v1/messages takes it as it is`,
      `${at}.type`,
      "missing_required_parameter",
    );
  return undefined;
}

function checkToolChoice(value: unknown): ToolChoice {
  if (value === "auto" || value === "none" || value === "required") return value;
  // The Responses API names the function beside the type; chat completions nest it.
  if (
    isRecord(value) &&
    value.type === "function" &&
    !isGiven(value.function) &&
    typeof value.name === "string"
  )
    throw badRequest(
      `tool_choice.function is required: {"type": "function", "name": …} is the Responses API's form; chat completions take {"type": "function", "function": {"name": ${quoted(value.name)}}}`,
      "tool_choice.function",
      "missing_required_parameter",
    );
  if (isRecord(value) && value.type === "function" && isRecord(value.function)) {
    if (typeof value.function.name === "string") return value as ToolChoice;
  }
  throw badRequest(
    `tool_choice must be "auto", "none", "required", {"type":"function","function":{"name":…}} or {"type":"allowed_tools","allowed_tools":{…}}`,
    "tool_choice",
  );
}

/**
 * `response_format` as OpenAI takes it: text, json_object, or json_schema with its
 * `json_schema.name`. It goes upstream unchanged; what OpenAI refuses is refused here, so that a
 * client learns of it from the gateway instead of from whichever provider answers.
 */
function checkResponseFormat(format: unknown): void {
  if (format === undefined || format === null) return;
  if (!isRecord(format)) {
    throw badRequest(
      `response_format must be an object such as {"type":"json_object"}, got ${describe(format)}`,
      "response_format",
      "invalid_type",
    );
  }
  if (format.type === "text" || format.type === "json_object") return;
  if (format.type !== "json_schema") {
    throw badRequest(
      `response_format.type must be "text", "json_object" or "json_schema", got ${quoted(format.type)}`,
      "response_format.type",
    );
  }
  const schema = format.json_schema;
  if (!isRecord(schema)) {
    throw badRequest(
      `response_format.json_schema is required with type "json_schema": {"name": …, "schema": {…}}`,
      "response_format.json_schema",
      "missing_required_parameter",
    );
  }
  if (schema.name === undefined || schema.name === null) {
    throw badRequest(
      `response_format.json_schema.name is required: the schema's name, ${SCHEMA_NAME_RULE}`,
      "response_format.json_schema.name",
      "missing_required_parameter",
    );
  }
  if (typeof schema.name !== "string") {
    throw badRequest(
      `response_format.json_schema.name must be a string, got ${describe(schema.name)}`,
      "response_format.json_schema.name",
      "invalid_type",
    );
  }
  const nameProblem = schemaNameProblem(schema.name);
  if (nameProblem !== undefined) {
    throw badRequest(
      `response_format.json_schema.name ${nameProblem}`,
      "response_format.json_schema.name",
    );
  }
  checkSchemaFields(schema);
}

/**
 * The rest of a json_schema answer format, as OpenAI checks it: `schema` a JSON Schema object,
 * `strict` a boolean, `description` a string; null is "not given" and is not sent on. Before, a
 * schema of another kind (a string, an array) and a `strict` or `description` of the wrong type
 * went to the provider as sent, to be refused there or read as who knows what.
 */
function checkSchemaFields(spec: Obj): void {
  const at = "response_format.json_schema";
  if (spec.schema === null) delete spec.schema;
  if (spec.strict === null) delete spec.strict;
  if (spec.description === null) delete spec.description;
  if (spec.schema !== undefined && !isRecord(spec.schema)) {
    throw badRequest(
      `${at}.schema must be a JSON Schema object such as {"type": "object", "properties": {…}}, got ${describe(spec.schema)}`,
      `${at}.schema`,
      "invalid_type",
    );
  }
  if (spec.strict !== undefined && typeof spec.strict !== "boolean") {
    throw badRequest(
      `${at}.strict must be a boolean, got ${describe(spec.strict)}`,
      `${at}.strict`,
      "invalid_type",
    );
  }
  if (spec.description !== undefined && typeof spec.description !== "string") {
    throw badRequest(
      `${at}.description must be a string, got ${describe(spec.description)}`,
      `${at}.description`,
      "invalid_type",
    );
  }
}

/** A deprecated field sent beside the one that replaced it. */
function bothSent(legacy: string, current: string): GatewayHttpError {
  return badRequest(
    `${legacy} and ${current} were both sent: ${legacy} is the deprecated form of ${current}; send one of them`,
    legacy,
  );
}

/** A `tool_choice` that names a function must name one of `tools`, as OpenAI requires. */
function checkChoiceOffered(
  choice: ToolChoice,
  tools: readonly ToolDefinition[] | undefined,
  param: string,
): void {
  if (typeof choice !== "object") return;
  const name = choice.function.name;
  if (tools?.some((tool) => tool.function.name === name)) return;
  const offered = tools?.map((tool) => tool.function.name) ?? [];
  throw badRequest(
    `${param} names function ${quoted(name)}, which is not among ${param === "tool_choice" ? "tools" : "functions"} (${listedNames(offered, "none were sent")})`,
    param,
  );
}

/**
 * A forced tool call needs a tool to call: OpenAI refuses `tool_choice: "required"` without
 * `tools`, and the provider, sent no tools, would answer in text the client did not ask for.
 * `web_search_options` counts, as the gateway gives the model its web search tool for it.
 */
function checkSomethingToCall(request: ChatRequest, webSearch: boolean): void {
  if (request.toolChoice !== "required" || webSearch) return;
  if (request.tools !== undefined && request.tools.length > 0) return;
  throw badRequest(
    "tool_choice asks for a tool call, but the request has no tools: send the tools the model must choose from, or leave tool_choice out",
    "tool_choice",
    "invalid_value",
  );
}

/**
 * A chat request without `messages`: what to send, and where a field of another API was sent in
 * their place (`prompt`, the legacy completions API's; `input`, the Responses API's) where it goes.
 */
function messagesMissing(body: Obj): GatewayHttpError {
  const example = '[{"role": "user", "content": "Hello"}]';
  const instead =
    body.prompt !== undefined
      ? `; prompt is the legacy completions API's field, which this gateway does not serve: send the prompt as a user message`
      : body.input !== undefined
        ? "; input is the Responses API's field: send this body to POST /v1/responses, or the input as messages here"
        : "";
  return badRequest(
    `messages is required: the conversation, such as ${example}${instead}`,
    "messages",
    "missing_required_parameter",
  );
}

/**
 * `parallel_tool_calls` is about calling tools: OpenAI refuses it in a request without `tools`,
 * so a client learns of the mistake here too instead of from OpenAI later. The deprecated
 * `functions` and `web_search_options` count as tools (the gateway offers the model its search
 * tool for the latter).
 */
function checkToolsForParallelCalls(body: Obj): void {
  if (!isGiven(body.parallel_tool_calls)) return;
  if (isGiven(body.tools) || isGiven(body.functions) || isGiven(body.web_search_options)) return;
  throw badRequest(
    "parallel_tool_calls is only allowed when tools are given: send the tools the model may call, or leave parallel_tool_calls out",
    "parallel_tool_calls",
  );
}

/** The `stop` to send upstream, if any, and the note for empty sequences left out. */
type StopSequences = Readonly<{ stop?: string | string[]; note?: string }>;

/** `stop` not given (absent or null): nothing to send, nothing to note. */
const NO_STOP: StopSequences = Object.freeze({});

/**
 * `stop`: a string or an array of strings. A refusal names the entry that is not a string
 * (`stop[1]`) and the kind of value sent, as the other fields' refusals do; before, it said only
 * "stop must be a string or an array of strings" of a whole list.
 *
 * An empty stop sequence is left out, with a note: OpenAI takes "" (its check is of the type
 * alone), so a client that works there must not be refused here, and an empty sequence has no
 * text to stop at. Sent on, it was the provider's to read: stop at once, or be refused.
 * An empty list, `stop: []`, is taken as no stop sequences and sends no `stop`: clients written
 * for vLLM, Ollama and the like send it for "none" (LangChain, OpenLLM's default), and it asks for
 * nothing that is lost. OpenAI refuses it (at least one entry) and Moonshot does not say what it
 * does with one; refused here as OpenAI does, such a client could not work at all, and
 * `/v1/messages` takes Anthropic's `stop_sequences: []` the same way.
 *
 * No stop, the common case, returns one shared object: the gateway's request path avoids an
 * allocation per request where it can.
 */
function stopSequences(stop: unknown): StopSequences {
  if (stop === undefined || stop === null) return NO_STOP;
  if (stop === "") return { note: emptyStopNote("stop") };
  if (typeof stop === "string") return { stop };
  if (!Array.isArray(stop)) {
    throw badRequest(
      `stop must be a string or an array of strings (stop sequences such as ["END", "Observation:"]), got ${describe(stop)}`,
      "stop",
      "invalid_type",
    );
  }
  if (stop.length === 0) return NO_STOP;
  const index = stop.findIndex((entry) => typeof entry !== "string");
  if (index >= 0) {
    throw badRequest(
      `stop[${index}] must be a string, got ${describe(stop[index])}: each stop sequence is text`,
      `stop[${index}]`,
      "invalid_type",
    );
  }
  if (!stop.includes("")) return { stop: stop as string[] };
  const empty = stop.flatMap((entry, i) => (entry === "" ? [`stop[${i}]`] : []));
  const kept = (stop as string[]).filter((entry) => entry !== "");
  return {
    ...(kept.length > 0 ? { stop: kept } : {}),
    note: emptyStopNote(empty.join(", ")),
  };
}

/** The note for empty stop sequences left out (`stop[1]`, or `stop` sent as ""). */
function emptyStopNote(where: string): string {
  return `${where} "" not sent: an empty stop sequence has no text to stop at; leave it out of stop`;
}

function positiveInteger(body: Obj, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw badRequest(`${field} must be a positive integer, got ${sentValue(value)}`, field);
  }
  return value;
}

/**
 * The most an answer's token limit may be: the runtime refuses more (check-request.ts), and its
 * refusal named its own field (`request.maxTokens`) with no param, not the one the client sent.
 */
const MAX_TOKEN_LIMIT = 2 ** 31;

/** `max_tokens` (or `max_completion_tokens`): a positive integer up to MAX_TOKEN_LIMIT. */
function tokenLimit(body: Obj, field: string): number | undefined {
  const value = positiveInteger(body, field);
  if (value !== undefined && value > MAX_TOKEN_LIMIT) {
    throw badRequest(
      `${field} must be at most ${MAX_TOKEN_LIMIT}, got ${value}: a model answers with far fewer tokens (one above its own limit is lowered to it), so send the most the answer may use, or leave ${field} out for the model's default`,
      field,
    );
  }
  return value;
}

/**
 * The answer's token limit: `max_completion_tokens`, or `max_tokens`, its deprecated form. OpenAI
 * refuses the two together. The same number in both is one limit (clients written for several
 * servers send both); two different ones are refused, as taking either would change the answer.
 */
function answerTokenLimit(body: Obj): number | undefined {
  const current = tokenLimit(body, "max_completion_tokens");
  const deprecated = tokenLimit(body, "max_tokens");
  if (current !== undefined && deprecated !== undefined && current !== deprecated) {
    throw badRequest(
      `max_tokens (${deprecated}) and max_completion_tokens (${current}) were both sent, with different limits: max_tokens is the deprecated form of max_completion_tokens; send one of them`,
      "max_tokens",
      "invalid_parameter_combination",
    );
  }
  return current ?? deprecated;
}

function numberInRange(body: Obj, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw badRequest(
      `${field} must be a number between ${min} and ${max}, got ${sentValue(value)}`,
      field,
      typeof value === "number" ? "invalid_value" : "invalid_type",
    );
  }
  return value;
}

/** The thinking level a request asks for, how a note names that, and what a note says beside. */
interface AskedThinking {
  level: ThinkingLevel;
  asked: string;
  note?: string;
}

/** How a note names the `reasoning_effort` a request gave: `reasoning effort "low"`. */
function effortAsked(effort: unknown): string {
  return `reasoning effort ${JSON.stringify(effort)}`;
}

/**
 * The level `thinking` and `reasoning_effort` ask for together. Clients built on the AI SDK send
 * both when a model's options hold Moonshot's `thinking` and the user picks a reasoning variant
 * (Kilo Code, opencode). An effort that agrees with `thinking` enabled says how deep (Kimi K3
 * takes it as its own); one that disagrees (`thinking` disabled with an effort, enabled with
 * "none") gives way to `thinking`, Moonshot's own switch, and a note says so rather than drop it
 * unsaid.
 */
function thinkingLevel(body: Obj): AskedThinking | undefined {
  const thinking = body.thinking;
  const given = thinking !== undefined && thinking !== null;
  const thinkingType = isRecord(thinking) ? thinking.type : undefined;
  if (given && thinkingType !== "enabled" && thinkingType !== "disabled") {
    throw badRequest(`thinking must be {"type":"enabled"} or {"type":"disabled"}`, "thinking.type");
  }
  const effort = body.reasoning_effort;
  let effortLevel: ThinkingLevel | undefined;
  if (effort !== undefined && effort !== null) {
    effortLevel = levelOfEffort(effort);
    if (effortLevel === undefined) {
      throw badRequest(`reasoning_effort must be one of ${EFFORTS}`, "reasoning_effort");
    }
  }
  if (!given) {
    // Nearly every request asks neither: no text is made for one that does not.
    return effortLevel === undefined
      ? undefined
      : { level: effortLevel, asked: effortAsked(effort) };
  }
  // The whole object, so that a note about it names its options too (`keep: "all"`).
  const thinkingAsked = `thinking ${clippedJson(thinking)}`;
  const switched: ThinkingLevel = thinkingType === "enabled" ? "on" : "off";
  if (effortLevel === undefined || effortLevel === switched) {
    return { level: switched, asked: thinkingAsked };
  }
  if (switched === "on" && effortLevel !== "off") {
    return { level: effortLevel, asked: `${thinkingAsked} with ${effortAsked(effort)}` };
  }
  return {
    level: switched,
    asked: thinkingAsked,
    note: `${effortAsked(effort)} not used: ${thinkingAsked} turns thinking ${switched}, and it wins (send one of the two)`,
  };
}

/** The efforts OpenAI's `reasoning_effort` (and OpenRouter's `reasoning.effort`) take. */
export const EFFORTS = "none, minimal, low, medium, high, xhigh, max";

/** The thinking level a reasoning effort asks for, or undefined for a value no API defines. */
export function levelOfEffort(effort: unknown): ThinkingLevel | undefined {
  switch (effort) {
    case "none":
      return "off";
    case "minimal":
    case "low":
      return "low";
    case "medium":
      return "medium";
    case "high":
      return "high";
    case "xhigh":
    case "max":
      return "max";
    default:
      return undefined;
  }
}

/**
 * How deep a request body may nest objects and arrays, counted from the body itself (1). Real
 * requests stay far below it (a tool schema ten properties deep is about 25 levels); a body
 * nested thousands deep would overflow the stack of whatever walks it recursively on the way
 * upstream (JSON.stringify included), so it is refused up front, naming where.
 */
export const MAX_BODY_DEPTH = 100;

interface Nested {
  value: object;
  depth: number;
  parent: Nested | undefined;
  step: string | number;
}

/** Indices in a row a path shows before `…`: arrays nested 1e5 deep made it 800 characters. */
const MAX_INDICES_IN_A_ROW = 3;

/**
 * `tools[0].function.parameters`: the way to `at`, up to its third name; a run of indices longer
 * than MAX_INDICES_IN_A_ROW ends it with `…` (`messages[0][0][0]…`), the depth said apart.
 */
function pathOf(at: Nested): string {
  const steps: Array<string | number> = [];
  for (let node: Nested | undefined = at; node?.parent; node = node.parent) steps.push(node.step);
  return pathOfSteps(steps.reverse());
}

/** The path `pathOf` shows for the keys and indices `steps`, from the body down. */
function pathOfSteps(steps: readonly (string | number)[]): string {
  let path = "";
  let names = 0;
  let indicesInARow = 0;
  for (const step of steps) {
    if (names === 3) break;
    if (typeof step === "number") {
      if (indicesInARow === MAX_INDICES_IN_A_ROW) return `${path}…`;
      path += `[${step}]`;
      indicesInARow++;
    } else {
      path += path === "" ? step : `.${step}`;
      names++;
      indicesInARow = 0;
    }
  }
  return path;
}

/** Whether `body` nests objects and arrays past `maxDepth` levels (no allocation per node). */
function nestsDeeper(body: unknown, maxDepth: number): boolean {
  const values: unknown[] = [body];
  const depths: number[] = [1];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value !== "object" || value === null) continue;
    if (depth > maxDepth) return true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === "object" && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in value) {
        const child: unknown = (value as Obj)[key];
        if (typeof child === "object" && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** How many levels of objects and arrays `value` holds, itself included; iterative, as below. */
function levelsIn(value: unknown): number {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let deepest = 0;
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop() as number;
    if (typeof current !== "object" || current === null) continue;
    if (depth > deepest) deepest = depth;
    for (const child of Object.values(current as Obj)) {
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return deepest;
}

/**
 * The path to the part of `body` that nests past `maxDepth` levels ("" for the body itself), and
 * how many levels the body has down that way (the deepest level under that part).
 */
function tooDeepAt(body: unknown, maxDepth: number): { path: string; depth: number } | undefined {
  if (typeof body !== "object" || body === null || !nestsDeeper(body, maxDepth)) return undefined;
  // Only for a body to refuse: the walk again, keeping the way to name the field.
  // Iterative: a recursive walk would overflow on exactly the bodies it is here to refuse.
  const stack: Nested[] = [{ value: body, depth: 1, parent: undefined, step: "" }];
  while (stack.length > 0) {
    const node = stack.pop() as Nested;
    if (node.depth > maxDepth)
      return { path: pathOf(node), depth: node.depth - 1 + levelsIn(node.value) };
    const value = node.value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child === "object" && child !== null)
          stack.push({ value: child, depth: node.depth + 1, parent: node, step: i });
      }
    } else {
      for (const key in value) {
        const child: unknown = (value as Obj)[key];
        if (typeof child === "object" && child !== null)
          stack.push({ value: child, depth: node.depth + 1, parent: node, step: key });
      }
    }
  }
  return undefined;
}

/** Refuses a body nested deeper than MAX_BODY_DEPTH, naming the field where it does. */
export function checkNesting(body: unknown): void {
  const found = tooDeepAt(body, MAX_BODY_DEPTH);
  if (found !== undefined) throw tooDeep(found);
}

/**
 * Levels past which a body is refused from its text, unparsed. Parsing 1,000 levels takes about a
 * millisecond; a body nested less deep is parsed and refused by `checkNesting`, so that its
 * ledger row still names the model and client it was for.
 */
const MAX_PARSED_DEPTH = 1000;

/**
 * `checkNesting` on a body's text, before it is parsed, for a body nested past MAX_PARSED_DEPTH:
 * parsing 8 MB of `[` blocked the event loop for 5 s (see text-nesting.ts). The same answer.
 */
export function checkNestingOfText(text: string): void {
  const found = nestingPastLimit(text, MAX_BODY_DEPTH, MAX_PARSED_DEPTH);
  if (found !== undefined) throw tooDeep({ path: pathOfSteps(found.steps), depth: found.depth });
}

function tooDeep(found: { path: string; depth: number }): GatewayHttpError {
  const at = found.path;
  // A path cut short (`…`) does not show how deep it goes: the number does.
  return badRequest(
    `the request body nests objects and arrays ${found.depth} levels deep${at === "" ? "" : ` at ${at}`}: this gateway takes request bodies nested at most ${MAX_BODY_DEPTH} levels`,
    at === "" ? null : at,
    "nesting_too_deep",
  );
}

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
      `messages has ${rawMessages.length} entries; ${messageLimitText(limits.maxMessages)}`,
      "messages",
      "too_many_messages",
    );
  }
  const messages = new Array<ChatMessage>(rawMessages.length);
  let legacyMessages = false;
  let breakpoints = 0;
  for (let i = 0; i < rawMessages.length; i++) {
    breakpoints += checkMessage(rawMessages[i], i);
    // Checked in place: the message as it came, now known to be one.
    const message = rawMessages[i] as ChatMessage;
    messages[i] = message;
    if ((message.role as string) === "function" || "function_call" in message)
      legacyMessages = true;
  }
  if (legacyMessages) fromLegacyMessages(messages);
  checkResultsAnswerCalls(messages);

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
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!isRecord(streamOptions))
      throw badRequest(
        `stream_options must be an object such as {"include_usage": true}, got ${describe(streamOptions)}`,
        "stream_options",
        "invalid_type",
      );
    // OpenAI refuses it so: a client that sends it unstreamed would be refused there too.
    if (stream !== true) {
      throw badRequest(
        'stream_options is only allowed when stream is enabled ("stream": true); leave it out of a request that is not streamed',
        "stream_options",
      );
    }
    obfuscation = obfuscationNote(streamOptions.include_obfuscation);
  }
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
  checkToolsForParallelCalls(body);
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
  if (breakpoints > 0)
    leftOut.push(
      `prompt_cache_breakpoint not sent (on ${breakpoints} content part${breakpoints === 1 ? "" : "s"}): a caching hint the provider does not take (Moonshot and Kimi Code cache prompts on their own)`,
    );
  let extraBody: Record<string, unknown> | undefined;
  for (const key in body) {
    // null is "not given", for every optional field: nothing is sent for it.
    if (HANDLED.has(key) || body[key] === null) continue;
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
  };
}
