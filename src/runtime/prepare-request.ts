/**
 * A request made ready for one model: with reasoning slots when it thinks, fitted into its
 * context window (by the local estimate, or the provider's exact count when asked for), oldest
 * turns dropped when the run allows it; and what a request that cannot fit is told.
 */
import type { ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { ProviderError } from "../providers/errors.js";
import { isThinkingOn } from "../providers/index.js";
import type { ChatRequest } from "../providers/types.js";
import { count } from "../util/count.js";
import { cancelledError } from "./call-failure.js";
import {
  estimateRequestTokens,
  fitConversation,
  reservedOutputTokens,
  withAnswerRoom,
} from "./estimate.js";
import { keepsAllReasoning, withReasoningSlots } from "./reasoning.js";
import { type countTokensRemote, NoTokenCountEndpoint, tokenCountUrl } from "./token-count.js";
import type { RunOptions } from "./types.js";

/**
 * Base URLs found to have no token-count endpoint (a proxy that passes chat only). A config names
 * a handful; emptied if it ever holds COUNTLESS_LIMIT.
 */
export type CountlessBaseUrls = Set<string>;
const COUNTLESS_LIMIT = 64;

export interface Prepared {
  request: ChatRequest;
  droppedMessages: number;
  /** The input tokens counted for the window (the local estimate, or the exact count). */
  inputTokens: number;
  /** What the preparation could not do as asked, said on the attempt's `start` event. */
  note?: string;
}

/** The request as `model` gets it: with reasoning slots when thinking is on. */
function requestFor(model: ResolvedModel, run: RunOptions): ChatRequest {
  return isThinkingOn(model, run.request)
    ? {
        ...run.request,
        messages: withReasoningSlots(run.request.messages, keepsAllReasoning(run.request)),
      }
    : run.request;
}

/**
 * Fits the request into the model's window per the policy; `tooLong` when it cannot fit.
 * `scale` turns the local estimate into the exact count's units (1 without an exact count).
 */
function fitWindow(
  model: ResolvedModel,
  run: RunOptions,
  request: ChatRequest,
  estimate: number,
  scale: number,
  exact: boolean,
): Prepared | { tooLong: number } {
  const thinking = isThinkingOn(model, request);
  const budget = model.contextWindow - reservedOutputTokens(request, model, thinking);
  if (estimate <= budget) {
    return {
      request: withAnswerRoom(request, model, estimate, exact, thinking),
      droppedMessages: 0,
      inputTokens: estimate,
    };
  }
  if (run.context !== "drop-oldest") return { tooLong: estimate };
  const fitted = fitConversation(request, Math.floor(budget / Math.max(scale, 0.01)));
  if (!fitted) return { tooLong: estimate };
  const shorter: ChatRequest = { ...request, messages: fitted.messages };
  const left = Math.ceil(estimateRequestTokens(shorter) * scale);
  return {
    request: withAnswerRoom(shorter, model, left, false, thinking),
    droppedMessages: fitted.droppedMessages,
    inputTokens: left,
  };
}

/** With the local token estimate: no waiting, no promise. */
export function prepareLocally(
  model: ResolvedModel,
  run: RunOptions,
): Prepared | { tooLong: number } {
  const request = requestFor(model, run);
  return fitWindow(model, run, request, estimateRequestTokens(request), 1, false);
}

/**
 * With the provider's exact token count (`exactTokenCount`). The count only sharpens the
 * context check, so a count that cannot be had (the endpoint down or refusing, the network)
 * does not end the run: the local estimate stands in and the note says why. A refused key or
 * an empty balance then meets the chat request itself, with its retries, benches and
 * fallbacks, where a failure of the count used to end the run without trying any of them.
 * A base URL found to have no token-count endpoint goes into `countless`: not asked again, each
 * later run's note says why its count is the estimate.
 */
export async function prepareExactly(
  model: ResolvedModel,
  run: RunOptions,
  apiKey: string | undefined,
  countTokens: typeof countTokensRemote,
  countless?: CountlessBaseUrls,
): Promise<Prepared | { tooLong: number }> {
  const request = requestFor(model, run);
  const estimate = estimateRequestTokens(request);
  if (countless?.has(model.baseUrl)) {
    const estimated = fitWindow(model, run, request, estimate, 1, false);
    if ("tooLong" in estimated) return estimated;
    return {
      ...estimated,
      note: `${tokenCountUrl(model)} answered an earlier request as a path it has no route at (no token-count endpoint there); the context check used the local estimate, without asking again at this base URL`,
    };
  }
  let exact: number;
  try {
    exact = await countTokens(model, request, apiKey, run.signal);
  } catch (error) {
    // A run cancelled (or past its signal's deadline) while counting is that, not a failure.
    if (run.signal?.aborted) throw cancelledError(model, run.signal, error);
    const estimated = fitWindow(model, run, request, estimate, 1, false);
    if ("tooLong" in estimated) return estimated;
    const why = error instanceof Error ? error.message : String(error);
    // Later runs at this base URL use the estimate without asking; their note says why.
    if (error instanceof NoTokenCountEndpoint && countless) {
      if (countless.size >= COUNTLESS_LIMIT) countless.clear();
      countless.add(model.baseUrl);
      return {
        ...estimated,
        note: `${why}; the context check used the local estimate instead, as it will at this base URL without asking again`,
      };
    }
    return { ...estimated, note: `${why}; the context check used the local estimate instead` };
  }
  return fitWindow(model, run, request, exact, estimate > 0 ? exact / estimate : 1, true);
}

/** Why `model` was skipped: the request is about `estimate` tokens, over its context window. */
export function tooLongSkip(model: ResolvedModel, estimate: number): ProviderError {
  return new ProviderError({
    errorClass: "context_length",
    message: `${model.ref} skipped: the request is about ${count(estimate)} tokens, over its context window of ${count(model.contextWindow)}`,
    provider: model.provider,
    model: model.id,
  });
}

/**
 * The failure of a run no model of which could take `request` (about `estimate` tokens), told
 * of `model`, the first that was too small: its window, what is kept for the answer, what to do.
 */
export function contextTooLongError(
  model: ResolvedModel,
  estimate: number,
  request: ChatRequest,
): OpenClawError {
  const thinking = isThinkingOn(model, request);
  const kept = reservedOutputTokens(request, model, thinking);
  const why =
    thinking && request.maxTokens === undefined
      ? ": a thinking model reasons before it answers"
      : "";
  return new OpenClawError(
    "context_too_long",
    `the request is about ${count(estimate)} tokens, more than ${model.ref} can take (context window ${count(model.contextWindow)}, ${count(kept)} kept for the answer${why})`,
    {
      // Only a cap the caller set can be lowered; without one, the answer floor is what is kept.
      hint:
        request.maxTokens === undefined
          ? "shorten the conversation (start a new session), or pick a model with a larger contextWindow"
          : `shorten the conversation (start a new session), ask for fewer than ${count(request.maxTokens)} output tokens, or pick a model with a larger contextWindow`,
      where: model.ref,
      overflow: {
        by: "estimate",
        promptTokens: estimate,
        contextWindow: model.contextWindow,
        keptForAnswer: kept,
      },
    },
  );
}
