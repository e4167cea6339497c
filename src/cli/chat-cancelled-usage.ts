/**
 * What a chat turn cancelled with Ctrl-C used, for `/usage`, and the session's usage row of the
 * request it cut (chat's, and agent's cut by Ctrl-C). The provider reports usage only
 * with the end of an answer, so the request that was cut short reported none, yet it billed the
 * prompt it had and what it streamed: that request is estimated as the gateway's ledger
 * estimates one whose client left (the prompt from the request, the completion from what was
 * streamed, the cost at the model's prices), whether or not the model had begun to answer it. A
 * cancel while no request was out (a tool running, a retry's wait) cut none. The requests the
 * turn finished before (a tool call's round) count as their provider reported them.
 */
import type { AgentEvent, SessionWriter, UsageRecord } from "../agent/index.js";
import type { ModelCost } from "../catalog/types.js";
import type { ChatMessage, Cost, ToolDefinition, Usage } from "../providers/types.js";
import {
  addCost,
  addUsage,
  computeCost,
  estimateCutUsage,
  estimateTextTokens,
  ZERO_COST,
  ZERO_USAGE,
} from "../runtime/index.js";
import type { RunResult } from "../runtime/types.js";
import { runFailureAlong } from "./run-failure-along.js";

/** The request the cancel cut short, while the provider had it. */
export interface CutRequest {
  /** The messages it carried. */
  messages: readonly ChatMessage[];
  tools: ToolDefinition[] | undefined;
  /** The text, reasoning and tool-call arguments it streamed before the cut. */
  streamed: string;
  /** The model it went to, priced by the catalog. */
  model: { ref: string; cost: ModelCost };
  /** Usage the provider reported for it before the cut (it then counts as reported). */
  reported: Usage | undefined;
}

export interface CancelledTurnUsage {
  usage: Usage;
  cost: Cost;
  /** The models whose tokens cost nothing here for want of prices. */
  unpriced: string[];
  /** Whether part of it is an estimate (a request was cut short). */
  estimated: boolean;
}

/** The usage of a cancelled turn: its finished requests as reported, the cut one estimated. */
export function cancelledTurnUsage(
  finished: readonly RunResult[],
  cut: CutRequest | undefined,
): CancelledTurnUsage {
  let usage = ZERO_USAGE;
  let cost = ZERO_COST;
  const unpriced = new Set<string>();
  const add = (model: string, used: Usage | undefined, priced: Cost) => {
    if (used === undefined) return;
    usage = addUsage(usage, used);
    cost = addCost(cost, priced);
    if (used.promptTokens + used.completionTokens > 0 && priced.total === 0) unpriced.add(model);
  };
  for (const run of finished) add(run.model, run.usage, run.cost);
  const cutRow = cutRequestUsage(cut);
  if (cutRow !== undefined) add(cutRow.model, cutRow.usage, cutRow.cost);
  return { usage, cost, unpriced: [...unpriced], estimated: cutRow?.estimated === true };
}

/**
 * The session's usage row of the request a cancel cut short: as its provider reported it, or
 * estimated (marked so) when it had reported nothing. Undefined when no request was out.
 */
export function cutRequestUsage(cut: CutRequest | undefined): UsageRecord | undefined {
  if (cut === undefined) return undefined;
  const priced = (usage: Usage) => computeCost({ cost: cut.model.cost }, usage);
  if (cut.reported !== undefined) {
    return { model: cut.model.ref, usage: cut.reported, cost: priced(cut.reported) };
  }
  const estimate = estimateCutUsage(
    { messages: [...cut.messages], tools: cut.tools },
    estimateTextTokens(cut.streamed),
  );
  return { model: cut.model.ref, usage: estimate, cost: priced(estimate), estimated: true };
}

/** A model of the turn's chain, by its ref. */
type ChainModel = { ref: string; cost: ModelCost };

/**
 * Follows a turn for what a cancel would cut: the request the provider has (the messages it
 * carried, its model, what it streamed so far), none while a tool runs.
 */
export function cutRequestFollower(
  history: readonly ChatMessage[],
  user: ChatMessage,
  chain: readonly ChainModel[],
) {
  const turnMessages: ChatMessage[] = [];
  const modelOf = (ref: string | undefined) => chain.find((member) => member.ref === ref);
  let inFlight: ChainModel | undefined = chain[0];
  let answeredBy: string | undefined;
  let streamed = "";
  let reported: Usage | undefined;
  const nextRequest = (model: ChainModel | undefined) => {
    inFlight = model;
    streamed = "";
    reported = undefined;
  };
  return {
    /** Each message the turn records (the user's first, once the model started to answer). */
    onRecord(message: ChatMessage, meta?: { interrupted?: true }): void {
      if (!meta?.interrupted) turnMessages.push(message);
    },
    onEvent(event: AgentEvent): void {
      if (event.type === "text" || event.type === "reasoning") streamed += event.delta;
      else if (event.type === "tool_call_delta") streamed += event.argumentsDelta;
      else if (event.type === "usage") reported = event.usage;
      else if (event.type === "retry") nextRequest(inFlight);
      else if (event.type === "fallback") nextRequest(modelOf(event.to));
      else if (event.type === "result") {
        // Its usage is the finished request's; its tools run now, with no request out.
        answeredBy = event.result.model;
        inFlight = undefined;
      } else if (event.type === "tool_result") nextRequest(modelOf(answeredBy));
    },
    /** Whether the model began to answer (the turn's user message is then in the session). */
    answered(): boolean {
      return turnMessages.length > 0;
    },
    /**
     * The request the cancel that ended the turn with `thrown` cut, or undefined when none was
     * out: the run says whether its provider had one (the events do not tell a retry's wait, or a
     * tool running after another, from a request sent).
     */
    cut(tools: ToolDefinition[] | undefined, thrown: unknown): CutRequest | undefined {
      if (inFlight === undefined || runFailureAlong(thrown)?.cancelledInFlight !== true)
        return undefined;
      const sent = turnMessages.length > 0 ? turnMessages : [user];
      return { messages: [...history, ...sent], tools, streamed, model: inFlight, reported };
    },
  };
}

/**
 * Keeps the cut request's row in the session: through `writer` when the session holds the turn,
 * else (cancelled before any answer, nothing of the turn kept) through a writer opened for the
 * row alone, so that the session is not put on a model that never answered.
 */
export function appendCutRow(
  row: UsageRecord | undefined,
  writer: SessionWriter | undefined,
  open: () => SessionWriter,
): void {
  if (row === undefined) return;
  if (writer !== undefined) {
    writer.appendUsage(row);
    return;
  }
  const alone = open();
  try {
    alone.appendUsage(row);
  } finally {
    alone.close();
  }
}
