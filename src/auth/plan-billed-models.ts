/**
 * Which models and groups of requests a plan's quota paid (see plan-billing.ts), as `agent`,
 * `chat`, `usage` and the library's usage report say it: the words for people stay in the CLI.
 */
import type { LoadedConfig } from "../config/index.js";
import { billedByPlan } from "./plan-billing.js";

/** How a model, a group of requests or a run is billed, as --json says it. */
export type Billing = "tokens" | "plan" | "mixed";

/** Whether `provider` bills by a plan, with the `baseUrl` the config gives it, if any. */
export function providerBilledByPlan(provider: string, loaded: LoadedConfig | undefined): boolean {
  const baseUrl = loaded?.config.models?.providers?.[provider]?.baseUrl;
  return billedByPlan(provider, baseUrl, loaded?.env ?? process.env);
}

/** Of `refs` (`provider/model`), those whose provider bills by a plan. */
export function planBilledModels(
  refs: readonly string[],
  loaded: LoadedConfig | undefined,
): string[] {
  return refs.filter((ref) => {
    const slash = ref.indexOf("/");
    return slash > 0 && providerBilledByPlan(ref.slice(0, slash), loaded);
  });
}

/** `plan` when every one is on a plan, `tokens` when none is, else `mixed`. */
export function billingOf(onPlan: number, of: number): Billing {
  if (onPlan === 0) return "tokens";
  return onPlan === of ? "plan" : "mixed";
}
