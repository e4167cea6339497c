/**
 * The request's output cap, honoured as the real API honours it: the answer stops at
 * `max_tokens` (or `max_completion_tokens`) tokens with `finish_reason: "length"`. The reasoning
 * counts against the same cap and comes first, so a thinking model given a small cap answers
 * with its reasoning cut and an empty `content`; then the text, then the tool calls, a call cut
 * in its arguments (which are then no whole JSON). Tokens are counted as the usage counts them
 * (`estimateTextTokens`, four characters a token; a tool call's own 4 beside its arguments).
 */
import type { PlannedReply, PlannedToolCall } from "./reply.js";
import { estimateTextTokens } from "./tokens.js";

/** Tokens a tool call costs beside its arguments, as the usage counts it. */
export const TOOL_CALL_TOKENS = 4;

/** The cap a request carries: `max_tokens`, else `max_completion_tokens`; undefined when neither. */
export function requestedOutputCap(body: Record<string, unknown>): number | undefined {
  for (const field of ["max_tokens", "max_completion_tokens"]) {
    const value = body[field];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.floor(value);
  }
  return undefined;
}

/** The first `tokens` tokens of `text` (never half of a surrogate pair). */
function firstTokens(text: string, tokens: number): string {
  const cut = text.slice(0, Math.max(0, tokens) * 4);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Tokens of the planned answer, as its usage counts them. */
export function plannedTokens(
  plan: Pick<PlannedReply, "text" | "reasoning" | "toolCalls">,
): number {
  return (
    estimateTextTokens(plan.reasoning ?? "") +
    estimateTextTokens(plan.text) +
    plan.toolCalls.reduce((n, call) => n + estimateTextTokens(call.arguments) + TOOL_CALL_TOKENS, 0)
  );
}

/**
 * The plan as sent under `cap`: unchanged when it fits, else cut there with finish reason
 * `length` and `cap` completion tokens. A tool call is begun only when a token is left for it,
 * and keeps the part of its arguments that fits.
 */
export function cutAtOutputCap(plan: PlannedReply, cap: number | undefined): PlannedReply {
  if (cap === undefined || plannedTokens(plan) <= cap) return plan;
  let left = cap;
  const reasoningTokens = estimateTextTokens(plan.reasoning ?? "");
  const reasoning =
    plan.reasoning === undefined
      ? undefined
      : firstTokens(plan.reasoning, Math.min(left, reasoningTokens));
  left -= Math.min(left, reasoningTokens);
  const textTokens = estimateTextTokens(plan.text);
  const text = firstTokens(plan.text, Math.min(left, textTokens));
  left -= Math.min(left, textTokens);
  const toolCalls: PlannedToolCall[] = [];
  for (const call of plan.toolCalls) {
    if (left <= 0) break;
    const cost = estimateTextTokens(call.arguments) + TOOL_CALL_TOKENS;
    if (cost <= left) {
      toolCalls.push(call);
      left -= cost;
      continue;
    }
    toolCalls.push({ ...call, arguments: firstTokens(call.arguments, left - TOOL_CALL_TOKENS) });
    left = 0;
  }
  return {
    ...plan,
    reasoning,
    text,
    toolCalls,
    finishReason: "length",
    completionTokens: cap,
    ...(plan.reasoningTokens !== undefined
      ? { reasoningTokens: Math.min(plan.reasoningTokens, cap) }
      : {}),
  };
}
