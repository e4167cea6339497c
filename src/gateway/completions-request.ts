/**
 * OpenAI's legacy text-completions request (`POST /v1/completions`) as the gateway's chat request.
 * A text completion continues its prompt's text: the prompt goes as the start of the answer
 * (Moonshot's partial mode, `partial: true` on a last assistant message; a prefill on an
 * Anthropic-format endpoint), after a user message asking for the rest, so that only the
 * continuation comes back, as a completion answers. The answer must not think: thinking is sent
 * off unless the client asked otherwise, and reasoning never reaches the text (the relay drops it).
 * Stop sequences beyond what the model's endpoint takes are applied by the gateway, as on every
 * route (held-stop-request.ts).
 * Fields with no faithful chat form are refused naming the field; every other field is the chat
 * route's (its checks, its passing on of fields it does not know). Pure.
 */
import { describe } from "../util/client-value.js";
import { isGiven } from "../util/is-given.js";
import { isRecord } from "../util/is-record.js";
import { askedLogprobs } from "./completions-logprobs.js";
import { badRequest } from "./http-error.js";
import { sentValue } from "./sampling-fields.js";
import {
  type ParsedChatRequest,
  parseChatRequest,
  type RequestLimits,
} from "./validate-request.js";

/**
 * The answer's token limit when the request names none: OpenAI's own default for this API, so
 * that a client written for it gets an answer of the length it expects there.
 */
export const DEFAULT_COMPLETION_TOKENS = 16;

/** The user message before the prompt: the model is to go on with the text, not answer it. */
export const CONTINUE_TEXT =
  "Continue the text that follows from exactly where it stops. Write only the continuation.";

/** The thinking a completion that names none is sent with, as a note about it names it. */
const GATEWAY_THINKING_OFF =
  "thinking off (the gateway's, as for any text completion that names no thinking level)";

/** What the gateway itself does to a completion's text, beyond the chat answer's. */
export interface CompletionTextRules {
  /** `echo: true`: the prompt, which the answer's text begins with; "" otherwise. */
  echoed: string;
  /** `logprobs: N` was asked: the answer's tokens are given in the legacy shape. */
  logprobs: boolean;
}

/** A completions request as a chat request, and what the gateway does to its text. */
export interface ParsedCompletionsRequest extends ParsedChatRequest {
  text: CompletionTextRules;
}

/**
 * Fields of the legacy API with no faithful form here: each refusal says why and what to do.
 * Their "not asked" values (null, false, 1 for best_of, "" for suffix) pass.
 */
function refuseUnservedFields(body: Record<string, unknown>): void {
  const { suffix, best_of: bestOf } = body;
  if (isGiven(suffix) && suffix !== "") {
    throw badRequest(
      "suffix is not served here: the models behind this gateway continue a text, they do not fill in between a prefix and a suffix; leave suffix out (put what comes after the insertion point in the prompt, as a fill-in-the-middle template does)",
      "suffix",
      "unsupported_parameter",
    );
  }
  if (isGiven(bestOf) && bestOf !== 1) {
    throw badRequest(
      `best_of must be 1, got ${sentValue(bestOf)}: this gateway makes one completion per request (leave best_of out; for more, send the request again)`,
      "best_of",
      "unsupported_value",
    );
  }
  const echo = body.echo;
  if (isGiven(echo) && typeof echo !== "boolean") {
    throw badRequest(`echo must be a boolean, got ${describe(echo)}`, "echo", "invalid_type");
  }
}

/**
 * Chat fields a completions request has no room for: sent here, the client meant the chat API
 * (or would give a text completion tools it cannot call).
 */
const CHAT_ONLY_FIELDS = [
  "messages",
  "tools",
  "tool_choice",
  "functions",
  "function_call",
  "response_format",
  "web_search_options",
] as const;

function refuseChatFields(body: Record<string, unknown>): void {
  for (const field of CHAT_ONLY_FIELDS) {
    if (!isGiven(body[field])) continue;
    throw badRequest(
      `${field} is a chat completions field, which /v1/completions does not take: send a chat request to POST /v1/chat/completions, or leave ${field} out and give the text to continue as prompt`,
      field,
      "unsupported_parameter",
    );
  }
}

/** The prompt's text: a string, or an array of exactly one string. */
function promptText(prompt: unknown): string {
  if (prompt === undefined || prompt === null) {
    throw badRequest(
      'prompt is required: the text to continue, such as "Once upon a time"',
      "prompt",
      "missing_required_parameter",
    );
  }
  let text = prompt;
  if (Array.isArray(prompt)) {
    if (prompt.some((entry) => typeof entry === "number" || Array.isArray(entry))) {
      throw badRequest(
        "prompt as token ids is not served here: the gateway's models have their own tokenizers, so send the prompt as text (a string)",
        "prompt",
        "unsupported_value",
      );
    }
    if (prompt.length !== 1) {
      throw badRequest(
        `prompt holds ${prompt.length} prompts; this gateway completes one prompt per request: send each prompt in a request of its own, as a string`,
        "prompt",
        "unsupported_value",
      );
    }
    text = prompt[0];
  }
  if (typeof text !== "string") {
    throw badRequest(
      `prompt must be a string (or an array of one string), got ${describe(text)}`,
      "prompt",
      "invalid_type",
    );
  }
  if (text === "") {
    throw badRequest(
      "prompt is empty: there is no text to continue; send the text the completion is to go on from",
      "prompt",
      "invalid_value",
    );
  }
  return text;
}

/** Parses a completions request into the gateway's chat request (see the file's comment). */
export function parseCompletionsRequest(
  body: unknown,
  limits: RequestLimits,
): ParsedCompletionsRequest {
  if (!isRecord(body)) {
    throw badRequest("the request body must be a JSON object", null, "invalid_type");
  }
  refuseChatFields(body);
  refuseUnservedFields(body);
  const text = promptText(body.prompt);
  const { prompt: _prompt, suffix: _suffix, echo, logprobs, best_of: _bestOf, ...rest } = body;
  const topLogprobs = askedLogprobs(logprobs, echo);
  const chat: Record<string, unknown> = {
    ...rest,
    ...(topLogprobs === undefined ? {} : { logprobs: true, top_logprobs: topLogprobs }),
    messages: [
      { role: "user", content: CONTINUE_TEXT },
      { role: "assistant", content: text, partial: true },
    ],
  };
  if (!isGiven(body.max_tokens) && !isGiven(body.max_completion_tokens))
    chat.max_tokens = DEFAULT_COMPLETION_TOKENS;
  // A completion continues a text; thought before it would only spend its tokens. A client that
  // names a thinking level itself keeps it (its reasoning still stays out of the text).
  const ownThinkingOff = !isGiven(body.thinking) && !isGiven(body.reasoning_effort);
  if (ownThinkingOff) chat.thinking = { type: "disabled" };
  const parsed = parseChatRequest(chat, limits);
  // A note about it (a model that thinks all the same) names the gateway's switch, not a field
  // the client never sent.
  if (ownThinkingOff) parsed.request.thinkingAsked = GATEWAY_THINKING_OFF;
  return {
    ...parsed,
    text: { echoed: echo === true ? text : "", logprobs: topLogprobs !== undefined },
  };
}
