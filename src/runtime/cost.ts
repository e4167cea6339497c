import type { ModelCost } from "../catalog/types.js";
import type { Cost, Usage } from "../providers/types.js";

const PER_TOKEN = 1 / 1_000_000;

/**
 * USD for one call, from the model's `cost` table (USD per one million tokens). Cached prompt
 * tokens are billed at the cache-read price instead of the input price, and tokens written to the
 * cache at the cache-write price, so `input` only counts the uncached remainder.
 */
export function computeCost(model: { cost: ModelCost }, usage: Usage | undefined): Cost {
  if (!usage) return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 };
  const cached = clamp(usage.cachedTokens, usage.promptTokens);
  const written = clamp(usage.cacheWriteTokens, usage.promptTokens - cached);
  const uncached = Math.max(0, usage.promptTokens - cached - written);
  const input = uncached * model.cost.input * PER_TOKEN;
  const output = Math.max(0, usage.completionTokens) * model.cost.output * PER_TOKEN;
  const cacheRead = cached * model.cost.cacheRead * PER_TOKEN;
  const cacheWrite = written * model.cost.cacheWrite * PER_TOKEN;
  return { input, output, cacheRead, cacheWrite, total: input + output + cacheRead + cacheWrite };
}

/** Adds two costs (a conversation's running total). */
export function addCost(a: Cost, b: Cost): Cost {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    total: a.total + b.total,
  };
}

/** No cost: every amount 0 USD. */
export const ZERO_COST: Cost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 };

/** No tokens: every count 0. */
export const ZERO_USAGE: Usage = {
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
};

/** Adds two token counts (a conversation's running total); a call without usage adds nothing. */
export function addUsage(a: Usage, b: Usage | undefined): Usage {
  if (!b) return a;
  const sum: Usage = {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
  // Reasoning tokens only where a provider reported them: absent stays absent.
  if (a.reasoningTokens !== undefined || b.reasoningTokens !== undefined)
    sum.reasoningTokens = (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0);
  // A count one call left out is not reported for the total either: the sum stays marked, for
  // whoever keeps it to estimate.
  const missing = [...(a.missing ?? [])];
  for (const count of b.missing ?? []) if (!missing.includes(count)) missing.push(count);
  if (missing.length > 0) sum.missing = missing;
  return sum;
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(Number.isFinite(value) ? value : 0, Math.max(0, max)));
}

/**
 * `$1.2345`, `$0.0149`, `$0.0012`, `$0.000020`: four decimals, and below a cent two significant
 * digits (no exponent), so that a cost that is not zero never reads as `$0.0000`. An amount that
 * rounds up to the next power of ten keeps two digits too (`0.00009999` is `$0.00010`).
 */
export function formatUsd(amount: number): string {
  if (amount === 0 || !Number.isFinite(amount)) return "$0";
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  // Rounded to two significant digits first (`2.0e-5`): the rounding can carry into the next
  // decade, so the exponent is the rounded amount's, read from its text (no log10 inexactness).
  const twoDigits = abs.toExponential(1);
  const rounded = Number(twoDigits);
  if (rounded >= 0.01) return `${sign}$${abs.toFixed(4)}`;
  // Two significant digits: 2.0e-5 has its first at the 5th decimal, so 6 decimals.
  const decimals = 1 - Number(twoDigits.slice(twoDigits.indexOf("e") + 1));
  return decimals > 20
    ? `${sign}$${abs.toPrecision(2)}`
    : `${sign}$${rounded.toFixed(Math.max(4, decimals))}`;
}
