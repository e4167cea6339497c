/**
 * The week's and the 5-hour window's quotas Kimi Code's `GET /usages` reports, as they stand at
 * the request: an option given as a function is asked on every request, so a simulator left
 * running keeps a plan whose resets move with the clock.
 */
import { handRunPlan } from "./try-it.js";
import type { SimQuota, SimulatorOptions } from "./types.js";

/**
 * Without options, a live plan's: its resets ahead of the clock, worked out at each request (a
 * fixed date went by, and every simulator then answered "already passed", as no live plan does).
 * A test that needs a time of its own, past or near, gives it.
 */
const LIVE_PLAN = handRunPlan();

export function planQuotas(options: SimulatorOptions): { week: SimQuota; fiveHours: SimQuota } {
  const given = quotaNow(options.kimiCodeUsage);
  const week = given ?? quotaNow(LIVE_PLAN.kimiCodeUsage)!;
  // A week given alone stands for both windows, as before; none given, each its own.
  const fiveHours =
    quotaNow(options.kimiCodeWindow) ?? given ?? quotaNow(LIVE_PLAN.kimiCodeWindow)!;
  return { week, fiveHours };
}

function quotaNow(option: SimulatorOptions["kimiCodeUsage"]): SimQuota | undefined {
  return typeof option === "function" ? option() : option;
}
