/**
 * What a run tells its caller at the end: the result of an answer (its usage and cost, the
 * model that gave it, what happened before), or, for a run that failed, its error told with the
 * chain in mind and what the run did beside it (`RunFailure`).
 */
import type { ResolvedModel } from "../catalog/types.js";
import { defaultMaxTokens, maxTokensSent } from "../providers/build-chat-request.js";
import { ProviderError } from "../providers/errors.js";
import type { ChatRequest, StreamEvent } from "../providers/types.js";
import { afterFallbacks, outsideDefaultChain } from "./after-fallbacks.js";
import type { AnsweringReason } from "./answering-failure.js";
import { type KeyFix, toldWholeChain } from "./chain-failure.js";
import { computeCost } from "./cost.js";
import { withForcedOffReasoning } from "./reasoning.js";
import { noteRunFailure, type RunFailure } from "./run-failure.js";
import type { CorrectedRequest, FailedAttempt, MaxTokensLowered, RunResult } from "./types.js";

/** How a run is going, kept for the report of a run that fails (`RunFailure`). */
export interface RunState {
  chain: ResolvedModel[];
  /** The chain's first model as configured, when it was left out of `chain` (see RunChain). */
  leftOutFirst: string | undefined;
  candidates: ResolvedModel[];
  /** The model a request was last sent to. */
  called: ResolvedModel | undefined;
  /** The run was cancelled while that request was with the provider (RunFailure). */
  cancelledInFlight: boolean;
  /** The run ended during an attempt sent and not in `failedAttempts` (RunFailure). */
  endedMidAttempt: boolean;
  retries: number;
  failedAttempts: FailedAttempt[];
  corrections: CorrectedRequest[];
  /** The models passed over for a missing key, with what to do (a chain failure's hint). */
  keyFixes: KeyFix[];
  /** Why the run's error is not the last model's failure, when it is not (answering-failure.ts). */
  answeringReason: AnsweringReason | undefined;
  /**
   * Each model's last failure, in the order tried, of those a request was sent to and the run
   * moved on from: what the one answered with is chosen among them, and a chain failure's hint
   * tells what the others said to do too.
   */
  movedOnFrom: ProviderError[];
}

/** A run's state before it resolved its chain. */
export function newRunState(): RunState {
  return {
    chain: [],
    leftOutFirst: undefined,
    candidates: [],
    called: undefined,
    cancelledInFlight: false,
    endedMidAttempt: false,
    retries: 0,
    failedAttempts: [],
    corrections: [],
    keyFixes: [],
    answeringReason: undefined,
    movedOnFrom: [],
  };
}

/** The answer `model` gave at `index` of the run's models, with how the run came to it. */
export interface FinishedAttempt {
  model: ResolvedModel;
  /** Where `model` stands in the run's models (0: the first). */
  index: number;
  request: ChatRequest;
  done: Extract<StreamEvent, { type: "done" }>;
  requestedModel: string;
  streaming: boolean;
  /** Clock readings: the run's start, its first content event (if any), now. */
  started: number;
  firstTokenAt: number | undefined;
  now: number;
  droppedMessages: number;
  /** Whether the caller's request set `maxTokens` (a cap the runtime never lowers). */
  callerCapped: boolean;
  /** The input tokens counted beside the cap `request` carries. */
  inputTokens: number;
  /**
   * The window input and cap were fitted to: the model's, or the limit the provider refused the
   * request against when the cap was lowered after that refusal.
   */
  contextWindow: number;
}

/** The result of a run that `attempt` answered: usage and cost, fallbacks, retries, timings. */
export function finishedRunResult(state: RunState, attempt: FinishedAttempt): RunResult {
  const { model, done, started, firstTokenAt } = attempt;
  const failedAttempts = state.failedAttempts;
  const usage = done.usage;
  // The chain's first model, tried and failed or skipped (its input takes no images, it continues
  // no partial message): whatever answers in its place is a fallback.
  const first = state.chain[0]?.ref;
  const movedOn =
    (first !== undefined && first !== model.ref) ||
    attempt.index > 0 ||
    failedAttempts.some((f) => f.model !== model.ref);
  const fallbackFrom = state.leftOutFirst ?? (movedOn ? (first ?? model.ref) : undefined);
  return {
    message: withForcedOffReasoning(model, attempt.request, done.message),
    finishReason: done.finishReason,
    usage,
    traceId: done.traceId,
    model: model.ref,
    requestedModel: attempt.requestedModel,
    cost: computeCost(model, usage),
    failedAttempts,
    ...(state.corrections.length > 0 ? { corrections: [...state.corrections] } : {}),
    retries: state.retries,
    fallbackFrom,
    timeToFirstTokenMs:
      attempt.streaming && firstTokenAt !== undefined ? firstTokenAt - started : undefined,
    latencyMs: attempt.now - started,
    ...(attempt.droppedMessages > 0 ? { droppedMessages: attempt.droppedMessages } : {}),
    ...(done.droppedToolCallData ? { droppedToolCallData: done.droppedToolCallData } : {}),
    ...outputCapOf(attempt),
  };
}

/** The cap the answering request carried, and why when the runtime sent less than the default. */
function outputCapOf(
  attempt: FinishedAttempt,
): Pick<RunResult, "maxTokensSent" | "maxTokensLowered"> {
  const { model, request } = attempt;
  const sent = maxTokensSent(model, request);
  const from = defaultMaxTokens(model);
  if (attempt.callerCapped || sent >= from) return { maxTokensSent: sent };
  const lowered: MaxTokensLowered = {
    from,
    inputTokens: attempt.inputTokens,
    contextWindow: attempt.contextWindow,
  };
  return { maxTokensSent: sent, maxTokensLowered: lowered };
}

/**
 * What a failed run did, beside its error: the model called last, whether that was a fallback,
 * `coolingMs` until some model of the chain can be called again.
 */
export function runFailureFrom(state: RunState, coolingMs: number | undefined): RunFailure {
  const model = state.called?.ref;
  const first = state.leftOutFirst ?? state.chain[0]?.ref;
  return {
    model,
    fallbackFrom: model !== undefined && first !== undefined && model !== first ? first : undefined,
    failedAttempts: state.failedAttempts,
    corrections: state.corrections,
    retries: state.retries,
    coolingMs,
    cancelledInFlight: state.cancelledInFlight,
    endedMidAttempt: state.endedMidAttempt,
  };
}

/**
 * `error`, which ended the run, as the caller is told it: with the chain in mind (a hint asking
 * for a fallback where some failed too says so; a run past several models says what happened to
 * each; a model asked for by name points to the default chain's fallbacks, `defaultChain` the
 * refs of that chain when the run asked for another model, `askForDefault` how the caller asks for
 * it), and what the run did kept beside it.
 */
export function toldRunFailure(
  error: unknown,
  state: RunState,
  coolingMs: (models: readonly ResolvedModel[]) => number | undefined,
  defaultChain: readonly string[] = [],
  askForDefault?: string,
): unknown {
  const left = state.chain.filter((model) => !state.candidates.includes(model));
  const from = error instanceof ProviderError ? `${error.provider}/${error.model}` : undefined;
  const told = toldWholeChain(
    afterFallbacks(
      outsideDefaultChain(error, state.candidates.length === 1 ? defaultChain : [], askForDefault),
      state.candidates.length > 1,
      state.candidates.length > 0 ? left.map((model) => model.ref) : [],
      {
        refs: state.candidates.map((model) => model.ref).filter((ref) => ref !== from),
        keyless: state.keyFixes.map((fix) => fix.model),
      },
    ),
    state.failedAttempts,
    state.keyFixes,
    state.answeringReason,
    state.movedOnFrom,
  );
  noteRunFailure(told, runFailureFrom(state, coolingMs(state.candidates)));
  return told;
}
