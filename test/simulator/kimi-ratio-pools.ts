/**
 * Kimi Code's `GET /usages` in the ratio shape some accounts get since September 2026
 * (akitaonrails/ai-usagebar#199, steipete/CodexBar#3697): no `usage` nor `limits`, the windows
 * under `usages` by name, each the share used as a JSON number and its reset to the second.
 */
import { planQuotas } from "./plan-quotas.js";
import type { SimQuota, SimulatorOptions } from "./types.js";

interface RatioPool {
  used_ratio: number;
  reset_time: string;
}

export function kimiCodeRatioPools(options: SimulatorOptions): {
  usages: Record<string, RatioPool>;
} {
  const { week, fiveHours } = planQuotas(options);
  const month = options.kimiCodeMonth;
  return {
    usages: {
      limit_5h: poolOf(fiveHours),
      limit_7d: poolOf(week),
      ...(month
        ? {
            limit_month_total: {
              used_ratio: month.usedRatio,
              reset_time: toSecond(month.resetTime),
            },
          }
        : {}),
    },
  };
}

function poolOf(quota: SimQuota): RatioPool {
  return {
    used_ratio: (quota.limit - quota.remaining) / quota.limit,
    reset_time: toSecond(quota.resetTime),
  };
}

/** `2026-09-16T20:11:32Z`: the pools' times are to the second, the counts' to the microsecond. */
function toSecond(time: string): string {
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? time : `${new Date(parsed).toISOString().slice(0, 19)}Z`;
}
