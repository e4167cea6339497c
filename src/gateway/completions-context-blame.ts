/**
 * A text completion too long for its model, told in the terms of its client. The runtime's hint
 * speaks to a chat client ("shorten the conversation (start a new session), ask for fewer than
 * 16 output tokens"); a `/v1/completions` client has one `prompt` and a `max_tokens`, and no
 * conversation or session to start again. The prompt is named as the field to change, and the
 * hint says what to do with the fields it sent, with the counts the chat hint gives. Whether it
 * was the gateway's own check or the provider's refusal, the message before the hint is kept.
 * Pure.
 */
import type { ContextOverflow } from "../errors.js";
import { count } from "../util/count.js";
import type { Blame } from "./request-blame.js";

/** Where a completions client finds the models with a larger window. */
const LARGER_WINDOW =
  "name a model with a larger context window in model (GET /v1/models: context_length)";

/** What a context-length failure carries, whichever layer threw it. */
interface ContextFailure {
  overflow: ContextOverflow | undefined;
}

/**
 * The failure as a context-length one, or undefined: the runtime's own check before sending
 * (`context_too_long`) or a provider's refusal (`context_length`), also at the end of a chain.
 */
function contextFailureOf(error: unknown): ContextFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errorClass, overflow } = error as {
    code?: unknown;
    errorClass?: unknown;
    overflow?: ContextOverflow;
  };
  if (code !== "context_too_long" && errorClass !== "context_length") return undefined;
  return { overflow };
}

/**
 * The field that set the answer's cap, as the client named it: `max_completion_tokens` when it
 * sent that one alone (the route takes it as the chat route does), else `max_tokens`, the
 * completions API's own (also when it sent neither: OpenAI's default of 16 is max_tokens').
 */
function capFieldOf(body: unknown): "max_tokens" | "max_completion_tokens" {
  if (typeof body !== "object" || body === null) return "max_tokens";
  const { max_tokens: maxTokens, max_completion_tokens: maxCompletionTokens } = body as {
    max_tokens?: unknown;
    max_completion_tokens?: unknown;
  };
  return maxTokens == null && maxCompletionTokens != null ? "max_completion_tokens" : "max_tokens";
}

/** What to change, for a prompt that with `maxTokens` (set by `capField`) asked for does not fit (see the file's comment). */
function completionsContextHint(
  overflow: ContextOverflow | undefined,
  maxTokens: number | undefined,
  capField: string,
): string {
  // A limit on the request's bytes, whatever its tokens: only a shorter prompt helps.
  if (overflow?.by === "provider_bytes")
    return `the prompt (with the gateway's short instruction before it) comes to ${count(overflow.messageBytes)} bytes, over the ${count(overflow.limitBytes)} the provider takes in one request, whatever the model's context window: shorten the prompt; a smaller ${capField} does not help`;
  if (maxTokens === undefined) return `shorten the prompt, or ${LARGER_WINDOW}`;
  const asked = count(maxTokens);
  return `the prompt plus the ${asked} tokens of ${capField} do not fit the model's context window: shorten the prompt, ask for fewer than ${asked} tokens with ${capField}, or ${LARGER_WINDOW}`;
}

/**
 * The blame of a completions request's context-length failure (`param` "prompt", the hint in
 * its client's terms), or undefined for any other failure. `maxTokens` is the answer's cap the
 * request asked for (OpenAI's default of 16 when the client named none); `body`, the client's
 * request, tells which field it set it with.
 */
export function completionsContextBlame(
  error: unknown,
  maxTokens: number | undefined,
  body: unknown,
): Blame | undefined {
  const failure = contextFailureOf(error);
  if (failure === undefined) return undefined;
  return {
    param: "prompt",
    hint: completionsContextHint(failure.overflow, maxTokens, capFieldOf(body)),
  };
}
