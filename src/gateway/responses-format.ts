/**
 * Runtime results and events in the shape of OpenAI's Responses API: the `response` object, and
 * the typed server-sent events of a streamed one (`response.created`, output items opened,
 * filled by deltas and closed, then `response.completed`). A thinking model's reasoning is a
 * `reasoning` item ahead of the answer, its text in the item's summary: Kimi's reasoning is not
 * summarised, but the summary is what clients (the Vercel AI SDK, Codex) read and show. A call
 * of one of the request's custom tools is a `custom_tool_call` item, its input the text the
 * function call upstream held (`custom-tools.ts`), streamed with its own events.
 * Pure: no I/O.
 */
import { assistantText } from "../providers/index.js";
import type { AssistantMessage, FinishReason, ToolCall, Usage } from "../providers/types.js";
import type { WebSearch } from "../runtime/types.js";
import { isRecord } from "../util/is-record.js";
import { CustomInputReader, customInputOf } from "./custom-tools.js";
import { finishedArguments } from "./finished-arguments.js";
import { reasoningBlob, streamedReasoningBlob } from "./reasoning-blob.js";
import type { NamespacedName } from "./responses-namespaces.js";

type Obj = Record<string, unknown>;

export interface ResponseMeta {
  /** The gateway's request id; items' ids derive from it. */
  id: string;
  createdAt: number;
  model: string;
  /** What the request asked for, as a response repeats it (`requestEcho`). */
  echo: Obj;
  /**
   * The request's `include` asked for `reasoning.encrypted_content`: finished reasoning items
   * carry it, so a client that keeps the conversation itself can send the reasoning back.
   */
  reasoningBlob: boolean;
  /**
   * The names of the request's custom tools: a call of one is a `custom_tool_call` item whose
   * input is the text its function call upstream held (`custom-tools.ts`).
   */
  customTools?: ReadonlySet<string>;
  /** The request's namespaces' functions by the flat name they went upstream by. */
  namespacedTools?: ReadonlyMap<string, NamespacedName>;
}

/** The request fields a `response` object repeats, with OpenAI's defaults for those left out. */
export function requestEcho(body: unknown): Obj {
  const request = isRecord(body) ? body : {};
  const pick = (field: string, fallback: unknown) => request[field] ?? fallback;
  return {
    instructions: pick("instructions", null),
    max_output_tokens: pick("max_output_tokens", null),
    parallel_tool_calls: pick("parallel_tool_calls", true),
    max_tool_calls: pick("max_tool_calls", null),
    temperature: pick("temperature", null),
    top_p: pick("top_p", null),
    tool_choice: pick("tool_choice", "auto"),
    tools: pick("tools", []),
    metadata: pick("metadata", {}),
    user: pick("user", null),
    previous_response_id: pick("previous_response_id", null),
    reasoning: reasoningEcho(request.reasoning),
    truncation: pick("truncation", "disabled"),
    top_logprobs: pick("top_logprobs", null),
    prompt_cache_key: pick("prompt_cache_key", null),
    safety_identifier: pick("safety_identifier", null),
    // The format asked for (JSON mode, a schema), with plain text where none was.
    text: { format: { type: "text" }, ...(isRecord(request.text) ? request.text : {}) },
  };
}

/** `reasoning` as a response repeats it: the effort and summary asked for, null for those not. */
function reasoningEcho(reasoning: unknown): Obj {
  const asked = isRecord(reasoning) ? reasoning : {};
  return { effort: asked.effort ?? null, summary: asked.summary ?? asked.generate_summary ?? null };
}

function responsesUsage(usage: Usage | undefined): Obj | null {
  if (!usage) return null;
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.completionTokens,
    // What the provider reported; 0 when it reports nothing (Moonshot's answers do not say).
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens,
  };
}

/**
 * A reasoning item; its `encrypted_content` (when asked for) is `blobOf` the text, which puts the
 * upstream's signature of it in the blob when there is one.
 */
function reasoningItem(
  meta: ResponseMeta,
  id: string,
  text: string,
  blobOf: (text: string) => string,
  status?: string,
): Obj {
  const item: Obj = { type: "reasoning", id, summary: [{ type: "summary_text", text }] };
  if (meta.reasoningBlob) item.encrypted_content = blobOf(text);
  if (status === "incomplete") item.status = status;
  return item;
}

function messageItem(id: string, text: string, status: string, logprobs: unknown[] = []): Obj {
  return {
    type: "message",
    id,
    status,
    role: "assistant",
    content: [{ type: "output_text", text, annotations: [], logprobs }],
  };
}

/**
 * A function call's item; one still `in_progress` has its arguments as streamed so far. A call of
 * a namespace's function has its `namespace` and `name` apart, as the client offered it.
 */
function functionCallItem(meta: ResponseMeta, id: string, call: ToolCall, status: string): Obj {
  const args = call.function.arguments;
  const namespaced = meta.namespacedTools?.get(call.function.name);
  return {
    type: "function_call",
    id,
    call_id: call.id,
    ...(namespaced ?? { name: call.function.name }),
    arguments: status === "in_progress" ? args : finishedArguments(args),
    status,
  };
}

/** A custom tool's call: its `input` is the text, as read from the function call's arguments. */
function customToolCallItem(id: string, call: ToolCall, status: string, input: string): Obj {
  return {
    type: "custom_tool_call",
    id,
    status,
    call_id: call.id,
    name: call.function.name,
    input,
  };
}

/** Whether a call is of one of the request's custom tools. */
function isCustom(meta: ResponseMeta, name: string | undefined): boolean {
  return name !== undefined && meta.customTools?.has(name) === true;
}

/** The id of a call's item: OpenAI's prefix for a function call or a custom tool call. */
function callItemId(meta: ResponseMeta, name: string | undefined, index: number): string {
  return `${isCustom(meta, name) ? "ctc" : "fc"}_${meta.id}_${index}`;
}

/**
 * A web search Moonshot ran. Its action has the query, as OpenAI's does, when the model's
 * `$web_search` call said it (a client such as Codex shows it as what was searched); Moonshot's
 * call may carry only an id for the search, and then the action says no more than "search".
 * No `sources`: Moonshot does not tell the caller which pages it read.
 */
function webSearchItem(id: string, status: string, query: string | undefined): Obj {
  const action = query === undefined ? { type: "search" } : { type: "search", query };
  return { type: "web_search_call", id, status, action };
}

/** The whole `response` object, with the given status and output. */
/** The id a response gets: its request's id, prefixed as OpenAI's are. */
export function responseIdOf(requestId: string): string {
  return `resp_${requestId}`;
}

function responseShell(
  meta: ResponseMeta,
  status: string,
  output: Obj[],
  usage: Usage | undefined,
  finishReason: FinishReason | undefined,
): Obj {
  const reason = finishReason === undefined ? undefined : incompleteReasonOf(finishReason);
  return {
    id: responseIdOf(meta.id),
    object: "response",
    created_at: meta.createdAt,
    status,
    error: null,
    incomplete_details: reason === undefined ? null : { reason },
    model: meta.model,
    output,
    ...meta.echo,
    usage: responsesUsage(usage),
  };
}

/**
 * Why an answer is incomplete, as OpenAI's `incomplete_details.reason` says it: the token cap,
 * or the provider's content filter withholding the rest (a Moonshot `content_filter` finish);
 * undefined for an answer the model finished.
 */
function incompleteReasonOf(
  reason: FinishReason,
): "max_output_tokens" | "content_filter" | undefined {
  if (reason === "length") return "max_output_tokens";
  if (reason === "content_filter") return "content_filter";
  return undefined;
}

function finalStatus(reason: FinishReason): string {
  return incompleteReasonOf(reason) === undefined ? "completed" : "incomplete";
}

/** The non-streamed answer: the web searches, reasoning, then the text, then the function calls. */
export function responseObject(
  meta: ResponseMeta,
  message: AssistantMessage,
  finishReason: FinishReason,
  usage: Usage | undefined,
  webSearches: readonly WebSearch[] = [],
  logprobs: unknown[] = [],
): { output: Obj[] } & Obj {
  const output: Obj[] = [];
  webSearches.forEach((search, i) => {
    output.push(webSearchItem(`ws_${meta.id}_${i}`, "completed", search.query));
  });
  // Cut at the token cap (or by the content filter): the last item, the one cut off (a function
  // call's arguments, else the answer's text, else its reasoning), is `incomplete`, as OpenAI
  // marks it; the items before it were finished.
  const cut = incompleteReasonOf(finishReason) !== undefined;
  const text = assistantText(message);
  const calls = message.tool_calls ?? [];
  if (message.reasoning_content) {
    const status = cut && text === "" && calls.length === 0 ? "incomplete" : undefined;
    const blobOf = (text: string) => reasoningBlob(text, message.reasoning_signature);
    output.push(reasoningItem(meta, `rs_${meta.id}`, message.reasoning_content, blobOf, status));
  }
  // An answer with no text has no message item, as when streamed; one with nothing at all has
  // its one empty message.
  if (text !== "" || (output.length === 0 && calls.length === 0)) {
    const status = cut && calls.length === 0 ? "incomplete" : "completed";
    output.push(messageItem(`msg_${meta.id}`, text, status, logprobs));
  }
  calls.forEach((call, index) => {
    const status = cut && index === calls.length - 1 ? "incomplete" : "completed";
    const id = callItemId(meta, call.function.name, index);
    output.push(
      isCustom(meta, call.function.name)
        ? customToolCallItem(id, call, status, customInputOf(call.function.arguments))
        : functionCallItem(meta, id, call, status),
    );
  });
  return { ...responseShell(meta, finalStatus(finishReason), output, usage, finishReason), output };
}

/** An item being streamed; `logprobs` are a message's token log probabilities so far. */
type OpenItem = {
  kind: "reasoning" | "message";
  index: number;
  id: string;
  text: string;
  logprobs: unknown[];
};

/**
 * The events of one streamed response, in order. Each method returns the SSE text to write
 * (possibly several events). A reasoning or message item is closed before the next item opens;
 * a function call's item stays open until the call is complete.
 */
export class ResponseEventEncoder {
  private sequence = 0;
  private readonly output: Obj[] = [];
  private open: OpenItem | undefined;
  /** Function calls being streamed, by the upstream's call index. */
  private readonly calls = new Map<
    number,
    { id?: string; name?: string; args: string; item?: { id: string; index: number } }
  >();
  /**
   * The last function call completed, its `done` events held back until another item opens or
   * the response ends: a call the token cap cut off is only known as such at the end.
   */
  private lastCall: { item: { id: string; index: number }; call: ToolCall } | undefined;
  /** The input read so far of each custom tool call being streamed, by its item's id. */
  private readonly inputs = new Map<string, CustomInputReader>();
  private started = false;
  private readonly meta: ResponseMeta;
  private final: Obj | undefined;
  /** Told once, as `response.created` is rendered (whichever event first needs it). */
  private readonly onCreated: (() => void) | undefined;

  constructor(meta: ResponseMeta, onCreated?: () => void) {
    this.meta = { ...meta };
    this.onCreated = onCreated;
  }

  /** The model is known once the upstream answered (a fallback may have taken over). */
  setModel(model: string): void {
    this.meta.model = model;
  }

  private event(type: string, fields: Obj): string {
    const data = JSON.stringify({ type, sequence_number: this.sequence++, ...fields });
    return `event: ${type}\ndata: ${data}\n\n`;
  }

  /** `response.created` and `response.in_progress`, once. */
  start(): string {
    if (this.started) return "";
    this.started = true;
    this.onCreated?.();
    const response = this.inProgress();
    return (
      this.event("response.created", { response }) +
      this.event("response.in_progress", { response })
    );
  }

  /**
   * The response as it stands while streamed, for a client that fetches it meanwhile:
   * `in_progress`, its output left empty until the response has ended.
   */
  inProgress(): Obj {
    return responseShell(this.meta, "in_progress", [], undefined, undefined);
  }

  /**
   * Ends the open text or reasoning item: `completed` when the model finished it, `incomplete`
   * when a failure cut it off.
   */
  private closeOpen(status: "completed" | "incomplete" = "completed"): string {
    const item = this.open;
    if (!item) return this.closeLastCall(status);
    this.open = undefined;
    if (item.kind === "reasoning") {
      const done = reasoningItem(this.meta, item.id, item.text, streamedReasoningBlob, status);
      this.output[item.index] = done;
      const at = { item_id: item.id, output_index: item.index, summary_index: 0 };
      return (
        this.event("response.reasoning_summary_text.done", { ...at, text: item.text }) +
        this.event("response.reasoning_summary_part.done", {
          ...at,
          part: { type: "summary_text", text: item.text },
        }) +
        this.event("response.output_item.done", { output_index: item.index, item: done })
      );
    }
    const at = { item_id: item.id, output_index: item.index, content_index: 0 };
    const done = messageItem(item.id, item.text, status, item.logprobs);
    this.output[item.index] = done;
    return (
      this.event("response.output_text.done", { ...at, text: item.text, logprobs: item.logprobs }) +
      this.event("response.content_part.done", {
        ...at,
        part: { type: "output_text", text: item.text, annotations: [], logprobs: item.logprobs },
      }) +
      this.event("response.output_item.done", { output_index: item.index, item: done })
    );
  }

  /** Ends the function call completed last (see `lastCall`) with the given status. */
  private closeLastCall(status: "completed" | "incomplete"): string {
    const held = this.lastCall;
    if (!held) return "";
    this.lastCall = undefined;
    return this.closeCall(held.item, held.call, status);
  }

  private closeCall(
    item: { id: string; index: number },
    call: ToolCall,
    status: "completed" | "incomplete",
  ): string {
    const reader = this.inputs.get(item.id);
    if (reader) return this.closeCustomCall(item, call, status, reader);
    const done = functionCallItem(this.meta, item.id, call, status);
    this.output[item.index] = done;
    // A call with no arguments streamed none (or whitespace alone): the `{}` finishing them is
    // one last delta, so that the deltas a client joins are the `done` event's arguments.
    const streamed = call.function.arguments;
    const rest = (done.arguments as string).slice(streamed.length);
    return (
      (rest !== "" ? this.argumentsDelta(item, rest) : "") +
      this.event("response.function_call_arguments.done", {
        item_id: item.id,
        output_index: item.index,
        arguments: done.arguments,
      }) +
      this.event("response.output_item.done", { output_index: item.index, item: done })
    );
  }

  /**
   * Ends a custom tool call: what its arguments hold of the input beyond what was streamed is
   * one last delta, so that the deltas a client joins are the `done` event's input.
   */
  private closeCustomCall(
    item: { id: string; index: number },
    call: ToolCall,
    status: "completed" | "incomplete",
    reader: CustomInputReader,
  ): string {
    this.inputs.delete(item.id);
    const input = customInputOf(call.function.arguments, reader.text);
    const done = customToolCallItem(item.id, call, status, input);
    this.output[item.index] = done;
    const at = { item_id: item.id, output_index: item.index };
    const rest = input.slice(reader.text.length);
    return (
      (rest === ""
        ? ""
        : this.event("response.custom_tool_call_input.delta", { ...at, delta: rest })) +
      this.event("response.custom_tool_call_input.done", { ...at, input }) +
      this.event("response.output_item.done", { output_index: item.index, item: done })
    );
  }

  private openItem(kind: OpenItem["kind"]): string {
    let out = this.start() + this.closeOpen();
    const index = this.output.length;
    const id =
      kind === "reasoning" ? `rs_${this.meta.id}_${index}` : `msg_${this.meta.id}_${index}`;
    const item =
      kind === "reasoning"
        ? { type: "reasoning", id, summary: [] }
        : {
            type: "message",
            id,
            status: "in_progress",
            role: "assistant",
            content: [],
          };
    this.output.push(item);
    this.open = { kind, index, id, text: "", logprobs: [] };
    out += this.event("response.output_item.added", { output_index: index, item });
    if (kind === "reasoning") {
      out += this.event("response.reasoning_summary_part.added", {
        item_id: id,
        output_index: index,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      });
    } else {
      out += this.event("response.content_part.added", {
        item_id: id,
        output_index: index,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [], logprobs: [] },
      });
    }
    return out;
  }

  reasoning(delta: string): string {
    let out = this.open?.kind === "reasoning" ? "" : this.openItem("reasoning");
    const item = this.open as OpenItem;
    item.text += delta;
    out += this.event("response.reasoning_summary_text.delta", {
      item_id: item.id,
      output_index: item.index,
      summary_index: 0,
      delta,
    });
    return out;
  }

  /** A piece of the answer's text, with the log probabilities of its tokens when asked for. */
  text(delta: string, logprobs: unknown[] = []): string {
    let out = this.open?.kind === "message" ? "" : this.openItem("message");
    const item = this.open as OpenItem;
    item.text += delta;
    item.logprobs.push(...logprobs);
    out += this.event("response.output_text.delta", {
      item_id: item.id,
      output_index: item.index,
      content_index: 0,
      delta,
      logprobs,
    });
    return out;
  }

  /**
   * A fragment of a function call's arguments. The call's item opens once its id and name are
   * known (fragments before that are held back) and stays open until `toolCall` completes it.
   */
  toolCallDelta(
    index: number,
    id: string | undefined,
    name: string | undefined,
    delta: string,
  ): string {
    let call = this.calls.get(index);
    if (!call) {
      call = { args: "" };
      this.calls.set(index, call);
    }
    call.id ??= id;
    call.name ??= name;
    call.args += delta;
    if (call.item) {
      return delta === "" ? "" : this.argumentsDelta(call.item, delta);
    }
    if (call.id === undefined || call.name === undefined) return "";
    let out = this.start() + this.closeOpen();
    const outputIndex = this.output.length;
    const itemId = callItemId(this.meta, call.name, outputIndex);
    const started: ToolCall = {
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: "" },
    };
    const custom = isCustom(this.meta, call.name);
    if (custom) this.inputs.set(itemId, new CustomInputReader());
    const opening = custom
      ? customToolCallItem(itemId, started, "in_progress", "")
      : functionCallItem(this.meta, itemId, started, "in_progress");
    this.output.push(opening);
    call.item = { id: itemId, index: outputIndex };
    out += this.event("response.output_item.added", { output_index: outputIndex, item: opening });
    if (call.args !== "") out += this.argumentsDelta(call.item, call.args);
    return out;
  }

  /** A fragment of a call's arguments: a custom tool call's tells the input it adds, if any. */
  private argumentsDelta(item: { id: string; index: number }, delta: string): string {
    const reader = this.inputs.get(item.id);
    if (reader) {
      const text = reader.push(delta);
      if (text === "") return "";
      return this.event("response.custom_tool_call_input.delta", {
        item_id: item.id,
        output_index: item.index,
        delta: text,
      });
    }
    return this.event("response.function_call_arguments.delta", {
      item_id: item.id,
      output_index: item.index,
      delta,
    });
  }

  /**
   * A function call complete: its item closed with the call's final arguments. A call never
   * streamed (or whose id or name came late) is opened here, its arguments in one delta.
   */
  toolCall(callIndex: number, call: ToolCall): string {
    let out = "";
    let item = this.calls.get(callIndex)?.item;
    if (!item) {
      this.calls.delete(callIndex);
      out += this.toolCallDelta(callIndex, call.id, call.function.name, call.function.arguments);
      item = this.calls.get(callIndex)?.item as { id: string; index: number };
    }
    this.calls.delete(callIndex);
    // The call before it was finished: this one's `done` waits (see `lastCall`).
    if (this.lastCall) out += this.closeLastCall("completed");
    this.lastCall = { item, call };
    return out;
  }

  /**
   * A web search Moonshot ran for the model: its item opened and closed at once (the search is
   * over by the time it is known), with OpenAI's progress events between.
   */
  webSearch(search: WebSearch): string {
    let out = this.start() + this.closeOpen();
    const index = this.output.length;
    const id = `ws_${this.meta.id}_${index}`;
    this.output.push(webSearchItem(id, "completed", search.query));
    const at = { item_id: id, output_index: index };
    out += this.event("response.output_item.added", {
      output_index: index,
      item: webSearchItem(id, "in_progress", search.query),
    });
    for (const step of ["in_progress", "searching", "completed"])
      out += this.event(`response.web_search_call.${step}`, at);
    out += this.event("response.output_item.done", {
      output_index: index,
      item: this.output[index],
    });
    return out;
  }

  /** The output items so far (all of them once `finish` has run). */
  items(): readonly Obj[] {
    return this.output;
  }

  /**
   * Closes what is open and ends with `response.completed` (or `.incomplete` at the token cap or
   * the content filter).
   */
  finish(reason: FinishReason, usage: Usage | undefined): string {
    // An answer with no text and no calls still has its (empty) message, as when not streamed.
    let out = this.output.length === 0 ? this.openItem("message") : this.start();
    // What the token cap (or the content filter) cut off, the last item, ends `incomplete`, as
    // OpenAI marks it; the items before it were finished.
    const last = this.output.length - 1;
    const cut = incompleteReasonOf(reason) !== undefined;
    const statusOf = (index: number) => (cut && index === last ? "incomplete" : "completed");
    if (this.open) out += this.closeOpen(statusOf(this.open.index));
    if (this.lastCall) out += this.closeLastCall(statusOf(this.lastCall.item.index));
    // Calls whose completion never came close with the arguments received.
    for (const call of this.calls.values()) {
      if (!call.item) continue;
      out += this.closeCall(
        call.item,
        {
          id: call.id ?? "",
          type: "function",
          function: { name: call.name ?? "", arguments: call.args },
        },
        statusOf(call.item.index),
      );
    }
    this.calls.clear();
    const status = finalStatus(reason);
    const response = responseShell(this.meta, status, this.output, usage, reason);
    this.final = response;
    out += this.event(status === "incomplete" ? "response.incomplete" : "response.completed", {
      response,
    });
    return out;
  }

  /** The response object `finish` closed the stream with (undefined before, or after a failure). */
  finished(): Obj | undefined {
    return this.final;
  }

  /**
   * A failure after the stream began: what was open ends as `incomplete` (a function call with
   * the arguments received so far), then an `error` event and `response.failed`, whose output
   * has no item left `in_progress`. Both name the failure by the same `code` (one of those OpenAI
   * documents for a response's error), so a client that reads either classifies it alike.
   */
  failure(code: string, message: string): string {
    // A call completed before the failure was finished; what was still open was cut.
    let out = this.start() + this.closeLastCall("completed") + this.closeOpen("incomplete");
    for (const call of this.calls.values()) {
      if (!call.item) continue;
      const made: ToolCall = {
        id: call.id ?? "",
        type: "function",
        function: { name: call.name ?? "", arguments: call.args },
      };
      const reader = this.inputs.get(call.item.id);
      const cut = reader
        ? customToolCallItem(
            call.item.id,
            made,
            "incomplete",
            customInputOf(call.args, reader.text),
          )
        : functionCallItem(this.meta, call.item.id, made, "incomplete");
      this.output[call.item.index] = cut;
      out += this.event("response.output_item.done", { output_index: call.item.index, item: cut });
    }
    this.calls.clear();
    out += this.event("error", { code, message, param: null });
    const response = responseShell(this.meta, "failed", this.output, undefined, undefined);
    response.error = { code, message };
    out += this.event("response.failed", { response });
    return out;
  }
}
