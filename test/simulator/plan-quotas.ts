/**
 * The week's and the 5-hour window's quotas Kimi Code's `GET /usages` reports, as they stand at
 * the request: an option given as a function is asked on every request, so a simulator left
 * running keeps a plan whose resets move with the clock.
 */
import type { SimQuota, SimulatorOptions } from "./types.js";

/** The tests' fixed default: a reset long past, which no test's outcome depends on. */
const DEFAULT_WEEK: SimQuota = { limit: 100, remaining: 80, resetTime: "2026-07-01T00:00:00Z" };

export function planQuotas(options: SimulatorOptions): { week: SimQuota; fiveHours: SimQuota } {
  const week = quotaNow(options.kimiCodeUsage) ?? DEFAULT_WEEK;
  return { week, fiveHours: quotaNow(options.kimiCodeWindow) ?? week };
}

function quotaNow(option: SimulatorOptions["kimiCodeUsage"]): SimQuota | undefined {
  return typeof option === "function" ? option() : option;
}
