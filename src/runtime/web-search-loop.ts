/**
 * A run in which the model may search the web with Moonshot's built-in `$web_search`. Moonshot
 * runs the search, but only once the caller has sent the model's call back (its arguments,
 * unchanged) in a second request; this loop does that exchange, so that whoever asked sees one
 * answer: its text and reasoning as they stream, a `web_search` event per search, one `done` and
 * one `result` with the tokens and cost of every request the answer took.
 *
 * The search calls themselves never reach the consumer. When the model calls its caller's own
 * tools in the same turn as a search, that turn goes back to the caller with only its own calls
 * (renumbered from 0), and the search is left out: the model can ask for it again next turn.
 */

import { assistantText } from "../providers/assistant-text.js";
import { type AccruedUsage, ProviderError } from "../providers/errors.js";
import type {
  AssistantMessage,
  ChatRequest,
  Cost,
  DroppedToolCallData,
  StreamEvent,
  Usage,
} from "../providers/types.js";
import {
  isWebSearchCall,
  searchReady,
  WEB_SEARCH_NAME,
  webSearchQuery,
  webSearchResult,
  webSearchTokens,
} from "../providers/web-search.js";
import { addCost, addUsage, ZERO_COST, ZERO_USAGE } from "./cost.js";
import { estimateRequestTokens, estimateTextTokens } from "./estimate.js";
import { noteRunFailure, runFailureOf } from "./run-failure.js";
import type {
  CorrectedRequest,
  FailedAttempt,
  RunOptions,
  RunResult,
  RuntimeSink,
  WebSearch,
} from "./types.js";

/** Requests one answer may take; the last is sent with `tool_choice: "none"`, so it answers. */
export const MAX_SEARCH_ROUNDS = 4;

/** One request of the run, pushing its events to `sink` (the runtime's chain of models). */
export type RoundRunner = (run: RunOptions, sink: RuntimeSink) => Promise<RunResult>;

/**
 * Why the config says the model (a ref) thinks whatever it is sent (its compat.alwaysThinks, or
 * Kimi K3's effort, lowered but never off), so it never gets the chance to refuse the switch;
 * undefined when it does not say so.
 */
export type ThinksAlways = (ref: string) => string | undefined;

/**
 * Whether the model (a ref) refused the thinking switch in an earlier run: the runtime sends it
 * no switch since, so this run sees no refusal of its own to explain the tool's.
 */
export type RefusedThinkingOff = (ref: string) => boolean;

export async function runSearching(
  run: RunOptions,
  streaming: boolean,
  emit: RuntimeSink,
  runRound: RoundRunner,
  clock: () => number,
  thinksAlways: ThinksAlways = () => undefined,
  refusedBefore: RefusedThinkingOff = () => false,
): Promise<RunResult> {
  const started = clock();
  const ready = searchReady(run.request, true);
  let request: ChatRequest = ready.request;
  const out = noteOnStart(emit, ready.adjustment);
  const searches: WebSearch[] = [];
  const failedAttempts: FailedAttempt[] = [];
  const corrections: CorrectedRequest[] = [];
  let usage: Usage | undefined;
  let cost: Cost = ZERO_COST;
  let fallbackFrom: string | undefined;
  let droppedMessages: number | undefined;
  let firstContentAt: number | undefined;
  /** Models that refused to stop thinking in this run: the tool will not work with them. */
  const alwaysThinking = new Set<string>();
  /** Text the model wrote beside its search calls ("Let me look that up."), streamed already. */
  let searchRoundsText = "";
  /** Arguments left out of every request's calls, as the caller knows each call. */
  const dropped: DroppedToolCallData[] = [];
  /** Told on every request's start, so that a streamed answer's headers carry it too. */
  const choiceNote = requiredNote(request);
  /**
   * The fallbacks told in this run: each request after a search goes down the chain again, and a
   * model passed over for the same reason is told once (a model that cannot search, each round).
   */
  const fallbacksTold = new Set<string>();

  for (let round = 1; ; round++) {
    const last = round === MAX_SEARCH_ROUNDS;
    if (last) request = { ...request, toolChoice: "none" };
    const hidden = new Set<number>();
    const shownAs = new Map<number, number>();
    const shown = (index: number): number => {
      let at = shownAs.get(index);
      if (at === undefined) {
        at = shownAs.size;
        shownAs.set(index, at);
      }
      return at;
    };
    let done: Extract<StreamEvent, { type: "done" }> | undefined;
    /**
     * Of this request's attempts (retries, fallbacks), how many the provider began to answer,
     * and about how many tokens the last of them streamed: if it fails without its usage.
     */
    let starts = 0;
    let streamedTokens = 0;
    const sink: RuntimeSink = (event) => {
      switch (event.type) {
        case "start":
          starts++;
          streamedTokens = 0;
          // On every attempt's start: a fallback's answer is shaped by it too.
          return out(
            choiceNote === undefined
              ? event
              : { ...event, adjustments: [...(event.adjustments ?? []), choiceNote] },
          );
        case "tool_call_delta":
          streamedTokens += estimateTextTokens(event.argumentsDelta);
          if (event.name === WEB_SEARCH_NAME) hidden.add(event.index);
          if (hidden.has(event.index)) return;
          firstContentAt ??= clock();
          return out({ ...event, index: shown(event.index) });
        case "tool_call":
          if (isWebSearchCall(event.toolCall)) {
            hidden.add(event.index);
            return;
          }
          firstContentAt ??= clock();
          return out({ ...event, index: shown(event.index) });
        case "text":
        case "reasoning":
          streamedTokens += estimateTextTokens(event.delta);
          firstContentAt ??= clock();
          return out(event);
        // A request's own usage, its end and its result are only the run's when it answers.
        case "usage":
        case "result":
          return;
        case "done":
          done = event;
          return;
        case "retry":
          if (event.droppedThinking === "off") alwaysThinking.add(event.model);
          return out(event);
        case "fallback": {
          const told = `${event.from}\n${event.to}\n${event.error.message}`;
          if (fallbacksTold.has(told)) return;
          fallbacksTold.add(told);
          return out(event);
        }
        default:
          return out(event);
      }
    };
    const sent = request;
    const result = await runRound({ ...run, request: sent, webSearch: false }, sink).catch(
      (error: unknown) => {
        const told = explainRefusal(error, alwaysThinking, thinksAlways, refusedBefore);
        if (round === 1) throw told;
        // The requests before this one were billed, and so were their searches: the failure
        // carries them, so that a ledger or a caller counts them.
        const unreported = billedUnreported(error, starts);
        throw withAccrued(
          told,
          error,
          {
            usage,
            cost,
            webSearches: [...searches],
            ...(unreported
              ? {
                  unreported: {
                    // The search results are in the request as Moonshot expands it, not as sent.
                    promptTokens:
                      estimateRequestTokens(sent) +
                      searches.reduce((sum, search) => sum + (search.tokens ?? 0), 0),
                    completionTokens: starts > 0 ? streamedTokens : 0,
                  },
                }
              : {}),
          },
          failedAttempts,
        );
      },
    );
    failedAttempts.push(...result.failedAttempts);
    corrections.push(...(result.corrections ?? []));
    usage = result.usage ? addUsage(usage ?? ZERO_USAGE, result.usage) : usage;
    cost = addCost(cost, result.cost);
    fallbackFrom ??= result.fallbackFrom;
    droppedMessages ??= result.droppedMessages;
    dropped.push(...droppedAsShown(result, hidden, shown));

    const calls = result.message.tool_calls ?? [];
    const searchCalls = calls.filter(isWebSearchCall);
    // Cut at the output limit while the calls were written: the last one's arguments stop
    // part-way, and the turn was not finished. A search sent back cut would run what the model
    // did not ask for; none is, and the answer ends here, cut (as the agent loop's tool calls).
    const searchCut = result.finishReason === "length" && searchCalls.length > 0;
    if (searchCalls.length > 0 && searchCalls.length === calls.length && !last && !searchCut) {
      request = {
        ...afterSearch(request),
        messages: [...request.messages, result.message, ...searchCalls.map(webSearchResult)],
      };
      searchRoundsText += assistantText(result.message);
      for (const call of searchCalls) {
        const query = webSearchQuery(call);
        const search: WebSearch = {
          callId: call.id,
          tokens: webSearchTokens(call),
          ...(query === undefined ? {} : { query }),
        };
        searches.push(search);
        const wait = out({ type: "web_search", model: result.model, ...search });
        if (wait) await wait;
      }
      continue;
    }

    // The answer as it streamed: what was written beside the searches comes first.
    const message = withText(withoutSearchCalls(result.message), searchRoundsText);
    const finishReason =
      result.finishReason === "tool_calls" && !message.tool_calls ? "stop" : result.finishReason;
    if (done) {
      const { droppedToolCallData: _roundsOwn, ...rest } = done;
      const wait = out({
        ...rest,
        message,
        finishReason,
        usage,
        ...(dropped.length > 0 ? { droppedToolCallData: dropped } : {}),
      });
      if (wait) await wait;
    }
    const answer: RunResult = {
      ...result,
      message,
      finishReason,
      usage,
      cost,
      failedAttempts,
      fallbackFrom,
      timeToFirstTokenMs:
        streaming && firstContentAt !== undefined ? firstContentAt - started : undefined,
      latencyMs: clock() - started,
    };
    if (corrections.length > 0) answer.corrections = corrections;
    else delete answer.corrections;
    if (droppedMessages) answer.droppedMessages = droppedMessages;
    else delete answer.droppedMessages;
    if (dropped.length > 0) answer.droppedToolCallData = dropped;
    else delete answer.droppedToolCallData;
    if (searches.length > 0) answer.webSearches = searches;
    if (searchCut) answer.webSearchCut = true;
    else delete answer.webSearchCut;
    const wait = out({ type: "result", result: answer });
    if (wait) await wait;
    return answer;
  }
}

/**
 * The request for the round after a search round. `"required"` asks for a tool call on every
 * request it goes with, not once: kept past a search, it has the model call a tool again, with
 * `$web_search` as the only tool another search (each billed) until the last round's `"none"`,
 * and beside the caller's tools a search again as likely as a call of theirs. The search round
 * met it (the model did call a tool), so the rounds after it go with `"auto"`: the model may call
 * the caller's tools, search again if it needs to, or answer. A named function cannot be met by
 * a search round (the model calls that function), so it stays.
 */
function afterSearch(request: ChatRequest): ChatRequest {
  return request.toolChoice === "required" ? { ...request, toolChoice: "auto" } : request;
}

/** The note for a request whose `"required"` goes only until the model searches (`afterSearch`). */
function requiredNote(request: ChatRequest): string | undefined {
  if (request.toolChoice !== "required") return undefined;
  const functions = (request.tools ?? []).filter((tool) => tool.type === "function");
  const why =
    functions.length === 0
      ? "it would ask for a tool call on each of them, and with $web_search the only tool each would be another billed search"
      : "the search meets it, and it would ask for another tool call on each of them, as likely another billed search as a call of your tools (the model may still call them)";
  return `tool_choice "required" holds until the model searches the web: the requests of the search exchange after a search go with "auto", as ${why}`;
}

/**
 * A request's left-out arguments as its caller knows the calls: a call of theirs with the index
 * its `tool_call` event had (renumbered without the searches), a `$web_search` call marked as one
 * (it is known only by its `web_search` event's callId).
 */
function droppedAsShown(
  result: RunResult,
  hidden: ReadonlySet<number>,
  shown: (index: number) => number,
): DroppedToolCallData[] {
  const searchIds = new Set(
    (result.message.tool_calls ?? []).filter(isWebSearchCall).map((call) => call.id),
  );
  return (result.droppedToolCallData ?? []).map((drop) =>
    hidden.has(drop.index) || searchIds.has(drop.id)
      ? { ...drop, webSearch: true }
      : { ...drop, index: shown(drop.index) },
  );
}

/**
 * Whether the failed request has tokens the provider bills without having reported them: the
 * last of its attempts the provider began to answer (`starts` counts those) reported no usage,
 * or the run ended on an attempt under way (cancelled, its consumer gone) that had begun to be
 * answered (more starts than listed attempts the provider answered), or was cancelled while the
 * provider had its prompt. An attempt that reported its usage is counted as reported instead.
 */
function billedUnreported(thrown: unknown, starts: number): boolean {
  const failure = runFailureOf(thrown);
  if (failure === undefined) return starts > 0;
  if (failure.cancelledInFlight) return true;
  const answered = failure.failedAttempts.filter((attempt) => attempt.answered !== undefined);
  if (failure.endedMidAttempt) return starts > answered.length;
  return answered.at(-1)?.answered?.usage === undefined && starts > 0;
}

/**
 * `error` (a ProviderError) with what the answer had spent before it; the run's report of how it
 * went (`runFailureOf`) stays with it, with the attempts that failed in the requests before it
 * (`earlier`), which the provider may have billed too. Another error is thrown as it is.
 */
function withAccrued(
  error: unknown,
  thrown: unknown,
  accrued: AccruedUsage,
  earlier: readonly FailedAttempt[],
): unknown {
  if (!(error instanceof ProviderError)) return error;
  const carrying = error.withAccrued(accrued);
  const failure = runFailureOf(error) ?? runFailureOf(thrown);
  if (failure)
    noteRunFailure(
      carrying,
      earlier.length > 0 ? { ...failure, earlierFailedAttempts: [...earlier] } : failure,
    );
  return carrying;
}

/**
 * A request refused by a model that always thinks (it refused to stop first, or its config says
 * its effort can only be lowered): Moonshot's tool does not work while it thinks, and nothing
 * here can change that, so the hint says what can.
 */
function explainRefusal(
  error: unknown,
  alwaysThinking: ReadonlySet<string>,
  thinksAlways: ThinksAlways,
  refusedBefore: RefusedThinkingOff,
): unknown {
  if (!(error instanceof ProviderError) || error.errorClass !== "bad_request") return error;
  // Not sent (no status): the runtime knew the model cannot search, and said so already.
  if (error.status === undefined) return error;
  const ref = `${error.provider}/${error.model}`;
  const why =
    alwaysThinking.has(ref) || refusedBefore(ref) ? "it refused thinking off" : thinksAlways(ref);
  if (why === undefined) return error;
  return error.retold({
    hint: `${ref} always thinks (${why}), and Moonshot's $web_search does not work while a model thinks: search with a model that can stop, such as moonshot/kimi-k2.5`,
  });
}

/** The message with `before` ahead of its own text (itself when there is nothing before it). */
function withText(message: AssistantMessage, before: string): AssistantMessage {
  if (before === "") return message;
  return { ...message, content: before + assistantText(message) };
}

/** The message with any `$web_search` calls taken out (and no empty `tool_calls` left). */
function withoutSearchCalls(message: AssistantMessage): AssistantMessage {
  const calls = message.tool_calls;
  if (!calls?.some(isWebSearchCall)) return message;
  const kept = calls.filter((call) => !isWebSearchCall(call));
  const { tool_calls: _dropped, ...rest } = message;
  return kept.length > 0 ? { ...rest, tool_calls: kept } : rest;
}

/** The note of a `webSearch` run whose `toolChoice` "none" lets the model call no tool. */
export const SEARCH_NOT_RUN_NOTE =
  'webSearch not used: toolChoice "none" lets the model call no tool, so the web search was not run (Moonshot\'s $web_search not offered, thinking left as asked); leave toolChoice out or send "auto" for a searched answer';

/**
 * `emit` with `adjustment` (what the request sent differs in from what was asked) added to the
 * first `start` event, where the other departures are reported.
 */
export function noteOnStart(emit: RuntimeSink, adjustment: string | undefined): RuntimeSink {
  if (adjustment === undefined) return emit;
  let pending: string | undefined = adjustment;
  return (event) => {
    if (event.type !== "start" || pending === undefined) return emit(event);
    const adjustments = [...(event.adjustments ?? []), pending];
    pending = undefined;
    return emit({ ...event, adjustments });
  };
}
