/**
 * Chat-completion chunks → typed events. Pure: the transport feeds it bytes from the socket, the
 * benchmark feeds it bytes from memory. Handles the shapes Moonshot sends in the wild: SSE
 * comments and `\r\n`, tool-call deltas without `index`, usage inside `choices[0].usage`, and
 * cached tokens in any of three places.
 */
import { createParser } from "eventsource-parser";
import { extendableCopy } from "../util/extendable-copy.js";
import { finiteNumber } from "../util/finite-number.js";
import { isRecord } from "../util/is-record.js";
import { JsonCloseWatch } from "../util/json-close.js";
import { tokenCount } from "../util/token-count.js";
import { LeakedToolCallFilter } from "./leaked-tool-calls.js";
import { mapFinishReason } from "./map-finish-reason.js";
import { hasRawControl, RawControlEscaper } from "./raw-controls-in-strings.js";
import type {
  AssistantMessage,
  ChoiceLogprobs,
  DroppedToolCallData,
  FinishReason,
  StreamEvent,
  ToolCall,
  Usage,
  UsageCount,
} from "./types.js";

type Json = Record<string, unknown>;

/** An `{"error": …}` object arrived instead of a chunk (some providers report failures mid-stream). */
export class StreamErrorPayload extends Error {
  readonly body: unknown;
  constructor(body: unknown) {
    super("error object in the stream");
    this.name = "StreamErrorPayload";
    this.body = body;
  }
}

interface PendingToolCall {
  /** The upstream's index for it (or its place, for a call that came without one). */
  index: number;
  /** Its index as the client is told it (see `clientIndex`). */
  clientIndex?: number;
  id: string;
  /** The name as the upstream sent it (before `toolNames`), joined from its pieces. */
  name: string;
  arguments: string;
  /** A `tool_call_delta` went out for it: its name is settled (see `settleName`). */
  announced: boolean;
  /** Any `tool_call_delta` went out for it, named or not. */
  told: boolean;
  emitted: boolean;
  /**
   * Made when something else comes (a later call, text, reasoning) while this one is not
   * complete yet: an upstream that interleaves calls by index may still send more of it, so it
   * is watched until its arguments close (or the stream ends).
   */
  closeWatch: JsonCloseWatch | undefined;
  /** Characters of arguments that came after the call was given out, left out of it. */
  dropped: number;
  /** Made once a piece of the arguments holds a control character (see RawControlEscaper). */
  controls?: RawControlEscaper;
}

/**
 * A tool-call part that never got a name nor arguments, and of which nothing was streamed: no
 * call. An OpenAI-compatible upstream may end an answer with such a stub beside finish_reason
 * "tool_calls" (Moonshot does not; no upstream seen here did); given out, it was a call named ""
 * (streamed with the id ""), which a client runs as an unknown tool and whose empty id the next
 * request is refused for.
 */
function isStub(call: PendingToolCall): boolean {
  return !call.told && call.name === "" && call.arguments === "";
}

interface UsageParts {
  prompt?: number;
  completion?: number;
  total?: number;
  cached?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/**
 * A later part's name for a call begun before. Upstreams differ: OpenAI and Moonshot send the name
 * whole in the call's first part; some OpenAI-compatible servers (vLLM, some llama.cpp builds)
 * send it in pieces to be joined; some repeat the whole name in every part. So a piece is added to
 * the name unless it equals the name so far, which is a repeat. A name that really is one piece
 * twice over, cut exactly there ("ab" + "ab"), comes out as "ab": repeats are common, such a cut
 * is not. Once the name went out in a delta it is settled: what a relay streamed and the call
 * given out at the end name the same tool.
 */
function settleName(entry: PendingToolCall, piece: string): void {
  if (entry.announced) return;
  if (entry.name === "") entry.name = piece;
  else if (piece !== entry.name) entry.name += piece;
}

/** What reading an answer needs to know of the request it answers. */
export interface AnswerReading {
  /** Tool names the request sent in another form, sent → caller's: calls get the caller's. */
  toolNames?: ReadonlyMap<string, string> | undefined;
  /**
   * The request offered tools: calls the model wrote into its text or reasoning as Kimi K2
   * markup are taken out of it and reported as calls (see leaked-tool-calls.ts).
   */
  toolsOffered?: boolean | undefined;
}

/** Accumulates chunks into events and, at the end, the final assistant message. */
export class ChatChunkAccumulator {
  private text = "";
  private reasoning = "";
  private readonly calls: PendingToolCall[] = [];
  // Made on the first tool call: most answers have none.
  private byIndex: Map<number, PendingToolCall> | undefined;
  private byId: Map<string, PendingToolCall> | undefined;
  /**
   * A call whose name came but no arguments yet: its first delta waits, since the next part may
   * carry more of its name (see `settleName`), and goes out before anything else does.
   */
  private unannounced: PendingToolCall | undefined;
  /** Calls given a client index so far (see `clientIndex`). */
  private numbered = 0;
  private usage: UsageParts | undefined;
  private finishReason: unknown;
  /** Log probabilities of text not given out yet (held back by the tool-call markup filter). */
  private pendingLogprobs: ChoiceLogprobs | undefined;
  /** Chunks seen so far. */
  chunks = 0;
  /** `data: [DONE]` arrived. */
  doneMarker = false;

  private readonly toolNames: ReadonlyMap<string, string> | undefined;
  // Made only when the request offered tools.
  private readonly textLeaks: LeakedToolCallFilter | undefined;
  private readonly reasoningLeaks: LeakedToolCallFilter | undefined;

  constructor(reading: AnswerReading = {}) {
    this.toolNames = reading.toolNames;
    if (reading.toolsOffered) {
      this.textLeaks = new LeakedToolCallFilter();
      this.reasoningLeaks = new LeakedToolCallFilter();
    }
  }

  get sawFinishReason(): boolean {
    return this.finishReason !== undefined && this.finishReason !== null;
  }

  /** One parsed chunk; events are pushed onto `out`. */
  accept(chunk: unknown, out: StreamEvent[]): void {
    if (!isRecord(chunk)) return;
    if (isRecord(chunk.error)) throw new StreamErrorPayload(chunk);
    this.chunks += 1;
    this.readUsage(chunk.usage, chunk);
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return;
    const choice = choices[0];
    if (!isRecord(choice)) return;
    this.readUsage(choice.usage, chunk);
    if (isRecord(choice.logprobs)) {
      this.pendingLogprobs = mergeLogprobs(this.pendingLogprobs, choice.logprobs);
    }
    const delta = isRecord(choice.delta)
      ? choice.delta
      : isRecord(choice.message)
        ? choice.message
        : undefined;
    if (delta) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      // Text or reasoning after a call: the call is done if its arguments are whole JSON.
      if (
        (typeof reasoning === "string" && reasoning.length > 0) ||
        (typeof delta.content === "string" && delta.content.length > 0)
      )
        this.emitClosedCalls(out);
      if (typeof reasoning === "string" && reasoning.length > 0) {
        this.addReasoning(
          this.reasoningLeaks ? this.reasoningLeaks.feed(reasoning) : reasoning,
          out,
        );
      }
      if (typeof delta.content === "string" && delta.content.length > 0) {
        this.addText(this.textLeaks ? this.textLeaks.feed(delta.content) : delta.content, out);
      }
      if (this.textLeaks) this.takeLeakedCalls(out);
      if (Array.isArray(delta.tool_calls)) {
        for (const part of delta.tool_calls) if (isRecord(part)) this.acceptToolCall(part, out);
      }
    }
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
      this.finishReason = choice.finish_reason;
    }
  }

  private addText(text: string, out: StreamEvent[]): void {
    if (text.length === 0) return;
    this.announce(out);
    this.text += text;
    const logprobs = this.pendingLogprobs;
    if (logprobs === undefined) {
      out.push({ type: "text", delta: text });
      return;
    }
    this.pendingLogprobs = undefined;
    out.push({ type: "text", delta: text, logprobs });
  }

  private addReasoning(text: string, out: StreamEvent[]): void {
    if (text.length === 0) return;
    this.announce(out);
    this.reasoning += text;
    out.push({ type: "reasoning", delta: text });
  }

  /** Calls found in the text or reasoning, as if they had come as tool-call deltas. */
  private takeLeakedCalls(out: StreamEvent[]): void {
    for (const filter of [this.reasoningLeaks, this.textLeaks]) {
      for (const call of filter?.take() ?? []) {
        this.acceptToolCall(
          {
            index: this.calls.length,
            id: call.id,
            function: { name: call.name, arguments: call.arguments },
          },
          out,
        );
      }
    }
  }

  private acceptToolCall(part: Json, out: StreamEvent[]): void {
    const id = typeof part.id === "string" && part.id.length > 0 ? part.id : undefined;
    const fn = isRecord(part.function) ? part.function : {};
    const namePiece = typeof fn.name === "string" && fn.name.length > 0 ? fn.name : undefined;
    let args = typeof fn.arguments === "string" ? fn.arguments : "";
    let entry: PendingToolCall | undefined;
    const index = finiteNumber(part.index);
    if (index !== undefined) {
      entry = this.byIndex?.get(index);
    } else if (id !== undefined) {
      entry = this.byId?.get(id);
    } else {
      // No index and no id: a continuation of the call in progress.
      entry = this.calls[this.calls.length - 1];
    }
    // Anything but more of the waiting call's name: the waiting call's name is whole.
    if (this.unannounced !== undefined && !(entry === this.unannounced && namePiece !== undefined))
      this.announce(out);
    if (!entry) {
      // A new call starts: the earlier ones whose arguments closed are complete. Moonshot sends
      // each call whole before the next, but an upstream may interleave them by index, so one
      // not closed yet waits for its last fragments (or for the end of the stream).
      this.emitClosedCalls(out);
      entry = {
        index: index ?? this.calls.length,
        id: id ?? "",
        name: namePiece ?? "",
        arguments: "",
        announced: false,
        told: false,
        emitted: false,
        closeWatch: undefined,
        dropped: 0,
      };
      this.calls.push(entry);
      this.byIndex ??= new Map();
      this.byIndex.set(entry.index, entry);
    } else {
      if (id !== undefined && entry.id === "") entry.id = id;
      if (namePiece !== undefined) settleName(entry, namePiece);
    }
    if (entry.id) {
      this.byId ??= new Map();
      this.byId.set(entry.id, entry);
    }
    // Given out complete already (its JSON ended): what follows cannot be part of it, and the
    // call stays as it was given out, in the events and in the final message alike. It is
    // counted, so that the answer's end says data was left out (never the text itself).
    if (entry.emitted) {
      entry.dropped += args.length;
      return;
    }
    // A later call's arguments come: a call begun before it that has none yet has none at all
    // (an upstream that interleaves calls sends their arguments in the order it began them).
    if (args.trim() !== "") this.emitCallsWithoutArguments(entry, out);
    if (hasRawControl(args)) {
      entry.controls ??= new RawControlEscaper();
      args = entry.controls.next(entry.arguments, args);
    }
    entry.arguments += args;
    if (!entry.announced && entry.arguments === "") {
      // Named, no arguments yet: the next part may bring more of the name. Neither a name nor
      // arguments yet (a part with an id or a type alone): nothing to tell until one comes, and
      // a part that never gets either is no call (see `isStub`).
      if (entry.name !== "") this.unannounced = entry;
      return;
    }
    if (entry === this.unannounced) {
      this.announce(out);
    } else {
      out.push({
        type: "tool_call_delta",
        index: this.clientIndex(entry),
        ...this.firstNaming(entry, id),
        argumentsDelta: args,
      });
    }
    // A fragment of an earlier call, after a later one began: it may be the last one.
    if (entry.closeWatch && !entry.emitted && entry.closeWatch.closedIn(entry.arguments))
      this.emitCall(entry, out);
  }

  /** The waiting call's first delta: its whole name, and what came of its arguments. */
  private announce(out: StreamEvent[]): void {
    const entry = this.unannounced;
    if (entry === undefined) return;
    this.unannounced = undefined;
    out.push({
      type: "tool_call_delta",
      index: this.clientIndex(entry),
      ...this.firstNaming(entry, undefined),
      argumentsDelta: entry.arguments,
    });
  }

  /**
   * The id and name a delta carries: the call's first delta names it (once, whole, under the
   * caller's name), as OpenAI streams a call; later ones repeat only an id the part itself sent.
   * The first one always carries an id: the one an earlier part sent, else the one the call is
   * given out with at the end (`toToolCall`'s `call_N`), kept from then on. Streamed without one,
   * a Messages client's tool_use had the id "" where the whole answer said `call_0`, and the
   * openai client refused the call (a tool call without `type`, which goes with the id).
   */
  private firstNaming(
    entry: PendingToolCall,
    sentId: string | undefined,
  ): { id?: string; name?: string } {
    const first = !entry.told;
    entry.told = true;
    if (first && entry.id === "") entry.id = `call_${this.clientIndex(entry)}`;
    if (entry.announced || entry.name === "") {
      const id = first ? entry.id : sentId;
      return id !== undefined ? { id } : {};
    }
    entry.announced = true;
    return { id: entry.id, name: this.callerName(entry.name) };
  }

  /**
   * The call's index as the client sees it: calls are numbered 0, 1, 2… in the order they are
   * first told, whatever the upstream's indexes. An upstream may send an empty stub at index 0
   * and the real call at index 1; the stub is no call (see `isStub`), and a client that fills
   * an array by index would hold a hole at 0 (or, asking for one call, get none).
   */
  private clientIndex(call: PendingToolCall): number {
    call.clientIndex ??= this.numbered++;
    return call.clientIndex;
  }

  private callerName(sent: string): string {
    return this.toolNames?.get(sent) ?? sent;
  }

  /** Calls begun before `entry` whose arguments are still empty: complete, without arguments. */
  private emitCallsWithoutArguments(entry: PendingToolCall, out: StreamEvent[]): void {
    for (const call of this.calls) {
      if (call === entry) return;
      if (!call.emitted && call.arguments.trim() === "") this.emitCall(call, out);
    }
  }

  /** When something else comes: each earlier call is complete if its arguments closed. */
  private emitClosedCalls(out: StreamEvent[]): void {
    for (const call of this.calls) {
      if (call.emitted) continue;
      call.closeWatch ??= new JsonCloseWatch();
      if (call.closeWatch.closedIn(call.arguments)) this.emitCall(call, out);
    }
  }

  private emitCall(call: PendingToolCall, out: StreamEvent[]): void {
    this.announce(out);
    call.emitted = true;
    if (isStub(call)) return;
    out.push({ type: "tool_call", index: this.clientIndex(call), toolCall: this.toToolCall(call) });
  }

  /** At the end of the answer, every call not emitted yet is as complete as it will be. */
  private flushToolCalls(out: StreamEvent[]): void {
    for (const call of this.calls) if (!call.emitted) this.emitCall(call, out);
  }

  private toToolCall(call: PendingToolCall): ToolCall {
    return {
      id: call.id || `call_${this.clientIndex(call)}`,
      type: "function",
      function: { name: this.callerName(call.name), arguments: call.arguments },
    };
  }

  private readUsage(value: unknown, chunk: Json): void {
    if (!isRecord(value) && tokenCount(chunk.cached_tokens) === undefined) return;
    const u = isRecord(value) ? value : {};
    const details = isRecord(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
    const next: UsageParts = this.usage ? extendableCopy(this.usage) : {};
    const set = <K extends keyof UsageParts>(key: K, v: number | undefined): void => {
      if (v !== undefined) next[key] = v;
    };
    set("prompt", tokenCount(u.prompt_tokens) ?? tokenCount(u.input_tokens));
    set("completion", tokenCount(u.completion_tokens) ?? tokenCount(u.output_tokens));
    set("total", tokenCount(u.total_tokens));
    set(
      "cached",
      tokenCount(details.cached_tokens) ??
        tokenCount(u.cached_tokens) ??
        tokenCount(chunk.cached_tokens),
    );
    set(
      "cacheWrite",
      tokenCount(u.cache_creation_input_tokens) ?? tokenCount(details.cache_write_tokens),
    );
    if (isRecord(u.completion_tokens_details))
      set("reasoning", tokenCount(u.completion_tokens_details.reasoning_tokens));
    this.usage = next;
  }

  currentUsage(): Usage | undefined {
    const u = this.usage;
    if (!u) return undefined;
    // A count left out is the provider's own when its total and the other count give it.
    const rest = (known: number | undefined): number | undefined =>
      u.total !== undefined && known !== undefined && u.total >= known
        ? u.total - known
        : undefined;
    const prompt = u.prompt ?? rest(u.completion);
    const completion = u.completion ?? rest(u.prompt);
    const promptTokens = prompt ?? 0;
    const completionTokens = completion ?? 0;
    // Part of the prompt, never more than it: an upstream that says otherwise is not believed.
    const cachedTokens = prompt === undefined ? (u.cached ?? 0) : Math.min(u.cached ?? 0, prompt);
    const cacheWriteTokens =
      prompt === undefined
        ? (u.cacheWrite ?? 0)
        : Math.min(u.cacheWrite ?? 0, prompt - cachedTokens);
    const usage: Usage = {
      promptTokens,
      completionTokens,
      totalTokens:
        prompt !== undefined && completion !== undefined
          ? promptTokens + completionTokens
          : (u.total ?? promptTokens + completionTokens),
      cachedTokens,
      cacheWriteTokens,
    };
    if (u.reasoning !== undefined) usage.reasoningTokens = u.reasoning;
    const missing: UsageCount[] = [];
    if (prompt === undefined) missing.push("promptTokens");
    if (completion === undefined) missing.push("completionTokens");
    if (missing.length > 0) usage.missing = missing;
    return usage;
  }

  message(): AssistantMessage {
    const message: AssistantMessage = { role: "assistant", content: this.text };
    if (this.reasoning.length > 0) message.reasoning_content = this.reasoning;
    const calls = this.calls.filter((call) => !isStub(call));
    if (calls.length > 0) {
      // In the client's index order, as a client assembling the stream by index gets them (the
      // order they were told in; one not told yet is numbered here, by the upstream's index).
      for (const call of [...calls].sort((a, b) => a.index - b.index)) this.clientIndex(call);
      const inOrder = calls.sort((a, b) => this.clientIndex(a) - this.clientIndex(b));
      message.tool_calls = inOrder.map((c) => this.toToolCall(c));
    }
    return message;
  }

  /** What was left out of calls given out before it came (undefined: nothing). */
  droppedToolCallData(): DroppedToolCallData[] | undefined {
    let dropped: DroppedToolCallData[] | undefined;
    for (const call of this.calls) {
      if (call.dropped === 0) continue;
      dropped ??= [];
      dropped.push({
        index: this.clientIndex(call),
        id: this.toToolCall(call).id,
        characters: call.dropped,
      });
    }
    return dropped;
  }

  finish(): FinishReason {
    return mapFinishReason(
      this.finishReason,
      this.calls.some((call) => !isStub(call)),
    );
  }

  /** The closing events: text held back, pending tool calls, usage, done. */
  end(out: StreamEvent[], traceId: string | undefined): void {
    if (this.textLeaks && this.reasoningLeaks) {
      this.addReasoning(this.reasoningLeaks.flush(), out);
      this.addText(this.textLeaks.flush(), out);
      this.takeLeakedCalls(out);
    }
    this.flushToolCalls(out);
    const usage = this.currentUsage();
    if (usage) out.push({ type: "usage", usage });
    const droppedToolCallData = this.droppedToolCallData();
    out.push({
      type: "done",
      finishReason: this.finish(),
      message: this.message(),
      usage,
      traceId,
      ...(droppedToolCallData ? { droppedToolCallData } : {}),
    });
  }
}

/**
 * Two choices' `logprobs` as one: their token lists (`content`, `refusal`) one after the other.
 * Exported for relays that join a whole answer's log probabilities from its text events.
 */
export function mergeLogprobs(
  earlier: ChoiceLogprobs | undefined,
  later: ChoiceLogprobs,
): ChoiceLogprobs {
  if (earlier === undefined) return later;
  const merged: ChoiceLogprobs = extendableCopy(earlier);
  for (const key of ["content", "refusal"]) {
    const before = merged[key];
    const after = later[key];
    if (Array.isArray(after)) merged[key] = Array.isArray(before) ? [...before, ...after] : after;
  }
  return merged;
}

/** SSE bytes → `data:` payloads. Comments, `\r\n` and split UTF-8 sequences are handled. */
export function createSseDataDecoder(onData: (data: string) => void): {
  feed(chunk: Uint8Array | string): void;
  end(): void;
} {
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: (event) => onData(event.data) });
  return {
    feed(chunk) {
      parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      const rest = decoder.decode();
      if (rest) parser.feed(rest);
      parser.reset({ consume: true });
    },
  };
}

export interface ParseStreamOptions {
  traceId?: string | undefined;
}

/** Raised when a stream ends before `[DONE]` and before any finish reason: the answer is incomplete. */
export class TruncatedStreamError extends Error {
  readonly chunks: number;
  constructor(chunks: number) {
    super(`the stream ended after ${chunks} chunks without a finish reason or [DONE]`);
    this.name = "TruncatedStreamError";
    this.chunks = chunks;
  }
}

/** A JSON answer that is neither a chat completion nor an error object (another API's answer). */
export class NotACompletionError extends Error {
  /** The answer as parsed, so that a server's words in it can still be read. */
  readonly body: unknown;
  constructor(body?: unknown) {
    super("the response is not a chat completion");
    this.name = "NotACompletionError";
    this.body = body;
  }
}

/** Whether a JSON answer is a chat completion (its `choices`) or an error object. */
export function isChatCompletionBody(body: unknown): boolean {
  return isRecord(body) && (Array.isArray(body.choices) || isRecord(body.error));
}

/**
 * Push-style parser: bytes in, events out, no promise per chunk. The transport drives it from
 * the socket; `parseChatStream` wraps it for async iteration.
 */
export class ChatStreamParser {
  private readonly acc: ChatChunkAccumulator;
  private readonly reading: AnswerReading;
  private out: StreamEvent[] = [];
  private failure: unknown;
  private readonly sse = createSseDataDecoder((data) => this.onData(data));
  /**
   * What the body is, known from its first byte that is not white space: SSE, or one JSON
   * object (an upstream that does not stream answers a stream request with the whole completion,
   * or with an error, as JSON), or a web page (`<`: a site's page at the base URL). SSE never
   * starts with `{` or `<`: no field name does.
   */
  private body: "unknown" | "sse" | "json" | "page" = "unknown";
  /** The bytes so far while the body is not known yet, or all of a JSON one. */
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(reading: AnswerReading = {}) {
    this.acc = new ChatChunkAccumulator(reading);
    this.reading = reading;
  }

  private onData(data: string): void {
    const acc = this.acc;
    if (acc.doneMarker || this.failure !== undefined) return;
    const trimmed = data.trim();
    if (trimmed === "[DONE]") {
      acc.doneMarker = true;
      return;
    }
    if (trimmed.length === 0) return;
    let chunk: unknown;
    try {
      chunk = JSON.parse(trimmed);
    } catch {
      return; // Not JSON (a stray status line): ignore it, as SDKs do.
    }
    try {
      acc.accept(chunk, this.out);
    } catch (error) {
      this.failure = error;
    }
  }

  /** Feeds bytes; returns the events they completed (deliver them before `check()`). */
  feed(bytes: Uint8Array | string): StreamEvent[] {
    // After [DONE] the rest of the body is read (so the connection can be reused) and ignored.
    if (this.acc.doneMarker) return NO_EVENTS;
    if (this.body !== "sse" && this.holdsNonSse(bytes)) return NO_EVENTS;
    this.sse.feed(bytes);
    if (this.out.length === 0) return NO_EVENTS;
    const ready = this.out;
    this.out = [];
    return ready;
  }

  /**
   * Until the body is known to be SSE: keeps `bytes` and says whether they are to go nowhere
   * else yet (white space so far, or a JSON body). Once it is SSE, what was kept is fed to it.
   */
  private holdsNonSse(bytes: Uint8Array | string): boolean {
    const buffer = Buffer.isBuffer(bytes)
      ? bytes
      : typeof bytes === "string"
        ? Buffer.from(bytes)
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.body === "page") {
      // Only its start is read (its title), as much as an error body is kept.
      if (this.heldBytes < MAX_PAGE_BYTES) this.hold(buffer);
      return true;
    }
    this.hold(buffer);
    if (this.body === "json") return true;
    const first = firstNonBlankByte(buffer);
    if (first === undefined) return true;
    if (first === OPEN_BRACE) {
      this.body = "json";
      return true;
    }
    if (first === OPEN_ANGLE) {
      this.body = "page";
      return true;
    }
    this.body = "sse";
    const before = this.held.slice(0, -1);
    this.held = [];
    for (const kept of before) this.sse.feed(kept);
    return false;
  }

  private hold(buffer: Buffer): void {
    this.held.push(buffer);
    this.heldBytes += buffer.length;
  }

  /** Throws what went wrong in the chunks fed so far (an error object in the stream). */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Chunks seen so far. */
  get chunks(): number {
    return this.acc.chunks;
  }

  /** The usage the chunks so far reported, if any (what a stream that then failed had told). */
  usageSoFar(): Usage | undefined {
    return this.acc.currentUsage();
  }

  /** The closing events; throws when the stream was cut before its end. */
  end(traceId: string | undefined): StreamEvent[] {
    if (this.body === "json") return this.endJson(traceId);
    // No answer: the page's text, for its title to be read.
    if (this.body === "page")
      throw new NotACompletionError(
        Buffer.concat(this.held).toString("utf8").slice(0, MAX_PAGE_BYTES),
      );
    const acc = this.acc;
    if (!acc.doneMarker) this.sse.end();
    const out = this.out;
    this.out = [];
    if (this.failure !== undefined) throw this.failure;
    if (!acc.doneMarker && !acc.sawFinishReason) throw new TruncatedStreamError(acc.chunks);
    acc.end(out, traceId);
    return out;
  }

  /** A JSON body's events, as the answer to a request that did not stream gives them. */
  private endJson(traceId: string | undefined): StreamEvent[] {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(this.held).toString("utf8"));
    } catch {
      throw new TruncatedStreamError(0);
    }
    // Neither a completion nor an error object (`{"detail": …}`): no answer, not an empty one.
    if (!isChatCompletionBody(body)) throw new NotACompletionError(body);
    // An error object throws (StreamErrorPayload): classified by its type, as in a stream.
    return eventsFromCompletion(body, traceId, this.reading);
  }
}

const NO_EVENTS: StreamEvent[] = [];
const OPEN_BRACE = 0x7b;
const OPEN_ANGLE = 0x3c;
/** How much of a web page that came in place of a stream is kept. */
const MAX_PAGE_BYTES = 64 * 1024;

/** The first byte of `bytes` that is not white space (nor a UTF-8 byte order mark's). */
function firstNonBlankByte(bytes: Uint8Array): number | undefined {
  for (const byte of bytes) {
    // Space, tab, LF, CR, and the three bytes of a byte order mark (EF BB BF).
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    if (byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte;
  }
  return undefined;
}

/** Parses an SSE chat-completion stream into events, ending with `usage` (when sent) and `done`. */
export async function* parseChatStream(
  source: AsyncIterable<Uint8Array | string>,
  options: ParseStreamOptions = {},
): AsyncGenerator<StreamEvent> {
  const parser = new ChatStreamParser();
  for await (const bytes of source) {
    const ready = parser.feed(bytes);
    if (ready.length > 0) yield* ready;
    parser.check();
  }
  yield* parser.end(options.traceId);
}

/** A non-streamed completion body → the same events a stream would give. */
export function eventsFromCompletion(
  body: unknown,
  traceId: string | undefined,
  reading: AnswerReading = {},
): StreamEvent[] {
  const acc = new ChatChunkAccumulator(reading);
  const out: StreamEvent[] = [];
  if (isRecord(body) && isRecord(body.error)) throw new StreamErrorPayload(body);
  if (isRecord(body) && Array.isArray(body.choices)) {
    const choice = body.choices[0];
    const message = isRecord(choice) && isRecord(choice.message) ? choice.message : undefined;
    if (message && Array.isArray(message.tool_calls)) {
      // The calls of a whole message carry no index: each gets its position, so that two calls
      // without ids stay two calls instead of reading as one call's continuation.
      const toolCalls = message.tool_calls.map((call, index) =>
        isRecord(call) ? extendableCopy<Json>(call, { index }) : call,
      );
      acc.accept(
        extendableCopy<Json>(body, {
          choices: [
            extendableCopy<Json>(choice, {
              delta: extendableCopy(message, { tool_calls: toolCalls }),
            }),
          ],
        }),
        out,
      );
    } else {
      // A message without tool calls is read as it is (the accumulator takes `message` too).
      acc.accept(body, out);
    }
  }
  acc.end(out, traceId);
  return out;
}
