/**
 * The checks of a chat-completions request's `messages`, each message in place (no copy): its
 * role, content and parts, tool calls and results, the reasoning a client sent back under other
 * APIs' names, and the deprecated function-calling form as tool calls. Every refusal names the
 * field (`messages[2].tool_calls[0].id`). Pure.
 */
import type { ChatMessage } from "../providers/types.js";
import { describe, quoted } from "../util/client-value.js";
import { isGiven } from "../util/is-given.js";
import { isRecord } from "../util/is-record.js";
import { takeRefusal } from "./assistant-refusal.js";
import { badRequest, type GatewayHttpError } from "./http-error.js";
import { takeImageFilePart } from "./image-file-part.js";

type Obj = Record<string, unknown>;

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

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

/**
 * Checks a message's parts; returns how many `prompt_cache_breakpoint`s it took out of them.
 * OpenAI's explicit cache breakpoint on a part is a caching hint Moonshot and Kimi Code do not
 * take (they cache prompts on their own): it is not sent upstream, and the client is told, as
 * for `prompt_cache_retention`; before, it went upstream inside the part, unsaid.
 */
function checkParts(
  parts: unknown[],
  path: string,
  allowImages: boolean,
  allowVideo: boolean,
): number {
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
    } else if (part.type === "video_url" && allowVideo) {
      checkVideoPart(part.video_url, at);
    } else if (allowImages && takeImageFilePart(part)) {
      // Now an image_url part holding the file's data URL, checked as any image is.
    } else if (part.type === undefined || part.type === null) {
      const allowed = allowedParts(allowImages, allowVideo);
      throw badRequest(
        `${at}.type is required: ${allowed} (a text part is {"type": "text", "text": "Hello"})`,
        `${at}.type`,
        "missing_required_parameter",
      );
    } else {
      const allowed = allowedParts(allowImages, allowVideo);
      // OpenAI reads a PDF in a file part and audio in an input_audio one; no provider here
      // does either, and their text is what to send.
      const fileAdvice =
        part.type === "file"
          ? ": a file part (a PDF, say) is not read here, so put the file's text in a text part"
          : part.type === "input_audio"
            ? ": audio is not heard here, so put a transcript of it in a text part"
            : "";
      throw badRequest(
        `${at}.type must be ${allowed}, got ${quoted(part.type)}${fileAdvice}`,
        `${at}.type`,
      );
    }
  }
  return breakpoints;
}

/** The part types a message of a role may hold, as a refusal lists them. */
function allowedParts(allowImages: boolean, allowVideo: boolean): string {
  if (allowVideo) return `"text", "image_url" or "video_url"`;
  return allowImages ? `"text" or "image_url"` : `"text"`;
}

/**
 * A `video_url` part's object: Moonshot's chat API takes `{"url": …}` with a base64 data URL
 * (`data:video/mp4;base64,…`) or an uploaded file's `ms://<file id>`. Which models take video is
 * the runtime's to tell (a model's "input" lists "video").
 */
function checkVideoPart(video: unknown, at: string): void {
  if (!isRecord(video) || typeof video.url !== "string") {
    throw badRequest(
      `${at}.video_url.url must be a string: the video as a data URL (data:video/mp4;base64,…) or a file uploaded to Moonshot (ms://<file id>)`,
      `${at}.video_url.url`,
      "invalid_type",
    );
  }
}

/** Checks a message's content; returns the cache breakpoints taken out of its parts. */
function checkContent(
  message: Obj,
  path: string,
  required: boolean,
  allowImages: boolean,
  allowVideo = false,
): number {
  const content = message.content;
  const at = `${path}.content`;
  if (typeof content === "string") return 0;
  if (Array.isArray(content)) return checkParts(content, at, allowImages, allowVideo);
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
export function checkMessage(message: unknown, index: number): number {
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
      breakpoints = checkContent(message, path, true, true, true);
      if (Array.isArray(message.content) && message.content.length === 0)
        throw emptyUserContent(path);
      break;
    case "tool":
      // Its images go to the model in a user message after it (chat-tool-images.ts).
      breakpoints = checkContent(message, path, true, true);
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
export function fromLegacyMessages(messages: ChatMessage[]): void {
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
export function checkResultsAnswerCalls(messages: readonly ChatMessage[]): void {
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
 * A chat request without `messages`: what to send, and where a field of another API was sent in
 * their place (`prompt`, the legacy completions API's; `input`, the Responses API's) where it goes.
 */
export function messagesMissing(body: Obj): GatewayHttpError {
  const example = '[{"role": "user", "content": "Hello"}]';
  const instead =
    body.prompt !== undefined
      ? `; prompt is the legacy completions API's field: send this body to POST /v1/completions, or the prompt as a user message here`
      : body.input !== undefined
        ? "; input is the Responses API's field: send this body to POST /v1/responses, or the input as messages here"
        : "";
  return badRequest(
    `messages is required: the conversation, such as ${example}${instead}`,
    "messages",
    "missing_required_parameter",
  );
}
