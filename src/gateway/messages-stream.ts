/**
 * A streamed Anthropic Messages answer: `message_start`, then one content block at a time
 * (thinking with `thinking_delta`s and its `signature_delta`, text with `text_delta`s, tool_use
 * with `input_json_delta`s), each opened and closed, then `message_delta` with the stop reason and
 * usage, and `message_stop`. A failure after the start is an `error` event. Pure: no I/O.
 */
import type { FinishReason, ToolCall, Usage } from "../providers/types.js";
import type { WebSearch } from "../runtime/types.js";
import { searchInput, searchUseBlock } from "./anthropic-search-blocks.js";
import { anthropicToolId } from "./anthropic-tool-ids.js";
import { messagesUsage, stopReasonOf, toolInput } from "./messages-format.js";
import { streamedReasoningBlob } from "./reasoning-blob.js";

type Obj = Record<string, unknown>;

type OpenBlock =
  | { kind: "thinking"; index: number; reasoning: string }
  | { kind: "text"; index: number }
  | {
      kind: "tool_use";
      index: number;
      callIndex: number;
      /**
       * Arguments not yet known to be an object (none yet, or a first character other than
       * `{`): held back, and sent at the block's end as the object the whole answer's `input`
       * has (`""` as `{}`, `[1,2]` as `{}`), not as a value a client cannot take as `input`.
       * `undefined` once they began with `{` and stream as they come.
       */
      heldArgs: string | undefined;
    };

export class MessageEventEncoder {
  private readonly id: string;
  private model: string;
  private blocks = 0;
  private open: OpenBlock | undefined;
  private started = false;
  /** Tool calls sent as fragments, by the upstream's call index: not sent again whole. */
  private readonly fragmented = new Set<number>();
  /** Web searches Moonshot ran for the answer, told in the final usage. */
  private webSearches = 0;

  /** The prompt's tokens as the runtime estimates them: told until the upstream's count is known. */
  private readonly estimatedInputTokens: number;

  /** `thinking.display: "omitted"`: thinking blocks carry their signature alone, no deltas. */
  private readonly thinkingOmitted: boolean;

  constructor(id: string, model: string, estimatedInputTokens: number, thinkingOmitted = false) {
    this.id = id;
    this.model = model;
    this.estimatedInputTokens = estimatedInputTokens;
    this.thinkingOmitted = thinkingOmitted;
  }

  /** The usage as the upstream reported it, else the estimated input with no output counted. */
  private usage(usage: Usage | undefined): ReturnType<typeof messagesUsage> {
    const told = messagesUsage(usage, this.webSearches);
    return usage === undefined ? { ...told, input_tokens: this.estimatedInputTokens } : told;
  }

  setModel(model: string): void {
    this.model = model;
  }

  private event(type: string, fields: Obj): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
  }

  /**
   * `message_start`, once, as soon as the upstream accepted the request. The upstream counts the
   * prompt at the end only: until then (and in `message_delta`, its count) the runtime's estimate.
   */
  start(): string {
    if (this.started) return "";
    this.started = true;
    return this.event("message_start", {
      message: {
        id: this.id,
        type: "message",
        role: "assistant",
        model: this.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: this.usage(undefined),
      },
    });
  }

  /** Closes the open block: a thinking block's signature goes last, as Anthropic sends it. */
  private close(): string {
    const open = this.open;
    if (!open) return "";
    this.open = undefined;
    let last = "";
    if (open.kind === "thinking")
      last = this.event("content_block_delta", {
        index: open.index,
        delta: { type: "signature_delta", signature: streamedReasoningBlob(open.reasoning) },
      });
    else if (open.kind === "tool_use" && open.heldArgs !== undefined && open.heldArgs.trim() !== "")
      last = this.inputDelta(open.index, JSON.stringify(toolInput(open.heldArgs)));
    return `${last}${this.event("content_block_stop", { index: open.index })}`;
  }

  private inputDelta(index: number, json: string): string {
    return this.event("content_block_delta", {
      index,
      delta: { type: "input_json_delta", partial_json: json },
    });
  }

  private openBlock(block: OpenBlock, contentBlock: Obj): string {
    const closed = this.close();
    this.open = block;
    this.blocks++;
    return `${closed}${this.event("content_block_start", { index: block.index, content_block: contentBlock })}`;
  }

  reasoning(delta: string): string {
    let out = this.start();
    if (this.open?.kind !== "thinking")
      out += this.openBlock(
        { kind: "thinking", index: this.blocks, reasoning: "" },
        { type: "thinking", thinking: "", signature: "" },
      );
    const open = this.open as Extract<OpenBlock, { kind: "thinking" }>;
    open.reasoning += delta;
    if (this.thinkingOmitted) return out;
    return (
      out +
      this.event("content_block_delta", {
        index: open.index,
        delta: { type: "thinking_delta", thinking: delta },
      })
    );
  }

  text(delta: string): string {
    let out = this.start();
    if (this.open?.kind !== "text")
      out += this.openBlock({ kind: "text", index: this.blocks }, { type: "text", text: "" });
    return (
      out +
      this.event("content_block_delta", {
        index: this.open?.index,
        delta: { type: "text_delta", text: delta },
      })
    );
  }

  private openCall(callIndex: number, id: string, name: string): string {
    return this.openBlock(
      { kind: "tool_use", index: this.blocks, callIndex, heldArgs: "" },
      { type: "tool_use", id: anthropicToolId(id), name, input: {} },
    );
  }

  /** Arguments for the open tool_use block: streamed once they are known to be an object. */
  private callArguments(args: string): string {
    const open = this.open;
    if (open?.kind !== "tool_use" || args === "") return "";
    if (open.heldArgs === undefined) return this.inputDelta(open.index, args);
    open.heldArgs += args;
    const begun = open.heldArgs.trimStart();
    if (!begun.startsWith("{")) return "";
    open.heldArgs = undefined;
    return this.inputDelta(open.index, begun);
  }

  /** A fragment of a tool call's arguments; its first names the call (its id Anthropic-safe). */
  toolCallDelta(callIndex: number, id: string | undefined, name: string | undefined, args: string) {
    let out = this.start();
    if (!(this.open?.kind === "tool_use" && this.open.callIndex === callIndex)) {
      if (this.fragmented.has(callIndex)) return out; // a call re-opened after another: not expected
      out += this.openCall(callIndex, id ?? "", name ?? "");
      this.fragmented.add(callIndex);
    }
    return out + this.callArguments(args);
  }

  /** A whole tool call, sent as one block unless it came as fragments already. */
  toolCall(callIndex: number, call: ToolCall): string {
    if (this.fragmented.has(callIndex)) return "";
    this.fragmented.add(callIndex);
    return (
      this.start() +
      this.openCall(callIndex, call.id, call.function.name) +
      this.callArguments(call.function.arguments)
    );
  }

  /**
   * A web search Moonshot ran: its `server_tool_use` block, whole (opened with an empty input,
   * which one `input_json_delta` fills, as Anthropic streams it), between the text before the
   * search and the answer after it; counted for the final usage. No results block follows it
   * (see anthropic-search-blocks).
   */
  webSearch(search: WebSearch): string {
    const block = searchUseBlock(this.id, this.webSearches, search);
    this.webSearches++;
    const out = this.start() + this.close();
    const index = this.blocks++;
    const input = searchInput(search);
    return (
      out +
      this.event("content_block_start", { index, content_block: { ...block, input: {} } }) +
      (input.query === undefined ? "" : this.inputDelta(index, JSON.stringify(input))) +
      this.event("content_block_stop", { index })
    );
  }

  /**
   * The last block closed, the stop reason and usage, and `message_stop`; `heldStop`, the stop
   * sequence the gateway held that ended the answer.
   */
  finish(reason: FinishReason, usage: Usage | undefined, heldStop?: string): string {
    const stopReason =
      heldStop === undefined ? stopReasonOf(reason, this.fragmented.size > 0) : "stop_sequence";
    return (
      this.start() +
      this.close() +
      this.event("message_delta", {
        delta: { stop_reason: stopReason, stop_sequence: heldStop ?? null },
        usage: this.usage(usage),
      }) +
      this.event("message_stop", {})
    );
  }

  /** The stream broke after it began: Anthropic's `error` event ends it. */
  failure(type: string, message: string): string {
    return this.event("error", { error: { type, message } });
  }
}
