/**
 * Runtime results and events in the OpenAI chat-completions wire format. Stream chunks are built
 * from a prefix computed once per response plus the JSON of the delta alone, so each chunk costs
 * one small JSON.stringify of a string rather than a whole-object serialisation.
 */
import type {
  AssistantMessage,
  ChoiceLogprobs,
  FinishReason,
  ToolCall,
  Usage,
} from "../providers/types.js";
import { finishedArguments, hasNoArguments } from "./finished-arguments.js";

export function openaiFinishReason(reason: FinishReason, legacyFunctions = false): string {
  switch (reason) {
    case "tool_calls":
      return legacyFunctions ? "function_call" : reason;
    case "length":
    case "content_filter":
      return reason;
    default:
      return "stop";
  }
}

export function openaiUsage(usage: Usage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
  };
  // Only when the provider reported it: a 0 would claim no reasoning was counted.
  if (usage.reasoningTokens !== undefined)
    out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return out;
}

function withFinishedArguments(call: ToolCall): ToolCall {
  const args = finishedArguments(call.function.arguments);
  return args === call.function.arguments
    ? call
    : { ...call, function: { ...call.function, arguments: args } };
}

/** The non-streamed response, written as a template: only the variable strings go through JSON. */
export function completionBody(options: {
  id: string;
  created: number;
  model: string;
  message: AssistantMessage;
  finishReason: FinishReason;
  usage: Usage | undefined;
  /** The provider's log probabilities of the answer's text, when the request asked for them. */
  logprobs?: ChoiceLogprobs | undefined;
  /** Answer a call as the deprecated `function_call` (the client sent `functions`). */
  legacyFunctions?: boolean;
}): string {
  const { message, usage } = options;
  const content = message.content;
  const hasToolCalls = (message.tool_calls?.length ?? 0) > 0;
  const joined =
    typeof content === "string"
      ? content
      : Array.isArray(content)
        ? content.map((part) => part.text).join("")
        : null;
  // An answer of tool calls alone has no content, as on OpenAI (null, not "").
  const text = joined === "" && hasToolCalls ? null : joined;
  // `refusal` and `annotations` are in every OpenAI answer, null and empty when the model neither
  // refused nor cited: a client that tests `message.refusal !== null` must not see a refusal.
  let out = `{"role":"assistant","content":${text === null ? "null" : JSON.stringify(text)},"refusal":null`;
  if (message.reasoning_content)
    out += `,"reasoning_content":${JSON.stringify(message.reasoning_content)}`;
  const calls = message.tool_calls?.map(withFinishedArguments);
  const firstCall = calls?.[0];
  if (options.legacyFunctions && firstCall) {
    // The deprecated form has room for one call, and no id.
    out += `,"function_call":${JSON.stringify({ name: firstCall.function.name, arguments: firstCall.function.arguments })}`;
  } else if (hasToolCalls) out += `,"tool_calls":${JSON.stringify(calls)}`;
  out += ',"annotations":[]}';
  const reasoningJson =
    usage?.reasoningTokens === undefined
      ? ""
      : `,"completion_tokens_details":{"reasoning_tokens":${usage.reasoningTokens}}`;
  const usageJson = usage
    ? `,"usage":{"prompt_tokens":${usage.promptTokens},"completion_tokens":${usage.completionTokens},"total_tokens":${usage.totalTokens},"prompt_tokens_details":{"cached_tokens":${usage.cachedTokens}}${reasoningJson}}`
    : "";
  return `{"id":${JSON.stringify(options.id)},"object":"chat.completion","created":${options.created},"model":${JSON.stringify(options.model)},"choices":[{"index":0,"message":${out},"finish_reason":"${openaiFinishReason(options.finishReason, options.legacyFunctions)}","logprobs":${options.logprobs ? JSON.stringify(options.logprobs) : "null"}}]${usageJson}}`;
}

/** Builds `data: {...}\n\n` lines for one streamed response. */
export class ChunkEncoder {
  private prefix: string;
  private readonly id: string;
  private readonly created: number;
  /** Calls go out as the deprecated `function_call` deltas (the client sent `functions`). */
  private readonly legacyFunctions: boolean;
  /** Per tool call sent in fragments: whether any of its arguments (beyond whitespace) went out. */
  private readonly argumentsSent = new Map<number, boolean>();
  /**
   * What closes a chunk after its choices. A stream that asked for usage
   * (`stream_options.include_usage`) has `"usage":null` on every chunk before the usage chunk, as
   * OpenAI's own has: a client that tells the usage chunk by `chunk.usage !== null` took the first
   * chunk without the key for it.
   */
  private readonly chunkEnd: string;

  constructor(
    id: string,
    created: number,
    model: string,
    legacyFunctions = false,
    includeUsage = false,
  ) {
    this.id = id;
    this.created = created;
    this.prefix = this.prefixFor(model);
    this.legacyFunctions = legacyFunctions;
    this.chunkEnd = includeUsage ? '],"usage":null}\n\n' : "]}\n\n";
  }

  private prefixFor(model: string): string {
    return `data: {"id":${JSON.stringify(this.id)},"object":"chat.completion.chunk","created":${this.created},"model":${JSON.stringify(model)},"choices":[`;
  }

  /** The model is known only once the upstream answered (a fallback may have taken over). */
  setModel(model: string): void {
    this.prefix = this.prefixFor(model);
  }

  private delta(deltaJson: string, finish = "null", logprobs?: ChoiceLogprobs): string {
    const extra = logprobs ? `,"logprobs":${JSON.stringify(logprobs)}` : "";
    return `${this.prefix}{"index":0,"delta":${deltaJson}${extra},"finish_reason":${finish}}${this.chunkEnd}`;
  }

  role(): string {
    return this.delta(`{"role":"assistant","content":"","refusal":null}`);
  }

  /** A piece of the answer, with the provider's log probabilities of its tokens if it sent them. */
  text(delta: string, logprobs?: ChoiceLogprobs): string {
    return this.delta(`{"content":${JSON.stringify(delta)}}`, "null", logprobs);
  }

  reasoning(delta: string): string {
    return this.delta(`{"reasoning_content":${JSON.stringify(delta)}}`);
  }

  toolCallDelta(
    index: number,
    id: string | undefined,
    name: string | undefined,
    args: string,
  ): string {
    this.argumentsSent.set(index, this.argumentsSent.get(index) === true || !hasNoArguments(args));
    if (this.legacyFunctions) {
      // One call only, and without an id; later calls have no place in this form.
      if (index !== 0) return "";
      const fn: Record<string, string> = {};
      if (name !== undefined) fn.name = name;
      fn.arguments = args;
      return this.delta(`{"function_call":${JSON.stringify(fn)}}`);
    }
    const call: Record<string, unknown> = { index };
    if (id !== undefined) {
      call.id = id;
      call.type = "function";
    }
    const fn: Record<string, string> = {};
    if (name !== undefined) fn.name = name;
    fn.arguments = args;
    call.function = fn;
    return this.delta(`{"tool_calls":[${JSON.stringify(call)}]}`);
  }

  /**
   * A finished call: whole, unless it went out in fragments already; then only `"{}"` when no
   * fragment had arguments beyond whitespace (a tool without parameters), which a client could not
   * `JSON.parse`.
   */
  toolCall(index: number, call: ToolCall): string {
    const sent = this.argumentsSent.get(index);
    if (sent === true) return "";
    const args = call.function.arguments;
    if (sent === false) {
      const rest = hasNoArguments(args) ? finishedArguments(args).slice(args.length) : args;
      return this.toolCallDelta(index, undefined, undefined, rest);
    }
    return this.toolCallDelta(index, call.id, call.function.name, finishedArguments(args));
  }

  finish(reason: FinishReason): string {
    return this.delta("{}", JSON.stringify(openaiFinishReason(reason, this.legacyFunctions)));
  }

  usage(usage: Usage): string {
    return `${this.prefix}],"usage":${JSON.stringify(openaiUsage(usage))}}\n\n`;
  }

  done(): string {
    return "data: [DONE]\n\n";
  }
}
