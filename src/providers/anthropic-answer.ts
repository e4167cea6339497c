/**
 * Reads an Anthropic Messages answer (a whole `message`, or its SSE events: message_start,
 * content_block_start/delta/stop, message_delta, message_stop, ping, error) into the runtime's
 * events: text, reasoning, tool calls, usage and the finish reason.
 */
import {
  createSseDataDecoder,
  StreamErrorPayload,
  TruncatedStreamError,
} from "./parse-chat-stream.js";
import { rememberThinkingSignature } from "./thinking-signatures.js";
import type { AssistantMessage, FinishReason, StreamEvent, ToolCall, Usage } from "./types.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Anthropic's stop reasons as the runtime's finish reasons; one it does not know after tool calls
 * is "tool_calls", as a client runs the calls only on that reason.
 */
export function anthropicFinishReason(reason: unknown, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
    case "pause_turn":
      return hasToolCalls ? "tool_calls" : "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    case null:
    case undefined:
      return hasToolCalls ? "tool_calls" : "stop";
    default:
      return hasToolCalls ? "tool_calls" : "other";
  }
}

/** A JSON body or event that is not an Anthropic message (another API's answer). */
export function isAnthropicMessage(body: unknown): body is Json {
  return isObject(body) && body.type === "message" && Array.isArray(body.content);
}

interface OpenCall {
  index: number;
  id: string;
  name: string;
  args: string;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Collects one answer's blocks and usage. Anthropic's `input_tokens` leaves out the tokens read
 * from and written to the cache: the prompt's count here is all three, as the runtime's usage
 * (OpenAI's) counts cached tokens within the prompt.
 */
export class AnthropicAnswer {
  /** Events of the answer seen so far (a stream's, for a failure's "after N events"). */
  events = 0;
  private text = "";
  private reasoning = "";
  /** Each thinking block's signature, in order ("" for one that came without). */
  private readonly signatures: string[] = [];
  /** A streamed thinking block is open (its signature_delta still to come). */
  private thinkingOpen = false;
  /** The signature was kept by the reasoning's text as its block ended (not again at the end). */
  private signatureKept = false;
  private readonly calls: ToolCall[] = [];
  /** Tool-use blocks being streamed, by their block index. */
  private readonly open = new Map<number, OpenCall>();
  private stopReason: unknown;
  private stopped = false;
  private input: number | undefined;
  private output: number | undefined;
  private cacheRead = 0;
  private cacheWrite = 0;

  constructor(
    /** Tool names sent in another form, sent → caller's. */
    private readonly toolNames: ReadonlyMap<string, string> | undefined,
  ) {}

  private callerName(name: string): string {
    return this.toolNames?.get(name) ?? name;
  }

  private takeUsage(usage: unknown): void {
    if (!isObject(usage)) return;
    this.input = count(usage.input_tokens) ?? this.input;
    this.output = count(usage.output_tokens) ?? this.output;
    this.cacheRead = count(usage.cache_read_input_tokens) ?? this.cacheRead;
    this.cacheWrite = count(usage.cache_creation_input_tokens) ?? this.cacheWrite;
  }

  /** The usage reported so far (undefined: none). */
  usage(): Usage | undefined {
    if (this.input === undefined && this.output === undefined) return undefined;
    const prompt = (this.input ?? 0) + this.cacheRead + this.cacheWrite;
    const completion = this.output ?? 0;
    const usage: Usage = {
      promptTokens: prompt,
      completionTokens: completion,
      totalTokens: prompt + completion,
      cachedTokens: this.cacheRead,
      cacheWriteTokens: this.cacheWrite,
    };
    const missing: Array<"promptTokens" | "completionTokens"> = [];
    if (this.input === undefined) missing.push("promptTokens");
    if (this.output === undefined) missing.push("completionTokens");
    if (missing.length > 0) usage.missing = missing;
    return usage;
  }

  private addCall(
    id: string,
    name: string,
    args: string,
    out: StreamEvent[],
    index = this.calls.length,
  ): void {
    const toolCall: ToolCall = { id, type: "function", function: { name, arguments: args } };
    this.calls.push(toolCall);
    out.push({ type: "tool_call", index, toolCall });
  }

  /** A whole (non-streamed) message's events, the `done` event last. */
  whole(body: Json, traceId: string | undefined): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const block of body.content as unknown[]) {
      if (!isObject(block)) continue;
      if (block.type === "text" && typeof block.text === "string" && block.text !== "") {
        this.text += block.text;
        out.push({ type: "text", delta: block.text });
      } else if (block.type === "thinking" && typeof block.thinking === "string") {
        this.reasoning += block.thinking;
        this.signatures.push(typeof block.signature === "string" ? block.signature : "");
        out.push({ type: "reasoning", delta: block.thinking });
      } else if (block.type === "tool_use") {
        const name = this.callerName(String(block.name ?? ""));
        this.addCall(String(block.id ?? ""), name, JSON.stringify(block.input ?? {}), out);
      }
    }
    this.stopReason = body.stop_reason;
    this.stopped = true;
    this.takeUsage(body.usage);
    return this.end(out, traceId);
  }

  /** One SSE event's data; throws StreamErrorPayload for an `error` event. */
  accept(data: string, out: StreamEvent[]): void {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return; // not JSON: nothing Anthropic sends
    }
    if (!isObject(event)) return;
    this.events += 1;
    switch (event.type) {
      case "message_start":
        if (isObject(event.message)) this.takeUsage(event.message.usage);
        return;
      case "content_block_start": {
        const block = event.content_block;
        if (!isObject(block)) return;
        const at = typeof event.index === "number" ? event.index : this.open.size;
        if (block.type === "tool_use") {
          const call: OpenCall = {
            index: this.calls.length + this.open.size,
            id: String(block.id ?? ""),
            name: this.callerName(String(block.name ?? "")),
            args: "",
          };
          // A start that carries the input whole (not `{}` to be filled by deltas) keeps it.
          if (isObject(block.input) && Object.keys(block.input).length > 0)
            call.args = JSON.stringify(block.input);
          this.open.set(at, call);
          out.push({
            type: "tool_call_delta",
            index: call.index,
            id: call.id,
            name: call.name,
            argumentsDelta: call.args,
          });
        } else if (block.type === "text" && typeof block.text === "string" && block.text !== "") {
          this.text += block.text;
          out.push({ type: "text", delta: block.text });
        } else if (block.type === "thinking") {
          this.thinkingOpen = true;
          this.signatures.push(typeof block.signature === "string" ? block.signature : "");
          if (typeof block.thinking === "string" && block.thinking !== "") {
            this.reasoning += block.thinking;
            out.push({ type: "reasoning", delta: block.thinking });
          }
        }
        return;
      }
      case "content_block_delta": {
        const delta = event.delta;
        if (!isObject(delta)) return;
        if (delta.type === "text_delta" && typeof delta.text === "string") {
          if (delta.text === "") return;
          this.text += delta.text;
          out.push({ type: "text", delta: delta.text });
        } else if (delta.type === "thinking_delta" && typeof delta.thinking === "string") {
          if (delta.thinking === "") return;
          this.reasoning += delta.thinking;
          out.push({ type: "reasoning", delta: delta.thinking });
        } else if (delta.type === "signature_delta" && typeof delta.signature === "string") {
          const last = this.signatures.length - 1;
          if (last >= 0) this.signatures[last] += delta.signature;
        } else if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") {
          const call = this.open.get(typeof event.index === "number" ? event.index : -1);
          if (!call || delta.partial_json === "") return;
          call.args += delta.partial_json;
          out.push({
            type: "tool_call_delta",
            index: call.index,
            argumentsDelta: delta.partial_json,
          });
        }
        return;
      }
      case "content_block_stop": {
        const at = typeof event.index === "number" ? event.index : -1;
        const call = this.open.get(at);
        if (!call) {
          if (this.thinkingOpen) this.thinkingSigned();
          return;
        }
        this.open.delete(at);
        this.addCall(call.id, call.name, call.args === "" ? "{}" : call.args, out, call.index);
        return;
      }
      case "message_delta":
        if (isObject(event.delta) && "stop_reason" in event.delta) {
          this.stopReason = event.delta.stop_reason;
          this.stopped = true;
        }
        this.takeUsage(event.usage);
        return;
      case "message_stop":
        this.stopped = true;
        return;
      case "error":
        throw new StreamErrorPayload(event);
      default:
        return; // ping, and events of later versions
    }
  }

  /**
   * A streamed thinking block ended: when it is the answer's only one so far and signed, its
   * signature is kept by its text now, not at the answer's end, for the gateway, whose streamed
   * thinking block or reasoning item closes (its reasoning blob written) before the answer ends.
   */
  private thinkingSigned(): void {
    this.thinkingOpen = false;
    const [signature] = this.signatures;
    if (this.signatures.length === 1 && signature) {
      rememberThinkingSignature(this.reasoning, signature);
      this.signatureKept = true;
    }
  }

  /** The last events of a stream; throws TruncatedStreamError for one cut before its end. */
  finish(traceId: string | undefined): StreamEvent[] {
    if (!this.stopped) throw new TruncatedStreamError(this.events);
    return this.end([], traceId);
  }

  private end(out: StreamEvent[], traceId: string | undefined): StreamEvent[] {
    // A tool-use block never closed: what came of it is kept.
    for (const call of this.open.values()) {
      this.addCall(call.id, call.name, call.args === "" ? "{}" : call.args, out, call.index);
    }
    this.open.clear();
    const usage = this.usage();
    if (usage) out.push({ type: "usage", usage });
    const message: AssistantMessage = { role: "assistant", content: this.text };
    if (this.reasoning.length > 0) {
      message.reasoning_content = this.reasoning;
      // One signed thinking block: its signature goes back with the reasoning on replay (the
      // replay sends the reasoning as one block, which several blocks' signatures cannot sign).
      // Kept on the message, which a session stores, and by the text in this process, for the
      // gateway's clients, which send a turn back without fields of their own.
      const [signature] = this.signatures;
      if (this.signatures.length === 1 && signature) {
        message.reasoning_signature = signature;
        if (!this.signatureKept) rememberThinkingSignature(this.reasoning, signature);
      }
    }
    if (this.calls.length > 0) message.tool_calls = this.calls;
    out.push({
      type: "done",
      finishReason: anthropicFinishReason(this.stopReason, this.calls.length > 0),
      message,
      usage,
      traceId,
    });
    return out;
  }
}

/** SSE bytes of a Messages stream → events, as they arrive. */
export class AnthropicStreamReader {
  readonly answer: AnthropicAnswer;
  private ready: StreamEvent[] = [];
  private failure: unknown;
  private readonly decoder = createSseDataDecoder((data) => {
    if (this.failure !== undefined) return;
    try {
      this.answer.accept(data, this.ready);
    } catch (error) {
      this.failure = error;
    }
  });

  constructor(toolNames: ReadonlyMap<string, string> | undefined) {
    this.answer = new AnthropicAnswer(toolNames);
  }

  /** The events the chunk completed; `check` then throws what the stream said went wrong. */
  feed(chunk: Buffer): StreamEvent[] {
    this.decoder.feed(chunk);
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  end(traceId: string | undefined): StreamEvent[] {
    this.decoder.end();
    this.check();
    const ready = this.ready;
    this.ready = [];
    return [...ready, ...this.answer.finish(traceId)];
  }
}
