/**
 * The conversation loop: call the model, run the function tools it asked for, send the results
 * back, and repeat until it answers without tool calls or the round limit is reached.
 *
 * Assistant tool-call turns are kept exactly as the model produced them: `reasoning_content`
 * (which thinking models need replayed) and tool-call ids byte for byte. Conversations use the
 * runtime's `drop-oldest` context policy by default.
 */
import { OpenClawError } from "../errors.js";
import { ProviderError } from "../providers/errors.js";
import type {
  AssistantMessage,
  ChatMessage,
  ChatRequest,
  Cost,
  ThinkingLevel,
  Timeouts,
  ToolCall,
  ToolChoice,
  ToolMessage,
  Usage,
} from "../providers/types.js";
import { addCost, addUsage, ZERO_COST, ZERO_USAGE } from "../runtime/index.js";
import { isBudgetFailure } from "../runtime/run-deadline.js";
import type {
  ContextPolicy,
  CorrectedRequest,
  FailedAttempt,
  RunResult,
  Runtime,
  RuntimeEvent,
} from "../runtime/types.js";
import {
  checkCallOptions,
  describeGiven,
  holds,
  type RequiredOption,
} from "../util/call-options.js";
import { checkCallbackArgument } from "../util/callback-argument.js";
import { isTimeoutReason, sharedFollower } from "../util/cancellation.js";
import type { OptionNames } from "../util/option-names.js";
import { withDroppedToolCallData } from "./dropped-tool-call-rows.js";
import { checkAgentToolChoice, toolChoiceForRound } from "./tool-choice.js";
import { checkToolsOption, type ToolRegistry } from "./tools.js";

/** Model calls an agent run makes at most when `maxRounds` is not given. */
export const DEFAULT_MAX_ROUNDS = 8;

/**
 * What `runAgent` and `runAgentToEnd` take: the runtime, the conversation, the tools and how the
 * run may go.
 */
export interface AgentRunOptions {
  /** What runs the model calls: `openRuntime().runtime`, or `createRuntime`'s. */
  runtime: Runtime;
  /** Ref or alias; undefined for the configured primary with its fallbacks. */
  model?: string | undefined;
  /** The whole conversation so far, ending with the new user message. */
  messages: ChatMessage[];
  /** The tools the model may call (`createToolRegistry([defineTool(…)])`); none when left out. */
  tools?: ToolRegistry | undefined;
  /**
   * Whether the model may, must or must not call a tool: "auto" (the default), "none",
   * "required", or `{type: "function", function: {name}}` for one of `tools`. A forced choice
   * ("required", a function) holds for the first model call only, later calls go as "auto":
   * forced on each, the model could never answer. Sent as the runtime sends `tool_choice`:
   * Moonshot refuses forced tool use while a model thinks, so with no `thinking` level asked,
   * thinking goes off for that call; with one asked, the choice goes as "auto" (an adjustment
   * on the result says so).
   */
  toolChoice?: ToolChoice | undefined;
  /** The thinking level of every model call; left out, each model's default. */
  thinking?: ThinkingLevel | undefined;
  /**
   * Let the model search the web with Moonshot's built-in `$web_search` (Moonshot and Kimi Code
   * models; thinking is turned off for it). The runtime answers the search calls, so a round
   * with searches is still one model call here, and its result counts every request it took.
   */
  webSearch?: boolean | undefined;
  /** Model calls allowed in this run (each tool round is one call). */
  maxRounds?: number | undefined;
  /** The output limit of each model call (`max_tokens`). */
  maxTokens?: number | undefined;
  /** Cancels the run, the model call or the tool running (each tool is handed it too). */
  signal?: AbortSignal | undefined;
  /**
   * Per-attempt limits in milliseconds of each model call, as RunOptions.timeouts (0 is no limit).
   */
  timeouts?: Timeouts | undefined;
  /** When the conversation outgrows the context window: `error` (default) or `drop-oldest`. */
  context?: ContextPolicy | undefined;
  /** Sent as each request's `prompt_cache_key`. */
  promptCacheKey?: string | undefined;
  /** Called with every message the run adds (assistant turns, tool results), as it happens. */
  onMessage?: ((message: ChatMessage) => void) | undefined;
  /** Called with every finished model call (for usage records). */
  onResult?: ((result: RunResult) => void) | undefined;
}

/**
 * What `runAgent` yields: the runtime's events of each model call, then `tool_start` and
 * `tool_result` around each tool it runs.
 */
export type AgentEvent =
  | RuntimeEvent
  | {
      /** A tool the model called starts running. */
      type: "tool_start";
      /** The call: id, tool name and arguments. */
      toolCall: ToolCall;
    }
  | {
      /** A tool finished; its result goes back to the model. */
      type: "tool_result";
      /** The call it answers. */
      toolCall: ToolCall;
      /** The result as the model is sent it. */
      content: string;
      /** Whether `content` says why the call failed (no such tool, bad arguments, the tool threw). */
      isError: boolean;
    };

/**
 * What an agent run ends with: the final answer, the messages it added, and every model call with
 * its usage and cost.
 */
export interface AgentResult {
  /** The final assistant message (no tool calls left, or the last one when rounds ran out). */
  message: AssistantMessage;
  /**
   * Messages added by this run, in order. When the rounds ran out, it ends with a tool result
   * for each call of `message`, saying the round limit stopped it before it ran.
   */
  added: ChatMessage[];
  /** Every model call of the run. */
  results: RunResult[];
  /**
   * `results`' usage and cost added up: a call whose provider reported no usage (its `usage`
   * undefined) adds nothing, so these then count less than was billed.
   */
  usage: Usage;
  /** `results`' cost added up, at the models' prices (see `usage`). */
  cost: Cost;
  /** The model that gave the final answer. */
  model: string;
  /** Every attempt of every call that failed before another answered. */
  failedAttempts: FailedAttempt[];
  /** Requests a model refused and took once corrected: not failed attempts. */
  corrections: CorrectedRequest[];
  /**
   * The model a call's chain started from, for the first call a fallback answered; undefined when
   * none was.
   */
  fallbackFrom: string | undefined;
  /** Model calls the run made (each tool round is one). */
  rounds: number;
  /**
   * True when the model still wanted tools after `maxRounds`: the run ended without an answer.
   * It is reported here, not thrown, as a filtered or cut answer is (`finishReason`); the CLI
   * counts it as a failure.
   */
  roundsExhausted: boolean;
  /**
   * True when the last answer was cut at the output limit (`finishReason` "length") while the
   * model wrote its tool calls: the last call's arguments are not whole, so none of the calls ran.
   * Like `roundsExhausted`, the run ended without an answer; `added` ends with a tool result for
   * each call saying why it did not run, so the conversation can be continued (with a higher
   * `maxTokens`) as it is. Also true when the cut call was a `$web_search` of a `webSearch` run
   * (the last of `results` has `webSearchCut`): the search did not run.
   */
  toolCallsCut: boolean;
}

/** Every option runAgent takes; a session turn (session-turn.ts) takes these but three. */
export const AGENT_RUN_OPTIONS = {
  runtime: true,
  model: true,
  messages: true,
  tools: true,
  toolChoice: true,
  thinking: true,
  webSearch: true,
  maxRounds: true,
  maxTokens: true,
  signal: true,
  timeouts: true,
  context: true,
  promptCacheKey: true,
  onMessage: true,
  onResult: true,
} as const satisfies OptionNames<AgentRunOptions>;

/** What a run needs; a session turn (session-turn.ts) asks for its runtime the same way. */
export const RUNTIME_OPTION: RequiredOption = {
  name: "runtime",
  shape: "a Runtime from openRuntime() or createRuntime()",
  holds: holds.objectWithFunctions("stream"),
};

const AGENT_RUN_REQUIRED: readonly RequiredOption[] = [
  RUNTIME_OPTION,
  { name: "messages", shape: "an array of chat messages", holds: holds.array },
];

/**
 * Runs the loop, yielding runtime and tool events; returns the summary. An OpenClawError that
 * ends the run after some requests finished carries their left-out tool-call arguments
 * (`droppedToolCallData`), as the summary's `results` would have.
 */
export function runAgent(options: AgentRunOptions): AsyncGenerator<AgentEvent, AgentResult> {
  return checkedRun("runAgent", options);
}

/**
 * runAgent's run, its options checked in the name of `call`, the function the program called:
 * `runAgentToEnd({ messages: "hi" })` is told as runAgentToEnd's mistake, not runAgent's.
 */
async function* checkedRun(
  call: "runAgent" | "runAgentToEnd",
  options: AgentRunOptions,
): AsyncGenerator<AgentEvent, AgentResult> {
  checkCallOptions(call, options, AGENT_RUN_OPTIONS, AGENT_RUN_REQUIRED);
  checkToolsOption(call, options.tools);
  checkMaxRounds(options.maxRounds);
  const finished: RunResult[] = [];
  try {
    return yield* agentRounds(options, finished);
  } catch (error) {
    throw withDroppedToolCallData(error, finished);
  }
}

/**
 * Throws (code `usage`) unless `maxRounds` is left out or a whole number of 1 or more: NaN would
 * run no round at all, Infinity would let a model that always wants a tool call it for ever, and
 * 0 or "2" would run as something the caller did not write.
 */
function checkMaxRounds(maxRounds: unknown): void {
  if (maxRounds === undefined) return;
  if (typeof maxRounds === "number" && Number.isInteger(maxRounds) && maxRounds >= 1) return;
  const got = typeof maxRounds === "number" ? String(maxRounds) : describeGiven(maxRounds);
  throw new OpenClawError(
    "usage",
    `maxRounds must be a whole number of 1 or more (the model calls the run may make), got ${got}`,
    {
      where: "maxRounds",
      hint: `pass a number such as ${DEFAULT_MAX_ROUNDS} (the default, when it is left out); a run that reaches it returns with roundsExhausted: true`,
    },
  );
}

/** The loop itself; `results` gets each request's result as it finishes. */
async function* agentRounds(
  options: AgentRunOptions,
  results: RunResult[],
): AsyncGenerator<AgentEvent, AgentResult> {
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const conversation = [...options.messages];
  const added: ChatMessage[] = [];
  const tools = options.tools && options.tools.size > 0 ? options.tools : undefined;
  const toolChoice = options.toolChoice;
  if (toolChoice !== undefined) checkAgentToolChoice(toolChoice, tools);
  let usage = ZERO_USAGE;
  let cost = ZERO_COST;
  const push = (message: ChatMessage) => {
    conversation.push(message);
    added.push(message);
    options.onMessage?.(message);
  };

  for (let round = 1; round <= maxRounds; round++) {
    const request: ChatRequest = {
      messages: conversation,
      ...(tools ? { tools: tools.definitions() } : {}),
      ...(tools && toolChoice !== undefined
        ? { toolChoice: toolChoiceForRound(toolChoice, round) }
        : {}),
      ...(options.thinking ? { thinking: options.thinking } : {}),
      ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      ...(options.promptCacheKey ? { promptCacheKey: options.promptCacheKey } : {}),
    };
    let result: RunResult | undefined;
    let reasoning = "";
    const deadline = callDeadline(options);
    try {
      for await (const event of options.runtime.stream({
        ...(options.model !== undefined ? { model: options.model } : {}),
        request,
        ...(deadline.signal ? { signal: deadline.signal } : {}),
        ...(deadline.timeouts ? { timeouts: deadline.timeouts } : {}),
        // The runtime skips a retry whose wait passes the deadline and tries the next model.
        ...(deadline.budgetMs !== undefined ? { budgetMs: deadline.budgetMs } : {}),
        context: options.context ?? "drop-oldest",
        ...(options.webSearch ? { webSearch: true } : {}),
      })) {
        if (event.type === "reasoning") reasoning += event.delta;
        if (event.type === "result") result = event.result;
        yield event;
      }
    } catch (error) {
      throw deadline.expired() ? deadline.timeoutError(error) : withTotalHint(error);
    } finally {
      deadline.clear();
    }
    if (deadline.expired()) throw deadline.timeoutError(undefined);
    if (!result) throw new OpenClawError("internal", "the runtime finished without a result");
    results.push(result);
    options.onResult?.(result);
    usage = addUsage(usage, result.usage);
    cost = addCost(cost, result.cost);

    const message = keepReasoning(result.message, reasoning);
    push(message);
    const calls = message.tool_calls ?? [];
    // A `$web_search` call the cap cut did not run (the runtime's search loop left it out): no
    // answer came either, as when the caller's own calls are cut.
    if (calls.length === 0 && result.webSearchCut) return summary(message, round, "toolCallsCut");
    const done = calls.length === 0 || !tools;
    if (done) return summary(message, round);
    if (result.finishReason === "length") {
      // The cap cut the answer while the calls were written: the last one's arguments stop
      // part-way (no whole JSON, or a whole value that was to go on), and the model had not
      // finished its turn. Running part of a call, or the calls before it, could do what it did
      // not ask for; none run, and each gets a result saying so, as the round limit's do.
      for (const call of calls) {
        push({
          role: "tool",
          tool_call_id: call.id,
          name: call.function.name,
          content: CUT_CALL_RESULT,
        });
      }
      return summary(message, round, "toolCallsCut");
    }
    if (round === maxRounds) {
      // Every tool call must have a result, or the next request on this conversation is refused:
      // the calls left are answered as not run, so the conversation can go on as it is.
      for (const call of calls) {
        push({
          role: "tool",
          tool_call_id: call.id,
          name: call.function.name,
          content: `error: not run: the round limit (${maxRounds}) stopped the run before this tool ran`,
        });
      }
      return summary(message, round, "roundsExhausted");
    }
    for (const [position, call] of calls.entries()) {
      yield { type: "tool_start", toolCall: call };
      let outcome: Awaited<ReturnType<ToolRegistry["run"]>>;
      try {
        outcome = await tools.run(call, options.signal);
      } catch (error) {
        // Every tool call must have a result, or the next request is refused: close the round.
        for (const pending of calls.slice(position)) {
          push({
            role: "tool",
            tool_call_id: pending.id,
            name: pending.function.name,
            content: "error: cancelled before the tool finished",
          });
        }
        // Cancelled while a tool ran: the same error as cancelled while the model answered.
        if (options.signal?.aborted) {
          throw cancelledDuringTool(call.function.name, result, options.signal.reason, error);
        }
        throw error;
      }
      const toolMessage: ToolMessage = {
        role: "tool",
        tool_call_id: call.id,
        name: call.function.name,
        content: outcome.content,
      };
      push(toolMessage);
      yield {
        type: "tool_result",
        toolCall: call,
        content: outcome.content,
        isError: outcome.isError,
      };
    }
  }
  throw new OpenClawError("internal", "unreachable: agent loop ended without a result");

  function summary(
    message: AssistantMessage,
    rounds: number,
    stoppedBy?: "roundsExhausted" | "toolCallsCut",
  ): AgentResult {
    const last = results.at(-1) as RunResult;
    return {
      message,
      added,
      results,
      usage,
      cost,
      model: last.model,
      failedAttempts: results.flatMap((r) => r.failedAttempts),
      corrections: results.flatMap((r) => r.corrections ?? []),
      fallbackFrom: results.find((r) => r.fallbackFrom)?.fallbackFrom,
      rounds,
      roundsExhausted: stoppedBy === "roundsExhausted",
      toolCallsCut: stoppedBy === "toolCallsCut",
    };
  }
}

/**
 * The assistant message to keep: as the transport assembled it, with the streamed reasoning
 * added back if the transport left it out (it must be replayed on tool-call turns).
 */
function keepReasoning(message: AssistantMessage, streamedReasoning: string): AssistantMessage {
  if (message.reasoning_content !== undefined || streamedReasoning === "") return message;
  return { ...message, reasoning_content: streamedReasoning };
}

/** The result each call of an answer cut while its tool calls were written gets (not run). */
const CUT_CALL_RESULT =
  "error: not run: your answer was cut off at the output limit (max_tokens) while you wrote the tool calls, so none of them ran";

/** The first-byte and idle limits the transports use unless told otherwise. */
const DEFAULT_WAIT_MS = 120_000;

/**
 * `timeouts.totalMs` as a deadline for one model call with all its retries and fallbacks (the
 * runtime alone applies it to each attempt). A total longer than the first-byte and idle limits
 * raises them, so a long total can wait for a slow first token.
 */
function callDeadline(options: AgentRunOptions) {
  const total = options.timeouts?.totalMs;
  if (total === undefined || total <= 0) {
    return {
      signal: options.signal,
      timeouts: options.timeouts,
      budgetMs: undefined,
      expired: () => false,
      timeoutError: (error: unknown) => error,
      clear: () => {},
    };
  }
  const controller = new AbortController();
  let expired = false;
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  // Runs sharing one signal listen to it once between them (no MaxListenersExceededWarning).
  const outer = options.signal && sharedFollower(options.signal);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error(`no answer within ${total} ms`));
  }, total);
  const timeouts: Timeouts = {
    ...options.timeouts,
    firstByteMs: Math.max(options.timeouts?.firstByteMs ?? DEFAULT_WAIT_MS, total),
    idleMs: Math.max(options.timeouts?.idleMs ?? DEFAULT_WAIT_MS, total),
  };
  return {
    signal: controller.signal,
    timeouts,
    budgetMs: total,
    expired: () => expired && !options.signal?.aborted,
    timeoutError(error: unknown): unknown {
      const about = error instanceof ProviderError ? error : undefined;
      const ref = about ? `${about.provider}/${about.model}` : (options.model ?? "the model");
      // The call this deadline stopped tells it as a cancel ("the call … was cancelled", "cancelled
      // by the caller", "nothing to fix"), which nobody did: its own reason is the cause instead.
      const cause = about?.errorClass === "cancelled" ? controller.signal.reason : error;
      return new ProviderError({
        errorClass: "timeout",
        message: `no complete answer from ${ref} within ${total} ms (the whole call, retries included)`,
        provider: about?.provider ?? "unknown",
        model: about?.model ?? "unknown",
        hint: TOTAL_HINT,
        cause,
      });
    },
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    },
  };
}

const TOTAL_HINT = "raise timeouts.totalMs, or try again later";

/** The runtime's failure for the run's budget, its hint naming the agent's own setting. */
function withTotalHint(error: unknown): unknown {
  return isBudgetFailure(error) && error instanceof ProviderError
    ? error.retold({ message: error.message, hint: TOTAL_HINT })
    : error;
}

/** Drains `runAgent`, for callers that do not need events. */
export async function runAgentToEnd(
  options: AgentRunOptions,
  onEvent?: (event: AgentEvent) => void,
): Promise<AgentResult> {
  checkCallbackArgument(
    {
      call: "runAgentToEnd",
      name: "onEvent",
      position: "second",
      optional: true,
      otherwise: "or leave it out: runAgentToEnd resolves with the result",
    },
    onEvent,
  );
  const iterator = checkedRun("runAgentToEnd", options);
  for (;;) {
    const step = await iterator.next();
    if (step.done) return step.value;
    onEvent?.(step.value);
  }
}

/**
 * A run cancelled while one of its tools ran, told as a cancelled model call is told: a signal
 * whose reason is a TimeoutError (`AbortSignal.timeout`) is a timeout, any other a cancellation.
 */
function cancelledDuringTool(
  tool: string,
  last: RunResult,
  reason: unknown,
  cause: unknown,
): ProviderError {
  const slash = last.model.indexOf("/");
  const where = {
    provider: slash > 0 ? last.model.slice(0, slash) : last.model,
    model: slash > 0 ? last.model.slice(slash + 1) : last.model,
    cause,
  };
  if (isTimeoutReason(reason)) {
    return new ProviderError({
      errorClass: "timeout",
      message: `the run's signal reached its deadline while the tool ${tool} ran`,
      hint: "give the signal a longer deadline (AbortSignal.timeout), or make the tool faster",
      ...where,
    });
  }
  return new ProviderError({
    errorClass: "cancelled",
    message: `cancelled while the tool ${tool} ran`,
    hint: "the run's signal was aborted, so nothing more was run; nothing to fix",
    ...where,
  });
}
