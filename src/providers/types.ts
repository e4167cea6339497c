/**
 * The conversation and event types shared by every transport, the runtime, the agent and the
 * gateway. Messages use the OpenAI chat-completions shape (snake_case) on purpose: it is the wire
 * format of our one API, so the gateway can pass client messages through without converting them,
 * and `reasoning_content` (Moonshot's thinking text) rides along on assistant turns.
 */
import type { ResolvedModel } from "../catalog/types.js";
import type { CancelSignal } from "../util/cancellation.js";

/** A piece of text in a message's content list. */
export interface TextPart {
  /** Always "text". */
  type: "text";
  /** The text. */
  text: string;
}
/** An image in a user message's content list, for a model whose `input` includes "image". */
export interface ImagePart {
  /** Always "image_url". */
  type: "image_url";
  /**
   * The image: a data URL (`data:image/png;base64,…`) or a web address; `detail` as OpenAI defines
   * it.
   */
  image_url: {
    /** A data URL (`data:image/png;base64,…`) or a web address of the image. */
    url: string;
    /** How closely the model looks at the image, as OpenAI defines it; sent as given. */
    detail?: "auto" | "low" | "high";
  };
}
/**
 * A video, as Moonshot's chat API takes it for kimi-k2.5: a base64 data URL
 * (`data:video/mp4;base64,…`) or a file uploaded to Moonshot (`ms://<file id>`).
 */
export interface VideoPart {
  /** Always "video_url". */
  type: "video_url";
  /** The video's data URL or `ms://` file reference. */
  video_url: {
    /** A base64 data URL (`data:video/mp4;base64,…`) or `ms://<file id>`. */
    url: string;
  };
}
/** One part of a user message's content: text, an image or a video. */
export type ContentPart = TextPart | ImagePart | VideoPart;

/** A call the model made to one of the request's tools. */
export interface ToolCall {
  /** Kept byte for byte: Moonshot ids look like `functions.get_time:0`. */
  id: string;
  /** Always "function". */
  type: "function";
  /** The tool's name, and its arguments as the model wrote them: a JSON text, not parsed. */
  function: {
    /** The name of the tool called, one of the request's tools (`$web_search` for Moonshot's). */
    name: string;
    /** The arguments as the model wrote them: a JSON text, not parsed (it may not be valid). */
    arguments: string;
  };
}

/**
 * Instructions for the model. A "developer" one goes as "system" to a model that does not take that
 * role.
 */
export interface SystemMessage {
  /** "system", or "developer" as newer OpenAI clients send it. */
  role: "system" | "developer";
  /** The instructions. */
  content: string | TextPart[];
  /** A participant name, sent to the provider as given. */
  name?: string;
}
/** What the user said: text, or parts with images or videos. */
export interface UserMessage {
  /** Always "user". */
  role: "user";
  /** The text, or a list of text, image and video parts. */
  content: string | ContentPart[];
  /** A participant name, sent to the provider as given. */
  name?: string;
}
/** A turn of the model's: its answer, its thinking, the tool calls it made. */
export interface AssistantMessage {
  /** Always "assistant". */
  role: "assistant";
  /** The answer's text; null or left out for a turn that only made tool calls. */
  content?: string | TextPart[] | null;
  /** Thinking text. Must be replayed on tool-call turns when thinking is on. */
  reasoning_content?: string;
  /**
   * The signature Anthropic's Messages API put on the thinking (`api: "anthropic-messages"`),
   * kept with the turn so that a session resumed in another process sends it back: a replayed
   * thinking block whose signature does not match is refused. Only that transport reads it; the
   * chat-completions request and the gateway's answers to clients leave it out.
   */
  reasoning_signature?: string;
  /** The tools the model called in this turn, to be answered by one `ToolMessage` each. */
  tool_calls?: ToolCall[];
  /** A participant name, sent to the provider as given. */
  name?: string;
  /** Moonshot partial mode: prefill the answer with this message's content. */
  partial?: boolean;
}
/** The result of one tool call, sent back to the model. */
export interface ToolMessage {
  /** Always "tool". */
  role: "tool";
  /** The `id` of the `ToolCall` this answers, byte for byte. */
  tool_call_id: string;
  /** What the tool gave back. */
  content: string | TextPart[];
  /**
   * The tool's name; filled in from the call for a provider that needs it
   * (`requiresToolResultName`).
   */
  name?: string;
}
/** One message of a conversation, told apart by its `role`. */
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/**
 * A tool the model may call. `builtin_function` is one of Moonshot's own tools (`$web_search`),
 * run on Moonshot's side: it has no parameters, the model calls it, the caller sends the call's
 * arguments back unchanged as the tool's result, and the model answers from what it found.
 */
export interface ToolDefinition {
  /** `function`: a tool the caller runs; `builtin_function`: one Moonshot runs (`$web_search`). */
  type: "function" | "builtin_function";
  /** Its name, description, JSON Schema `parameters`, and `strict` (sent only where `compat.supportsStrictMode`). */
  function: {
    /** The name the model calls it by (`$web_search` for Moonshot's search). */
    name: string;
    /** What the tool does, for the model to decide when to call it. */
    description?: string;
    /**
     * The JSON Schema of its arguments; its root is an object. Left out: a tool without arguments
     * (sent as an empty object schema). A `builtin_function`'s is sent as given.
     */
    parameters?: Record<string, unknown>;
    /**
     * Asks the provider to hold the arguments to `parameters` exactly; sent only to a model whose
     * `compat.supportsStrictMode` is true, left out elsewhere.
     */
    strict?: boolean;
  };
}

/**
 * Whether the model must call a tool: "auto" (it decides), "none", "required" (any), or the named
 * function.
 */
export type ToolChoice =
  | "auto"
  | "none"
  | "required"
  | {
      /** Force a call of one function. */
      type: "function";
      /** The function the model must call, by its name. */
      function: {
        /** The `function.name` of one of the request's tools. */
        name: string;
      };
    };

/**
 * How much the model thinks: "off", "on" (the model's default), or a level; Moonshot's switch knows
 * only on and off, so the levels go as on.
 */
export type ThinkingLevel = "off" | "on" | "low" | "medium" | "high" | "max";

/** Every thinking level, in order: what `--thinking` and the library's `thinking` take. */
export const THINKING_LEVELS: readonly ThinkingLevel[] = [
  "off",
  "on",
  "low",
  "medium",
  "high",
  "max",
];

/** What a caller asks for; the transport turns it into the provider's request body. */
export interface ChatRequest {
  /** The conversation, oldest first: system, user, assistant and tool messages. */
  messages: ChatMessage[];
  /** Functions the model may call (`createToolRegistry(...).definitions()` gives them). */
  tools?: ToolDefinition[] | undefined;
  /** Whether and which tool the model must call (`"auto"` when left out). */
  toolChoice?: ToolChoice | undefined;
  /** Requested output cap; capped by the model's `maxTokens`. */
  maxTokens?: number | undefined;
  /**
   * Sampling temperature. A model that takes one value only (kimi-k2.5) is sent that one: the
   * runtime learns it from the provider's refusal and sends the request again.
   */
  temperature?: number | undefined;
  /** Nucleus sampling (`top_p`); a value the model fixes is taken as for `temperature`. */
  topP?: number | undefined;
  /** Text at which the answer stops (one, or a list). */
  stop?: string | string[] | undefined;
  /**
   * The thinking level for a model that reasons: Moonshot's switch knows on and off, so
   * `low` … `max` go as on (with a note); left out, the model's own default.
   */
  thinking?: ThinkingLevel | undefined;
  /**
   * How the caller asked for the thinking level, in its own terms (a gateway client's
   * `reasoning effort "xhigh"`, which is `thinking` "max"), for the notes about it; it stays when
   * the thinking switch is left out of the request (a model that refused it), so that is noted too.
   */
  thinkingAsked?: string | undefined;
  /**
   * Further fields of Moonshot's `thinking` object, sent beside its `type` when `thinking` is
   * set (kimi-k2.6's `keep: "all"` keeps earlier turns' reasoning in view).
   */
  thinkingOptions?: Record<string, unknown> | undefined;
  /**
   * The model refused Moonshot's thinking switch (it always thinks): no switch is sent, not
   * even the "off" a forced tool choice otherwise brings (see `thinkingLevel`). The runtime
   * sets it when it leaves the switch out.
   */
  noThinkingSwitch?: true | undefined;
  /** Stable per-conversation key for Moonshot/Kimi context caching. */
  promptCacheKey?: string | undefined;
  /** Per-call headers: win over provider and model headers. */
  headers?: Record<string, string> | undefined;
  /** Other body fields passed through unchanged (for example from the gateway). */
  extraBody?: Record<string, unknown> | undefined;
}

/** The token counts a provider reported for one request. */
export interface Usage {
  /** Tokens of the request (the conversation, tools included). */
  promptTokens: number;
  /** Tokens of the answer, reasoning included. */
  completionTokens: number;
  /** The two added up, as the provider said it. */
  totalTokens: number;
  /** Prompt tokens served from the provider's cache. */
  cachedTokens: number;
  /** Prompt tokens written to the cache, where a provider reports them. */
  cacheWriteTokens: number;
  /**
   * Completion tokens spent on reasoning, where the provider reports them
   * (`completion_tokens_details.reasoning_tokens`); absent when it does not.
   */
  reasoningTokens?: number;
  /**
   * The counts the provider left out of its usage, or sent as something that is no count (a
   * negative number, a word): 0 above, for a caller to estimate. Absent when it reported both.
   */
  missing?: readonly UsageCount[];
}

/** The two counts a provider's usage must give. */
export type UsageCount = "promptTokens" | "completionTokens";

/** USD, computed from the model's `cost` table. */
export interface Cost {
  /** The prompt tokens not read from the cache. */
  input: number;
  /** The completion tokens. */
  output: number;
  /** The prompt tokens read from the provider's cache. */
  cacheRead: number;
  /** The prompt tokens written to the cache. */
  cacheWrite: number;
  /** The four added up: 0 for a model the config gives no price. */
  total: number;
}

/**
 * Why the answer ended: `stop`, `length` (the token cap), `tool_calls` (it wants them run),
 * `content_filter`, `error`, or `other` for a provider's word not known here.
 */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "error" | "other";

/** A choice's `logprobs` as an OpenAI-compatible provider sends it (`content`, `refusal`). */
export type ChoiceLogprobs = Record<string, unknown>;

/** One typed event stream, whatever the provider. */
export type StreamEvent =
  | {
      /** The answer begins: sent once, before anything else of it. */
      type: "start";
      /** The model id the request was sent for, as the provider names it (`kimi-k2.5`). */
      model: string;
      /** The response's `x-trace-id` (or similar), when the provider sent one. */
      traceId: string | undefined;
      /** What the request sent differs in from what the caller asked, and why (none: undefined). */
      adjustments?: readonly string[] | undefined;
      /**
       * What the request sent differs in because an earlier request's refusal taught the runtime
       * (a sampling value the model takes only one of), set by the runtime. Apart from
       * `adjustments`: a terminal was told at the refusal, and a chat would repeat it each turn;
       * a gateway client of a later request was told nothing.
       */
      learned?: readonly string[];
      /**
       * Set by the runtime when a later model of the chain would take over should this one fail
       * before its first token: what the answer will name is not known yet.
       */
      fallbackMayFollow?: true;
    }
  | {
      /** A piece of the answer's text. */
      type: "text";
      /** The text, to append to what came before. */
      delta: string;
      /**
       * The token log probabilities the provider sent with this text (the choice's `logprobs`
       * object of an OpenAI-compatible answer, as it came), when the request asked for them.
       */
      logprobs?: ChoiceLogprobs;
    }
  | {
      /** A piece of the model's reasoning (thinking), apart from the answer. */
      type: "reasoning";
      /** The reasoning text, to append to what came before. */
      delta: string;
    }
  /** A raw tool-call fragment, for relays that forward deltas as they come. */
  | {
      /** A fragment of a tool call as it streams. */
      type: "tool_call_delta";
      /** Which call of the answer it belongs to (its `index`). */
      index: number;
      /** The call's id, on the delta that carries it. */
      id?: string;
      /**
       * Once per call, on its first delta (from every upstream that names a call as it begins):
       * whole (an upstream's pieces joined, a repeated name once) and under the caller's name.
       * That delta waits until the name is complete: until arguments or anything else come.
       */
      name?: string;
      /** A piece of the call's JSON arguments, to append to what came before. */
      argumentsDelta: string;
    }
  /**
   * A fully assembled tool call, emitted once its arguments are complete: one whole JSON value
   * (of any type) followed by something else (another call, text, reasoning), no arguments at all
   * when a later call's arguments begin, or the end of the answer (arguments cut by the token cap,
   * or not JSON). What comes for the call after this event is dropped, from the final message too;
   * the `done` event's `droppedToolCallData` (and the run's result) says how much, per call.
   * With an upstream that interleaves calls' fragments, calls may complete in another order than
   * they began; `index` says which is which, and the final message has them in index order.
   */
  | {
      /** A tool call is complete. */
      type: "tool_call";
      /** Which call of the answer it is, as its deltas had it. */
      index: number;
      /** The whole call: id, name and arguments. */
      toolCall: ToolCall;
    }
  | {
      /** The provider reported the tokens used. */
      type: "usage";
      /** The token counts. */
      usage: Usage;
    }
  | {
      /** The answer is complete: always the last event. */
      type: "done";
      /** Why it ended: `stop`, `length` (cut at the token cap), `tool_calls` or `content_filter`. */
      finishReason: FinishReason;
      /** The whole assistant turn, as it goes back into the conversation. */
      message: AssistantMessage;
      /** Tokens the provider reported; undefined when it reported none. */
      usage: Usage | undefined;
      /** The response's `x-trace-id` (or similar), when the provider sent one. */
      traceId: string | undefined;
      /** What the upstream sent for calls after they were complete, left out (absent: nothing). */
      droppedToolCallData?: DroppedToolCallData[];
    };

/**
 * Arguments an upstream streamed for a tool call after the call was complete (its `tool_call`
 * event given out: `{"a":1}{"b":2}`, or a call's first arguments after a later call's began):
 * left out of the events and the final message, and counted here so that it is not silent.
 */
export interface DroppedToolCallData {
  /** The call's index in the answer, as its `tool_call` event has it. */
  index: number;
  /** The call's id, as the final message has it. */
  id: string;
  /** Characters of arguments left out (the text itself is not kept). */
  characters: number;
  /**
   * A `$web_search` call of a run with `webSearch` on: the caller had no `tool_call` event for
   * it, only a `web_search` event whose `callId` is `id`, and `index` is the call's own in the
   * answer of the request it was in. The search ran with the arguments before the left-out ones.
   */
  webSearch?: true;
}

/** One call's left-out arguments, with the request of the run (1 for the first) it was in. */
export interface DroppedToolCallRow extends DroppedToolCallData {
  /** The request of the run the call was in, counted from 1. */
  round: number;
}

/** The final result of a call, streamed or not. */
export interface ChatResult {
  /**
   * The assistant's turn, as it goes back into the conversation (`assistantText` gives its text).
   */
  message: AssistantMessage;
  /**
   * Why the answer ended: `stop`, `length` (cut at max_tokens), `tool_calls` or `content_filter`.
   */
  finishReason: FinishReason;
  /** Tokens the provider reported; undefined when it reported none. */
  usage: Usage | undefined;
  /** The response's `x-trace-id` (or similar), for support tickets. */
  traceId: string | undefined;
  /**
   * The model that answered: its ref (`moonshot/kimi-k2.5`) in a run's result, the provider's id in
   * a transport's.
   */
  model: string;
  /**
   * Arguments the upstream streamed for tool calls after they were complete, left out of
   * `message` (absent: nothing was); see DroppedToolCallData.
   */
  droppedToolCallData?: DroppedToolCallData[];
}

/** Each in milliseconds; 0 is no limit (as in `gateway.timeouts`). */
export interface Timeouts {
  /** Milliseconds to wait for response headers / first byte. */
  firstByteMs?: number | undefined;
  /** Milliseconds allowed between two chunks of a stream. */
  idleMs?: number | undefined;
  /** Milliseconds for the whole call. */
  totalMs?: number | undefined;
}

/** Input to a transport: one attempt against one model with one key. */
export interface TransportCall {
  /** The model to call, as `resolveModel` gives it. */
  model: ResolvedModel;
  /** The key to send as `Authorization: Bearer` (with `authHeader`); undefined: none is sent. */
  apiKey: string | undefined;
  /** The chat request. */
  request: ChatRequest;
  /** Whether to ask for a streamed (SSE) answer; false: one JSON answer. */
  stream: boolean;
  /** Cancels the call: an AbortSignal, or anything shaped like one (see `CancelSignal`). */
  signal?: CancelSignal;
  /** This call's upstream timeouts in ms, over the transport's defaults. */
  timeouts?: Timeouts;
}

/**
 * Receives a call's events as they are parsed. Returning a promise pauses the upstream until it
 * settles (backpressure); a rejection (or a throw) stops the call with that error.
 */
export type EventSink = (event: StreamEvent) => void | Promise<void>;

/** A wire API implementation: one file per API under `src/providers/`. */
export interface Transport {
  /** The wire API it speaks; a model whose `api` is this one goes through it. */
  readonly api: ResolvedModel["api"];
  /** Yields events; throws ProviderError (see ./errors) on failure. */
  stream(call: TransportCall): AsyncIterable<StreamEvent>;
  /**
   * Optional push form of `stream`: the same events and errors, handed to `sink` as they arrive
   * (no promise per event). Rejects with a ProviderError, or with what the sink threw as is.
   */
  run?(call: TransportCall, sink: EventSink): Promise<void>;
}
