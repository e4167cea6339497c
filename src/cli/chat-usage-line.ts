/**
 * The line `/usage` answers in a chat: answers, tokens and cost so far, and the session. Turns
 * cancelled with Ctrl-C count as well (the provider bills them); where one was cut before its
 * provider reported usage, its part is an estimate, and the numbers say so with a `~`, as
 * `openclaw usage` marks the gateway's estimates.
 */
import type { LoadedConfig } from "../config/index.js";
import type { Cost, Usage } from "../providers/types.js";
import { costText } from "./commands/agent-render.js";
import { count } from "./commands/usage-numbers.js";

export interface ChatTotals {
  usage: Usage;
  cost: Cost;
  answers: number;
  /** The models whose tokens cost nothing here for want of prices. */
  unpriced: string[];
  /** Turns cut short by Ctrl-C. */
  cancelled: number;
  /** Whether part of the totals is the chat's estimate of a request cut before its usage came. */
  estimated: boolean;
}

export function usageLine(totals: ChatTotals, loaded: LoadedConfig, sessionId: string): string {
  const { usage, answers, cancelled } = totals;
  const about = totals.estimated ? "~" : "";
  const turns = `${answers} ${answers === 1 ? "answer" : "answers"}${cancelled > 0 ? `, ${cancelled} cancelled` : ""}`;
  const tokens = `${about}${count(usage.promptTokens)} tokens in (${count(usage.cachedTokens)} cached), ${about}${count(usage.completionTokens)} out`;
  const cost = costText(totals.cost, totals.unpriced, loaded);
  // A dollar amount is what is estimated; "unknown (no prices …)" stays as it is.
  const costPart = `cost ${cost.startsWith("$") ? about : ""}${cost}`;
  const note = totals.estimated
    ? " · ~ estimated for an answer cancelled before its provider reported usage (it reports it when an answer ends)"
    : "";
  return `${turns} · ${tokens} · ${costPart}${note} · session ${sessionId}`;
}
