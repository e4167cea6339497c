/**
 * The relays between a runtime run and a client: a whole chat completion, a streamed one, and a
 * Responses API answer (streamed or not). Each follows the run's attempts (retries and fallbacks
 * counted as they happen), keeps the request's record current and remembers what later requests
 * may need (the reasoning of tool-call turns, the output items of responses).
 */
import type { ServerResponse } from "node:http";
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import { droppedToolCallSentence } from "../providers/dropped-tool-call-text.js";
import { EMPTY_404, EMPTY_404_UNTOLD, isEmpty404 } from "../providers/empty-404.js";
import { mergeLogprobs } from "../providers/index.js";
import type {
  AssistantMessage,
  ChoiceLogprobs,
  DroppedToolCallData,
  FinishReason,
  Timeouts,
  ToolCall,
  Usage,
} from "../providers/types.js";
import { estimateRequestTokens, estimateTextTokens } from "../runtime/index.js";
import type { RunOptions, RunResult, Runtime, RuntimeEvent, WebSearch } from "../runtime/types.js";
import type { CancelSignal } from "../util/cancellation.js";
import { isRecord } from "../util/is-record.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { printable } from "../util/printable.js";
import { blockWriter } from "./block-writer.js";
import { legacyCallId } from "./chat-message-checks.js";
import { chatStreamWriter } from "./chat-stream-writer.js";
import { fieldsAsSent } from "./client-field-names.js";
import { ClientNotes, retryNote } from "./client-notes.js";
import { toolChoiceAsSent } from "./client-tool-choice.js";
import {
  answerText,
  completionIdOf,
  TextCompletionEncoder,
  textCompletionBody,
} from "./completions-format.js";
import { LegacyLogprobTokens } from "./completions-logprobs.js";
import type { CompletionTextRules } from "./completions-request.js";
import { customToolNames } from "./custom-tools.js";
import { cutAtHeldStops, HeldStopCut, type HeldStopResult } from "./held-stop-cut.js";
import { JSON_HEADERS, responseHeaders, SSE_HEADERS } from "./http-send.js";
import {
  messageIdOf,
  messageObject,
  messagesErrorMessage,
  messagesErrorOf,
} from "./messages-format.js";
import { MessageEventEncoder } from "./messages-stream.js";
import type { GatewayMetrics } from "./metrics.js";
import type { GatewayModel } from "./model-directory.js";
import { seeWhatKeyMayUse } from "./model-discovery.js";
import { ChunkEncoder, completionBody } from "./openai-format.js";
import { wantsReasoningBlob } from "./reasoning-blob.js";
import type { ReasoningMemory } from "./reasoning-memory.js";
import { type RequestRecord, recordResult } from "./request-record.js";
import { responseErrorCode } from "./response-error-code.js";
import {
  ResponseEventEncoder,
  requestEcho,
  responseIdOf,
  responseObject,
} from "./responses-format.js";
import { tokenLogprobs } from "./responses-logprobs.js";
import { namespacedToolNames } from "./responses-namespaces.js";
import { withFixWords } from "./scan-advice-words.js";
import { logprobsOfText } from "./shown-tokens.js";
import { createSseOutput, type SseOutput } from "./sse-output.js";
import { answerTokens, closeWithUsage, wholeAnswerUsage } from "./told-usage.js";
import type { ParsedChatRequest } from "./validate-request.js";

/**
 * The model an answer names (its `model`, the x-openclaw-model header): its ref, with a key
 * pasted as the provider's name masked (`sk-kimi-***` before the model's id), as /v1/models
 * lists it.
 */
function answeredAs(ref: string): string {
  return maskKeyShapedNames(ref);
}

export interface ChatRelayDeps {
  metrics: GatewayMetrics;
  memory: ReasoningMemory;
  /**
   * Keeps what a served response answered (`output`) to the request `body`: its items for
   * `item_reference`s, its conversation for `previous_response_id`.
   */
  rememberResponse(
    id: string,
    body: unknown,
    output: readonly Record<string, unknown>[],
    response: Record<string, unknown> | undefined,
  ): void;
  /**
   * A streamed response to the request `body` has begun (its `response.created` is being sent):
   * `snapshot` tells its object as it stands, for a client that fetches it meanwhile. Returns
   * what to call once the stream has ended, however it ended.
   */
  responseBegun(id: string, body: unknown, snapshot: () => Record<string, unknown>): () => void;
  /** A client that reads nothing for this long while there is data for it is dropped. */
  writeStallMs: number;
  /** Upstream timeouts passed to the runtime. */
  timeouts: Timeouts | undefined;
  /** What a request sent upstream differs in from the client's request (model ref, reason). */
  noteAdjustment(model: string, adjustment: string): void;
  /**
   * An upstream's answer to a request streamed arguments for tool calls after they were
   * complete, which were left out of what the client got: said for each such request.
   */
  noteDroppedToolCallData(line: string): void;
  /**
   * A note as a client may read it (a gateway bound beyond loopback tells no host paths); the
   * identity when unset.
   */
  clientText?: (text: string) => string;
  /**
   * How the fixes a fallback note gives reach the gateway's config (a started program's: the
   * state dir's words, or the edit of its config object); bare commands when left out.
   */
  fixWords?: RetiredFixWords;
}

/** One request's run: what to run, for whom, and where the answer goes. */
type Relay = (
  runtime: Runtime,
  target: GatewayModel,
  parsed: ParsedChatRequest,
  res: ServerResponse,
  record: RequestRecord,
  signal: CancelSignal,
) => Promise<void>;

export interface ChatRelays {
  /** A chat completion answered whole. */
  complete: Relay;
  /** A chat completion streamed as `chat.completion.chunk` events. */
  stream: Relay;
  /** A Responses API request, streamed or not; `body` is the client's, for the echoed fields. */
  response(...args: [...Parameters<Relay>, body: unknown]): Promise<void>;
  /** An Anthropic Messages API request, streamed or not. */
  message: Relay;
  /** A legacy text completion, streamed or not, its text as `rules` shape it. */
  textCompletion(...args: [...Parameters<Relay>, rules: CompletionTextRules]): Promise<void>;
}

/** Renders a run's events in one API's streaming format ("" writes nothing). */
interface EventWriter {
  setModel(model: string): void;
  text(delta: string, logprobs: ChoiceLogprobs | undefined): string;
  reasoning(delta: string): string;
  toolCallDelta(event: Extract<RuntimeEvent, { type: "tool_call_delta" }>): string;
  toolCall(index: number, call: ToolCall): string;
  /** Moonshot searched the web for the model. */
  webSearch(search: WebSearch): string;
  /** At the upstream's end; the closing events that need the usage come after the run. */
  done(reason: FinishReason): string;
  /**
   * The stream opens once the upstream accepted the request, not with the first token; with a
   * fallback still left in the chain, with the first token as before.
   */
  opensOnAccept?: boolean;
  /**
   * The answer as the client got it streamed (its tool calls in the order they were sent), for
   * the reasoning memory: a client replays the turn that way. Unset: as the final message has it.
   */
  asStreamed?(message: AssistantMessage): AssistantMessage;
}

/**
 * The answer as the client is given it: with `parallel_tool_calls: false` it holds the first of
 * the provider's tool calls only (a provider may ignore that field and make several).
 */
function asAnswered(parsed: ParsedChatRequest, message: AssistantMessage): AssistantMessage {
  const calls = message.tool_calls;
  if (!parsed.oneToolCall || !calls || calls.length < 2) return message;
  return { ...message, tool_calls: calls.slice(0, 1) };
}

/**
 * The answer as its client sends it back. A client in the deprecated functions form got one
 * `function_call`, without an id: it comes back as a tool call with the id the gateway gives it
 * at the turn's place (`legacyCallId`), not the provider's, under which its reasoning is to be
 * found again.
 */
function asReplayed(parsed: ParsedChatRequest, message: AssistantMessage): AssistantMessage {
  const first = message.tool_calls?.[0];
  if (!parsed.legacyFunctions || !first) return asAnswered(parsed, message);
  const id = legacyCallId(parsed.request.messages.length);
  return { ...message, tool_calls: [{ ...first, id }] };
}

export function createChatRelays(deps: ChatRelayDeps): ChatRelays {
  const {
    metrics,
    memory,
    rememberResponse,
    responseBegun,
    writeStallMs,
    timeouts,
    noteAdjustment,
  } = deps;
  const { noteDroppedToolCallData, clientText, fixWords } = deps;

  /**
   * The notes of one request, for its x-openclaw-notes header: no key, no path of the host.
   * They begin with what `parsed` left out of the request.
   */
  function clientNotes(parsed: ParsedChatRequest): ClientNotes {
    const inClientWords = toolChoiceAsSent(parsed);
    const inClientFields = fieldsAsSent(parsed);
    const notes = new ClientNotes((text) => {
      const own = inClientFields(inClientWords(text));
      return maskKeyShapedNames(clientText === undefined ? own : clientText(own));
    });
    for (const text of parsed.leftOut ?? []) notes.addLasting(text);
    return notes;
  }

  /**
   * Remembers the reasoning of a tool-call turn answered to `parsed`'s conversation, under the
   * calls the client was given: those are the ones it sends back.
   */
  function rememberTurn(parsed: ParsedChatRequest, message: AssistantMessage): void {
    if (message.tool_calls && message.tool_calls.length > 0)
      memory.remember(parsed.request.messages, parsed.user, asReplayed(parsed, message));
  }

  function applyResult(
    record: RequestRecord,
    parsed: ParsedChatRequest,
    result: RunResult,
    asStreamed?: (message: AssistantMessage) => AssistantMessage,
  ): void {
    recordResult(record, result);
    rememberTurn(parsed, asStreamed ? asStreamed(result.message) : result.message);
  }

  /**
   * Follows a run's attempts for one request, streamed or not: counts retries and fallbacks as
   * they happen (failed runs too) and keeps the record's model and trace id current. Returns a
   * function that takes each event (or nothing) and answers with the ref being tried now.
   * What the request sent differs in from the client's goes to `notes` too, for the client.
   */
  function trackAttempts(
    target: GatewayModel,
    record: RequestRecord,
    notes: ClientNotes,
  ): (event: RuntimeEvent | undefined) => string {
    let currentRef = target.chain?.[0] ?? target.id;
    return (event) => {
      if (event?.type === "start") {
        // The transport names the bare model id; the client and the ledger get the ref.
        record.modelUsed = currentRef;
        record.traceId = event.traceId;
        record.upstreamAnswered = true;
        if (event.adjustments)
          for (const text of event.adjustments) {
            noteAdjustment(currentRef, text);
            notes.add(text);
          }
        if (event.learned) for (const text of event.learned) notes.add(text);
      } else if (event?.type === "done" && event.droppedToolCallData) {
        noteDroppedToolCallData(droppedDataLine(currentRef, record, event.droppedToolCallData));
      } else if (event?.type === "retry") {
        metrics.retries.add({ model: event.model });
        const corrected = retryNote(event);
        if (corrected !== undefined) notes.add(corrected);
      } else if (event?.type === "fallback") {
        metrics.fallbacks.add({ from: event.from, to: event.to });
        // No API at the base URL is the config's address, not an id the provider retired. An
        // answer only: a model skipped for its provider's bench (no status) is a fallback step.
        if (event.error.noApiAtBaseUrl) {
          if (event.error.status !== undefined) metrics.noApi(event.from);
        } else if (event.error.status === 404) metrics.notFound(event.from);
        // An answer of the provider (not a model the gateway cannot call, also "not found").
        if (
          event.error.errorClass === "not_found" &&
          event.error.status !== undefined &&
          !event.error.noApiAtBaseUrl
        )
          noteUnknownToProvider(event);
        currentRef = event.to;
        // The answer comes from the next model: what was changed for this one shaped none of it.
        notes.clear();
      }
      return currentRef;
    };
  }

  /**
   * The run for a request: the model as the directory resolved it, never the client's spelling
   * (the directory matches names its own way): the alias the client named, as the config spells
   * it, so the run's advice (a retired model's 404) speaks of the alias; else the canonical ref,
   * or `openclaw`.
   */
  function runOptions(
    target: GatewayModel,
    parsed: ParsedChatRequest,
    signal: CancelSignal,
  ): RunOptions {
    // Asked by the ref itself (most requests): no alias to look for, nothing to allocate.
    const alias = parsed.model === target.id ? undefined : aliasAsked(target, parsed.model);
    const run: RunOptions = { model: alias ?? target.id, request: parsed.request, signal };
    if (timeouts) run.timeouts = timeouts;
    if (parsed.webSearch) run.webSearch = true;
    return run;
  }

  /**
   * Runs a request to its end (no streaming to the client): retries, fallbacks, the record.
   * `onText` hears the answer's text events (their log probabilities travel on them).
   */
  async function completeRun(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    record: RequestRecord,
    signal: CancelSignal,
    notes: ClientNotes,
    onText?: (event: Extract<RuntimeEvent, { type: "text" }>) => void,
  ): Promise<HeldStopResult> {
    const progress = trackAttempts(target, record, notes);
    let result: HeldStopResult;
    try {
      result = await runtime.complete(runOptions(target, parsed, signal), (event) => {
        progress(event);
        if (onText && event.type === "text") onText(event);
      });
    } catch (error) {
      // A failed run is logged under the model it ended on.
      record.modelUsed ??= progress(undefined);
      throw error;
    }
    // Every route's answer, as the client is to get it.
    const answered = asAnswered(parsed, result.message);
    if (answered !== result.message) result = { ...result, message: answered };
    if (parsed.heldStops) result = cutAtHeldStops(result, parsed.heldStops);
    applyResult(record, parsed, result);
    // Nothing streamed to count as it came: the estimate (told and kept) counts the whole answer.
    if (result.usage === undefined || result.usage.missing !== undefined)
      record.streamedTokens = answerTokens(result.message);
    return result;
  }

  /** A whole JSON answer, with the headers that say which request and model it was. */
  function sendAnswer(
    res: ServerResponse,
    record: RequestRecord,
    result: RunResult,
    body: string,
    notes: ClientNotes,
  ): void {
    const headers = responseHeaders(
      JSON_HEADERS,
      record.requestId,
      answeredAs(result.model),
      result.traceId,
    );
    notes.addTo(headers);
    headers["content-length"] = Buffer.byteLength(body);
    res.writeHead(200, headers);
    res.end(body);
  }

  /**
   * A streamed answer's output for `record`; its headers are taken when the first text goes,
   * after any retry and fallback before it, so `notes` holds the corrections of those too.
   */
  function sseOutput(
    res: ServerResponse,
    record: RequestRecord,
    model: string,
    opening: () => string,
    notes: ClientNotes,
  ): SseOutput {
    return createSseOutput({
      res,
      record,
      opening,
      headers: () => {
        const headers = responseHeaders(
          SSE_HEADERS,
          record.requestId,
          answeredAs(record.modelUsed ?? model),
          record.traceId,
        );
        notes.addTo(headers);
        return headers;
      },
      writeStallMs,
    });
  }

  /**
   * Runs a streamed request and writes each event as `writer` renders it; returns how the answer
   * ended, for the caller's closing events. What arrived before a failure is written before the
   * failure propagates (the caller then reports it in-band). Stop sequences the gateway holds
   * (`parsed.heldStops`) cut the text: once one is met nothing more is written, the upstream is
   * cancelled and the answer ends as answered ("stop").
   */
  async function relayEvents(
    runtime: Runtime,
    target: GatewayModel,
    parsed: ParsedChatRequest,
    record: RequestRecord,
    signal: CancelSignal,
    output: SseOutput,
    writer: EventWriter,
    notes: ClientNotes,
  ): Promise<{ finishReason: FinishReason; usage: Usage | undefined; heldStop?: string }> {
    const progress = trackAttempts(target, record, notes);
    writer.setModel(answeredAs(progress(undefined)));
    const stops = parsed.heldStops ? new HeldStopCut(parsed.heldStops, signal) : undefined;
    const runSignal = stops ? stops.signal : signal;
    let finished: { reason: FinishReason; message: AssistantMessage } | undefined;
    let usage: Usage | undefined;
    let result: RunResult | undefined;
    const write = (text: string) => {
      if (text !== "") output.push(text);
    };
    const sink = (event: RuntimeEvent): Promise<void> | undefined => {
      const currentRef = progress(event);
      switch (event.type) {
        case "start":
          writer.setModel(answeredAs(currentRef));
          // Opened early only when this model's answer is the one told: a fallback taking over
          // after message_start went out would answer under the first model's name.
          if (writer.opensOnAccept && !event.fallbackMayFollow) output.open();
          break;
        case "text":
          if (stops) {
            const shown = stops.push(event.delta, event.logprobs);
            if (shown.text !== "") write(writer.text(shown.text, shown.logprobs));
          } else if (event.delta !== "") write(writer.text(event.delta, event.logprobs));
          // Per delta, as the upstream sends about a token in each: the estimate of a cut stream.
          record.streamedTokens += estimateTextTokens(event.delta);
          break;
        case "reasoning":
          if (event.delta !== "" && stops?.met === undefined) write(writer.reasoning(event.delta));
          record.streamedTokens += estimateTextTokens(event.delta);
          break;
        case "tool_call_delta":
          // With parallel_tool_calls false the client gets the first call only (asAnswered).
          if ((parsed.oneToolCall && event.index > 0) || stops?.met !== undefined) break;
          write(writer.toolCallDelta(event));
          record.streamedTokens += estimateTextTokens(event.argumentsDelta);
          break;
        case "tool_call":
          if ((parsed.oneToolCall && event.index > 0) || stops?.met !== undefined) break;
          write(writer.toolCall(event.index, event.toolCall));
          break;
        case "web_search":
          if (stops?.met === undefined) write(writer.webSearch(event));
          break;
        case "usage":
          usage = event.usage;
          break;
        case "done":
          // The text held as the possible start of a stop sequence goes out before the end.
          if (stops) {
            const rest = stops.flush();
            if (rest.text !== "") write(writer.text(rest.text, rest.logprobs));
          }
          finished = {
            reason: stops?.met !== undefined ? "stop" : event.finishReason,
            message: event.message,
          };
          usage = event.usage ?? usage;
          write(writer.done(finished.reason));
          break;
        case "result":
          result = event.result;
          break;
      }
      // The runtime pauses the upstream until the client has read what was written.
      return output.drained(runSignal);
    };
    try {
      await runtime.relay(runOptions(target, parsed, runSignal), sink);
    } catch (error) {
      record.modelUsed ??= progress(undefined);
      // What arrived before the failure goes out first; the error follows it in-band.
      output.flushNow();
      if (!stops?.endedRun(error, record)) throw error;
      // Cancelled at a held stop: the upstream reported no usage before, the estimate counts it.
      if (!finished) write(writer.done("stop"));
      return { finishReason: "stop", usage: undefined, heldStop: stops.met };
    } finally {
      stops?.release();
    }
    const asStreamed = writer.asStreamed?.bind(writer);
    if (result) applyResult(record, parsed, result, asStreamed);
    else if (finished)
      rememberTurn(parsed, asStreamed ? asStreamed(finished.message) : finished.message);
    usage = record.usage ?? usage;
    record.usage = usage;
    if (stops?.met !== undefined) return { finishReason: "stop", usage, heldStop: stops.met };
    return { finishReason: result?.finishReason ?? finished?.reason ?? "stop", usage };
  }

  /**
   * A model of the chain the provider does not know (an id it retired, or one the key may not
   * use): the client gets its answer from the fallback and sees nothing wrong, so the operator is
   * told, with what to run, or the chain keeps paying for that 404 unnoticed.
   */
  function noteUnknownToProvider(event: Extract<RuntimeEvent, { type: "fallback" }>): void {
    // A 404 with nothing in it names no id as unknown: the base URL is as likely, and checked first.
    if (isEmpty404(event.error)) {
      noteAdjustment(
        event.from,
        `the provider ${EMPTY_404} for it, ${EMPTY_404_UNTOLD}, so requests fall back to ${event.to}; ${event.error.hint === undefined ? seeWhatKeyMayUse(event.error.provider, fixWords) : withFixWords(event.error.hint, fixWords)}`,
      );
      return;
    }
    noteAdjustment(
      event.from,
      `the provider answers 404 for it (an id it retired, or one this key may not use), so requests fall back to ${event.to}; ${seeWhatKeyMayUse(event.error.provider, fixWords, true)}, then change the default model or its fallbacks${fixWords?.configObject === undefined ? "" : ` in ${fixWords.configObject}`}`,
    );
  }

  /** A client in the deprecated functions form gets the first of several calls only: say so. */
  function noteLegacyDropped(model: string, calls: number | undefined): void {
    if (calls === undefined || calls < 2) return;
    noteAdjustment(
      model,
      "answered several tool calls at once; a client that sent the deprecated functions field gets the first only (send tools to get them all)",
    );
  }

  const complete: Relay = async (runtime, target, parsed, res, record, signal) => {
    let logprobs: ChoiceLogprobs | undefined;
    const notes = clientNotes(parsed);
    const result = await completeRun(runtime, target, parsed, record, signal, notes, (event) => {
      if (event.logprobs) logprobs = mergeLogprobs(logprobs, event.logprobs);
    });
    // An answer cut at a held stop sequence: the tokens of the text left.
    if (parsed.heldStops && logprobs)
      logprobs = logprobsOfText(logprobs, answerText(result.message));
    if (parsed.legacyFunctions) noteLegacyDropped(result.model, result.message.tool_calls?.length);
    const body = completionBody({
      logprobs,
      legacyFunctions: parsed.legacyFunctions,
      id: record.requestId,
      created: Math.floor(record.ts / 1000),
      model: answeredAs(result.model),
      message: result.message,
      finishReason: result.finishReason,
      usage: wholeAnswerUsage(result.usage, record, parsed.request, notes),
    });
    sendAnswer(res, record, result, body, notes);
  };

  const stream: Relay = async (runtime, target, parsed, res, record, signal) => {
    const encoder = new ChunkEncoder(
      record.requestId,
      Math.floor(record.ts / 1000),
      answeredAs(target.chain?.[0] ?? target.id),
      parsed.legacyFunctions,
      parsed.includeUsage,
    );
    const notes = clientNotes(parsed);
    const output = sseOutput(res, record, parsed.model, () => encoder.role(), notes);
    // Tool calls one whole call after another, as OpenAI streams them (see chat-stream-writer.ts).
    const writer = chatStreamWriter(encoder);
    const { usage } = await relayEvents(
      runtime,
      target,
      parsed,
      record,
      signal,
      output,
      // Each handler named, not spread from the writer: an object spread and then extended gets a
      // hidden class of its own on Node 20, garbage that every streamed request would pay.
      {
        setModel: writer.setModel,
        text: writer.text,
        reasoning: writer.reasoning,
        toolCallDelta: (event) => {
          if (parsed.legacyFunctions && event.index > 0)
            noteLegacyDropped(record.modelUsed ?? target.id, event.index + 1);
          return writer.toolCallDelta(event);
        },
        toolCall: writer.toolCall,
        // Chat chunks have no place for it: an SSE comment (which clients skip, as they do
        // Moonshot's own keep-alives) opens the stream and shows progress while Moonshot searches.
        webSearch: () => ": searched the web\n\n",
        done: writer.done,
        asStreamed: writer.asStreamed,
      },
      notes,
    );
    // OpenAI promises the client that asked for usage a last chunk with `choices: []` and it.
    const usageChunk = parsed.includeUsage
      ? closeWithUsage(usage, record, parsed.request, (told) => encoder.usage(told))
      : "";
    output.end(usageChunk + encoder.done());
  };

  const response: ChatRelays["response"] = async (
    runtime,
    target,
    parsed,
    res,
    record,
    signal,
    body,
  ) => {
    const meta = {
      id: record.requestId,
      createdAt: Math.floor(record.ts / 1000),
      model: answeredAs(target.chain?.[0] ?? target.id),
      echo: requestEcho(body),
      reasoningBlob: wantsReasoningBlob(isRecord(body) ? body.include : undefined),
      customTools: customToolNames(isRecord(body) ? body.tools : undefined),
      namespacedTools: namespacedToolNames(isRecord(body) ? body.tools : undefined),
    };
    const notes = clientNotes(parsed);
    if (!parsed.stream) {
      let logprobs: ChoiceLogprobs | undefined;
      const result = await completeRun(runtime, target, parsed, record, signal, notes, (event) => {
        if (event.logprobs) logprobs = mergeLogprobs(logprobs, event.logprobs);
      });
      const response = responseObject(
        { ...meta, model: answeredAs(result.model) },
        result.message,
        result.finishReason,
        wholeAnswerUsage(result.usage, record, parsed.request, notes),
        result.webSearches,
        tokenLogprobs(logprobs),
      );
      rememberResponse(
        responseIdOf(meta.id),
        body,
        response.output as Record<string, unknown>[],
        response,
      );
      sendAnswer(res, record, result, JSON.stringify(response), notes);
      return;
    }
    let ended: (() => void) | undefined;
    // From response.created on, a client may fetch the response (as it stands) by its id.
    const encoder: ResponseEventEncoder = new ResponseEventEncoder(meta, () => {
      ended = responseBegun(responseIdOf(meta.id), body, () => encoder.inProgress());
    });
    const output = sseOutput(res, record, parsed.model, () => encoder.start(), notes);
    record.inBandError = (error) =>
      encoder.failure(responseErrorCode(error), error.clientMessage());
    try {
      // Function-call arguments stream as they come; the response closes once the usage is known.
      const { finishReason, usage } = await relayEvents(
        runtime,
        target,
        parsed,
        record,
        signal,
        output,
        {
          ...blockWriter(encoder, (delta, logprobs) =>
            encoder.text(delta, tokenLogprobs(logprobs)),
          ),
          webSearch: (search) => encoder.webSearch(search),
        },
        notes,
      );
      output.end(
        closeWithUsage(usage, record, parsed.request, (told) => encoder.finish(finishReason, told)),
      );
      rememberResponse(responseIdOf(meta.id), body, encoder.items(), encoder.finished());
    } finally {
      ended?.();
    }
  };

  const message: Relay = async (runtime, target, parsed, res, record, signal) => {
    const id = messageIdOf(record.requestId);
    const notes = clientNotes(parsed);
    if (!parsed.stream) {
      const result = await completeRun(runtime, target, parsed, record, signal, notes);
      const answer = messageObject(
        id,
        answeredAs(result.model),
        result.message,
        result.finishReason,
        wholeAnswerUsage(result.usage, record, parsed.request, notes),
        result.webSearches,
        result.heldStop,
        parsed.thinkingOmitted,
      );
      sendAnswer(res, record, result, JSON.stringify(answer), notes);
      return;
    }
    const encoder = new MessageEventEncoder(
      id,
      answeredAs(target.chain?.[0] ?? target.id),
      estimateRequestTokens(parsed.request),
      parsed.thinkingOmitted,
    );
    const output = sseOutput(res, record, parsed.model, () => encoder.start(), notes);
    record.inBandError = (error) =>
      encoder.failure(messagesErrorOf(error).type, messagesErrorMessage(error));
    const { finishReason, usage, heldStop } = await relayEvents(
      runtime,
      target,
      parsed,
      record,
      signal,
      output,
      {
        ...blockWriter(encoder, (delta) => encoder.text(delta)),
        webSearch: (search) => encoder.webSearch(search),
        // Anthropic sends message_start as the message begins: a client sees the request taken
        // while a thinking model is silent.
        opensOnAccept: true,
      },
      notes,
    );
    output.end(
      closeWithUsage(usage, record, parsed.request, (told) =>
        encoder.finish(finishReason, told, heldStop),
      ),
    );
  };

  const textCompletion: ChatRelays["textCompletion"] = async (
    runtime,
    target,
    parsed,
    res,
    record,
    signal,
    rules,
  ) => {
    const { echoed } = rules;
    const id = completionIdOf(record.requestId);
    const created = Math.floor(record.ts / 1000);
    const notes = clientNotes(parsed);
    // `logprobs: N` asked: the chat tokens, given as the text they begin in reaches the client.
    const tokens = rules.logprobs ? new LegacyLogprobTokens() : undefined;
    if (!parsed.stream) {
      let logprobs: ChoiceLogprobs | undefined;
      const result = await completeRun(
        runtime,
        target,
        parsed,
        record,
        signal,
        notes,
        tokens &&
          ((event) => {
            if (event.logprobs) logprobs = mergeLogprobs(logprobs, event.logprobs);
          }),
      );
      const text = answerText(result.message);
      const body = textCompletionBody({
        id,
        created,
        model: answeredAs(result.model),
        text: echoed + text,
        finishReason: result.finishReason,
        logprobs: tokens?.take(text, logprobs),
        usage: wholeAnswerUsage(result.usage, record, parsed.request, notes),
      });
      sendAnswer(res, record, result, body, notes);
      return;
    }
    const encoder = new TextCompletionEncoder(
      id,
      created,
      answeredAs(target.chain?.[0] ?? target.id),
      parsed.includeUsage,
    );
    const output = sseOutput(res, record, parsed.model, () => encoder.text(echoed), notes);
    // Text alone goes out: no tools are offered, and reasoning is never part of a completion.
    const { finishReason, usage } = await relayEvents(
      runtime,
      target,
      parsed,
      record,
      signal,
      output,
      {
        setModel: (model) => encoder.setModel(model),
        text: (delta, logprobs) => encoder.text(delta, tokens?.take(delta, logprobs)),
        reasoning: () => "",
        toolCallDelta: () => "",
        toolCall: () => "",
        webSearch: () => "",
        done: () => "",
      },
      notes,
    );
    const usageChunk = parsed.includeUsage
      ? closeWithUsage(usage, record, parsed.request, (told) => encoder.usage(told))
      : "";
    output.end(encoder.finish(finishReason) + usageChunk + encoder.done());
  };

  return { complete, stream, response, message, textCompletion };
}

/**
 * The operator's line for arguments left out of a request's tool calls: which model, request,
 * trace and calls, and how much of each; never the arguments themselves.
 */
export function droppedDataLine(
  model: string,
  record: Pick<RequestRecord, "requestId" | "traceId">,
  dropped: readonly DroppedToolCallData[],
): string {
  const calls = dropped.map((call) => ({
    id: call.id,
    about: [call.webSearch ? "$web_search" : `index ${call.index}`],
    characters: call.characters,
  }));
  const trace = record.traceId === undefined ? "" : `, trace ${printable(record.traceId)}`;
  return `gateway: ${maskKeyShapedNames(model)}: request ${record.requestId}${trace}: ${droppedToolCallSentence("the upstream", calls)}`;
}

/** The alias of `target` the client's `model` names, as the config spells it; undefined for none. */
function aliasAsked(target: GatewayModel, model: string): string | undefined {
  const asked = model.trim().toLowerCase();
  return target.aliases.find((name) => name.toLowerCase() === asked);
}
