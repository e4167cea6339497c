/**
 * The cached prompt tokens a model's requests were recorded with at no price: each row keeps the
 * cost worked out when it was written, so rows from before the config set `cost.cacheRead` priced
 * their cached tokens at 0 though the provider bills them. Such a row's cost is exactly what the
 * model's input and output prices make of its other tokens; a row whose cost is anything else
 * (priced with its cache reads, or at other prices) is not counted.
 */
import { readLedger } from "./usage-report.js";

/** A model's prices now, per 1M tokens: what its rows' costs are checked against. */
export interface InputOutputPrices {
  input: number;
  output: number;
}

/**
 * For each model of `prices`: the cached tokens of its rows since `sinceMs` whose cost leaves
 * them out (only models with some). Rows `gateway.ledger.keepDays` removed cannot be read.
 */
export function readCachedTokensPricedAtZero(
  ledgerPath: string,
  sinceMs: number,
  prices: ReadonlyMap<string, InputOutputPrices>,
): Map<string, number> {
  const found = new Map<string, number>();
  if (prices.size === 0) return found;
  readLedger(ledgerPath, (db) => {
    // Costs are sums of floating-point products: equal up to rounding, not to the bit.
    const query = db
      .prepare(
        `SELECT COALESCE(SUM(cached_tokens), 0) FROM requests
         WHERE ts >= ? AND model_used = ? AND cached_tokens > 0
           AND ABS(cost_usd - ((prompt_tokens - cached_tokens) * ? + completion_tokens * ?) / 1000000.0)
             <= 1e-9 * ABS(cost_usd) + 1e-15`,
      )
      .pluck();
    for (const [model, price] of prices) {
      const tokens = query.get(sinceMs, model, price.input, price.output) as number;
      if (tokens > 0) found.set(model, tokens);
    }
  });
  return found;
}
