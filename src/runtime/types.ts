/**
 * The runtime contract: resolve a model (ref, alias, or the configured primary with its
 * fallbacks), pick a key, call the transport with retries, fall back down the chain, and report
 * usage and cost. The CLI (`agent`, `chat`) and the gateway are both thin doors onto this.
 */
import type { ProviderError } from "../providers/errors.js";
import type {
  ChatRequest,
  ChatResult,
  Cost,
  StreamEvent,
  ThinkingLevel,
  Timeouts,
  Usage,
} from "../providers/types.js";
import type { CancelSignal } from "../util/cancellation.js";

/** How often a model is tried and how long between; the defaults are `DEFAULT_RETRY`'s. */
export interface RetryPolicy {
  /** Attempts per model, including the first (default 3). */
  maxAttempts: number;
  /**
   * The first step before trying again, doubled for each later one (default 500 ms): each wait is
   * half its step and a random part of the other half (250–500 ms, then 500–1000 ms by default).
   */
  baseDelayMs: number;
  /** The longest step, so the longest wait, a provider's `Retry-After` aside (default 20000 ms). */
  maxDelayMs: number;
}

/**
 * What one run of a model chain takes (`complete`, `stream`, `relay`): the model, the request, and
 * how long and how to try.
 */
export interface RunOptions {
  /**
   * A ref (`moonshot/kimi-k2.5`), an alias (`Kimi K2 Thinking`), or undefined / `openclaw` /
   * `openclaw/default` for the configured primary with its fallbacks.
   */
  model?: string | undefined;
  /** What to send: the messages, and tools, thinking, sampling and the rest of a chat request. */
  request: ChatRequest;
  /** Cancels the run: an AbortSignal, or anything shaped like one (see `CancelSignal`). */
  signal?: CancelSignal | undefined;
  /**
   * Per-attempt limits in milliseconds (0 is no limit); left out, 120 s to the first byte and
   * between chunks, 600 s in all.
   */
  timeouts?: Timeouts | undefined;
  /** Attempts per model and the waits between them, for this run (over the runtime's). */
  retry?: Partial<RetryPolicy> | undefined;
  /**
   * The most the whole run may take, in milliseconds: every retry, fallback and web-search
   * request included (0 or left out: no limit but `timeouts`). A retry whose wait (a
   * `Retry-After`, or the backoff) would end past it is not waited for: the next model of the
   * chain is tried while time is left, and each attempt is cut at it. When no model answers in
   * time, the run fails with a `timeout` naming each model's failure and the budget.
   */
  budgetMs?: number | undefined;
  /**
   * What to do when the conversation does not fit the model's context window (checked before
   * sending, with a local estimate): `error` (default) fails with `context_too_long`;
   * `drop-oldest` drops whole turns from the oldest end, keeping leading system messages and
   * tool-call/tool-result pairs together (see `fitConversation`).
   */
  context?: ContextPolicy | undefined;
  /** Ask the provider's token-count endpoint (Moonshot) for the context check instead of estimating. */
  exactTokenCount?: boolean | undefined;
  /**
   * Let the model search the web with Moonshot's built-in `$web_search`: the tool is offered,
   * thinking is turned off (the tool does not work with it), and the model's search calls are
   * answered here, as Moonshot asks, until it answers (see `runSearching`). Moonshot and Kimi Code
   * endpoints only; elsewhere the run fails with `request.web_search_unsupported`.
   */
  webSearch?: boolean | undefined;
}

/** One web search Moonshot ran during a run. */
export interface WebSearch {
  /** The id of the model's `$web_search` call. */
  callId: string;
  /** Tokens the results added to the next request, as Moonshot stated them. */
  tokens: number | undefined;
  /** What the model searched for, when the call's arguments say it. */
  query?: string;
}

/**
 * A conversation too long for the window: `error` fails the run; `drop-oldest` drops the oldest
 * turns.
 */
export type ContextPolicy = "error" | "drop-oldest";

/**
 * A request parameter sent again with a value the model takes, in place of one it refused (a
 * temperature it fixes, a `max_tokens` over its window): a `retry` event's `corrected`, and a
 * corrected request's.
 */
export interface CorrectedValue {
  /** The request parameter changed: a sampling one (`temperature`, `top_p`…) or `max_tokens`. */
  param: string;
  /** The value sent before, which the model refused. */
  from: number;
  /** The value sent instead. */
  to: number;
}

/** What a corrected request sends differently, as its `retry` event says it. */
export type RequestChange =
  | {
      /** A value the model does not take, sent as one it does (a sampling value, `max_tokens`). */
      corrected: CorrectedValue;
    }
  | {
      /** The thinking switch the model refuses, left out: the level that is no longer sent. */
      droppedThinking: ThinkingLevel;
    }
  | {
      /** Preserved thinking (`thinking.keep`), which the model refuses, left out. */
      droppedThinkingKeep: true;
    }
  | {
      /** A model the config calls non-reasoning found to think: its turns sent with reasoning. */
      thinksUnasked: true;
    }
  | {
      /** Empty reasoning of earlier turns, which the model took as missing, sent filled in. */
      filledReasoning: true;
    };

/**
 * A request a model refused over a value it does not take (thinking off to a model that always
 * thinks, a temperature it fixes, an answer cap over its window), sent to it again with what it
 * takes. Not a failed attempt: the model was not tried and found failing, the request was put
 * right, so it is kept apart from `failedAttempts`.
 */
export type CorrectedRequest = {
  /** Ref of the model that refused it. */
  model: string;
  /** What the model said when it refused. */
  message: string;
  /** The refusal's HTTP status, when it came as one. */
  status: number | undefined;
  /** The refusal's trace id (`x-trace-id`), when the provider sent one. */
  traceId: string | undefined;
} & RequestChange;

/** One attempt that failed, kept for `--json` output, logs and the ledger. */
export interface FailedAttempt {
  /** Ref of the model the attempt called. */
  model: string;
  /** What kind of failure it was. */
  errorClass: ProviderError["errorClass"];
  /** The error's message. */
  message: string;
  /** HTTP status, when the provider answered. */
  status: number | undefined;
  /** The provider's trace id (`x-trace-id`), when it sent one. */
  traceId: string | undefined;
  /**
   * Set when the provider had begun to answer the attempt (its stream came, then broke or
   * carried an error), which it bills: the usage it reported before failing and that usage's
   * cost at the model's prices, both undefined when it reported none (unknown, not zero).
   */
  answered?: {
    /** The token counts the provider reported before failing; undefined when it reported none. */
    usage: Usage | undefined;
    /** That usage's cost in US dollars at the model's prices; undefined without a usage. */
    costUsd: number | undefined;
  };
}

/**
 * An event of a streamed run: the answer's stream events, and `retry`, `fallback` and the final
 * `result`.
 */
export type RuntimeEvent =
  | StreamEvent
  | {
      /** An attempt failed and the same model is tried again. */
      type: "retry";
      /** Ref of the model tried again. */
      model: string;
      /** Which attempt of this model failed, counted from 1. */
      attempt: number;
      /** Milliseconds waited before the next attempt (0: at once). */
      delayMs: number;
      /** Why the attempt failed. */
      error: ProviderError;
      /** Set when the retry sends a corrected value the model refused, instead of the same request. */
      corrected?: CorrectedValue;
      /**
       * Set when the retry leaves out the thinking switch the model refused: the level it said
       * (what was asked, or "off" for a forced tool choice nobody asked thinking for).
       */
      droppedThinking?: ThinkingLevel;
      /**
       * Set when the retry leaves out the `thinking.keep` (preserved thinking) the model
       * refused; the thinking switch itself still goes.
       */
      droppedThinkingKeep?: true;
      /**
       * Set when the retry treats the model as the thinking model it turned out to be (it thinks
       * without being asked): earlier tool-call turns with a `reasoning_content`, a thinking
       * level sent (with one asked for, a forced tool choice as "auto").
       */
      thinksUnasked?: true;
      /**
       * Set when the retry sends the empty `reasoning_content` of earlier tool-call turns as
       * "(reasoning not kept)": the model took "" as missing.
       */
      filledReasoning?: true;
    }
  | {
      /** A model failed for good and the run moves on to the next of its chain. */
      type: "fallback";
      /** Ref of the model that failed. */
      from: string;
      /** Ref of the model tried next. */
      to: string;
      /** Why the model failed. */
      error: ProviderError;
    }
  /** Moonshot searched the web for the model (`webSearch` runs); the answer follows. */
  | ({
      /** Moonshot ran a web search. */
      type: "web_search";
      /** The model that asked for the search. */
      model: string;
    } & WebSearch)
  /** Always the last event of a successful run. */
  | {
      /** The run's end. */
      type: "result";
      /** The run's result: answer, usage, cost and the attempts before it. */
      result: RunResult;
    };

/**
 * What a run ends with: the answer of the model that gave it, with its usage, cost, and the
 * attempts before it.
 */
export interface RunResult extends ChatResult {
  /** What the caller asked for, before alias and primary resolution. */
  requestedModel: string;
  /** From `usage` at the model's prices: all zeros when `usage` is undefined (not known, not free). */
  cost: Cost;
  /** Attempts that failed; a request sent again corrected is not one (see `corrections`). */
  failedAttempts: FailedAttempt[];
  /** Requests a model refused and took once corrected (absent: none). */
  corrections?: CorrectedRequest[];
  /**
   * Retries the run made (the same model again, a corrected request included), as its `retry`
   * events count them; absent where a result is put together from others.
   */
  retries?: number;
  /**
   * The model the chain started from when a fallback answered: after the first failed, or when
   * it was not sent the request (its provider cannot be used, it takes no images or video, it
   * continues no partial message).
   */
  fallbackFrom: string | undefined;
  /** Milliseconds from the call to the first text/reasoning/tool event (streams only). */
  timeToFirstTokenMs: number | undefined;
  /** Milliseconds from the call to its result, retries and fallbacks included. */
  latencyMs: number;
  /** Messages the `drop-oldest` context policy left out of the request (0 or absent: none). */
  droppedMessages?: number;
  /** The web searches of a `webSearch` run, in order (absent: none). */
  webSearches?: WebSearch[];
  /**
   * True when the output limit cut a `webSearch` run's answer (`finishReason` "length") while
   * the model wrote a `$web_search` call: the search did not run (its arguments were not whole),
   * and `message` has no call for it (absent: no search was cut).
   */
  webSearchCut?: boolean;
  /**
   * The output cap (`max_tokens`) the answering request carried: what a `finishReason` "length"
   * answer was cut at. Absent where a result is put together from others.
   */
  maxTokensSent?: number;
  /**
   * Present when the runtime sent a lower cap than the model gets by default, so that the
   * input plus the cap fit the model's context window (the caller set no `maxTokens`): raising
   * the model's `maxTokens` would not give the answer more room, a shorter conversation would.
   */
  maxTokensLowered?: MaxTokensLowered;
}

/** Why a run's output cap was lower than the model's default one (`RunResult.maxTokensLowered`). */
export interface MaxTokensLowered {
  /** The cap the model is sent by default (its `params.maxTokens`, else `maxTokens` up to 32,000). */
  from: number;
  /** The input tokens counted beside it (the local estimate, or the provider's count). */
  inputTokens: number;
  /** The model's context window, which input plus cap may not exceed. */
  contextWindow: number;
}

/** Receives a run's events as they happen; a returned promise is waited for (backpressure). */
export type RuntimeSink = (event: RuntimeEvent) => void | Promise<void>;

/**
 * Runs a request on a model and its fallbacks, with retries and cooldowns: from `openRuntime` or
 * `createRuntime`.
 */
export interface Runtime {
  /** Streams events; the last event is `result`. Throws ProviderError when every model failed. */
  stream(options: RunOptions): AsyncIterable<RuntimeEvent>;
  /**
   * The same streamed run, push style: every event (including the last, `result`) goes to
   * `sink` without an async iterator per layer; resolves with the result. What the sink throws
   * or rejects with ends the run (and its upstream call) and is rethrown as is.
   */
  relay(options: RunOptions, sink: RuntimeSink): Promise<RunResult>;
  /**
   * Same chain, collected into one result (a non-streamed upstream call). `sink`, if given,
   * hears the run's progress as it happens: `start`, `retry`, `fallback`, the answer's events.
   */
  complete(options: RunOptions, sink?: RuntimeSink): Promise<RunResult>;
}
