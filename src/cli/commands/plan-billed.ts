/**
 * Models billed by a plan's quota (Kimi Code, see auth/plan-billing.ts) as `agent`, `chat` and
 * `usage` tell them: their tokens cost $0 because the subscription pays for them, so "cost
 * unknown" and "set a price" would both be wrong. What they use is the plan's quota, which
 * `models status --probe` shows.
 */
import { type Billing, billingOf, planBilledModels } from "../../auth/plan-billed-models.js";
import type { LoadedConfig } from "../../config/index.js";
import { printable } from "../output.js";
import { namesOf } from "./usage-prices.js";

/** Where a person sees what is left of the plan. */
export const PLAN_QUOTA_COMMAND = "openclaw models status --probe";

/** How a cost is worded for a reader who has seen it before. */
export interface CostWording {
  /**
   * What a plan's quota is and where to see what is left was said already (a chat's earlier
   * footer): the words are not repeated after each answer.
   */
  planQuotaExplained?: boolean;
  /**
   * The models whose missing prices an earlier footer explained ("no prices for …", "the config
   * prices … at 0, at …"): their cost is said to be unknown without the why again.
   */
  unpricedExplained?: readonly string[];
}

/** The footer's cost for requests on a plan, in place of dollars. */
export function planCostText(
  models: readonly string[],
  alone: boolean,
  wording: CostWording = {},
): string {
  const named = alone ? "" : ` for ${models.map(printable).join(", ")}`;
  if (wording.planQuotaExplained) return `Kimi Code plan quota${named}`;
  return `Kimi Code plan quota${named} (not per token; ${PLAN_QUOTA_COMMAND} shows what is left)`;
}

/** The note under `usage`'s table: what the `plan` cells mean and where the quota is shown. */
export function planBilledNote(models: readonly string[]): string {
  const one = models.length === 1;
  return `plan: ${namesOf(models.map(printable))} ${one ? "is" : "are"} billed by the Kimi Code plan's quota, not per token: ${one ? "its" : "their"} requests count against the subscription's quota and add nothing to Cost (${PLAN_QUOTA_COMMAND} shows what is left)`;
}

/**
 * How a run's requests were billed: a request at a plan-billed provider that cost $0 used the
 * plan's quota; one its config prices above 0 keeps its dollars, as any other does.
 */
export function billingOfRequests(
  requests: ReadonlyArray<{ model: string; cost: { total: number } }>,
  loaded: LoadedConfig | undefined,
): Billing {
  const onPlan = requests.filter(
    (request) => request.cost.total === 0 && planBilledModels([request.model], loaded).length > 0,
  );
  return billingOf(onPlan.length, requests.length);
}
