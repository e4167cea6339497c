/**
 * Hourly usage totals kept beside the ledger's rows, so that `openclaw usage` reads a few rows per
 * hour and model instead of every request. The gateway adds each request to an in-memory total as
 * it records the row; the writer stores rows and totals in the same transaction, so they always
 * agree. Everything here is pure: the SQL text and the accumulation.
 */
import type { LedgerRow } from "./ledger.js";

export const HOUR_MS = 3_600_000;

/** What the report adds up. */
export interface UsageSums {
  /** Requests counted (the cancelled and failed ones included). */
  requests: number;
  /** Requests that failed (the report tells those the client cancelled apart: `cancelled`). */
  errors: number;
  /** Requests that moved on from their chain's first model. */
  fallbacks: number;
  /** Prompt tokens, cached ones included. */
  promptTokens: number;
  /** Completion tokens. */
  completionTokens: number;
  /** Prompt tokens the provider read from its cache. */
  cachedTokens: number;
  /** Cost in USD at the prices each request was recorded with. */
  costUsd: number;
  /** Sum of the requests' latencies (the report divides by `requests`). */
  latencyMs: number;
  /** Web searches Moonshot ran (billed per search, beside the tokens). */
  webSearches: number;
  /** Requests whose tokens and cost are the gateway's estimate (a stream cut before its usage). */
  estimatedRequests: number;
}

export function zeroUsageSums(): UsageSums {
  return {
    requests: 0,
    errors: 0,
    fallbacks: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    latencyMs: 0,
    webSearches: 0,
    estimatedRequests: 0,
  };
}

/** Adds `from` into `into`; missing values (SQL sums over no rows are NULL) count as 0. */
export function addUsageSums(into: UsageSums, from: Partial<UsageSums>): void {
  into.requests += from.requests ?? 0;
  into.errors += from.errors ?? 0;
  into.fallbacks += from.fallbacks ?? 0;
  into.promptTokens += from.promptTokens ?? 0;
  into.completionTokens += from.completionTokens ?? 0;
  into.cachedTokens += from.cachedTokens ?? 0;
  into.costUsd += from.costUsd ?? 0;
  into.latencyMs += from.latencyMs ?? 0;
  into.webSearches += from.webSearches ?? 0;
  into.estimatedRequests += from.estimatedRequests ?? 0;
}

/** One hour's totals for one model (as the report groups it) and provider. */
export interface HourlyUsage extends UsageSums {
  /** Hours since the epoch (UTC). */
  hour: number;
  model: string;
  provider: string;
}

/**
 * The provider of an hour's requests no model was called for (refused before any upstream call:
 * an unknown model, every model cooling down or without a key, a bad request). Hours written by
 * older versions keep the model name as typed beside it; the report shows all of them as
 * `NOT_SENT`, one row.
 */
export const NO_PROVIDER = "(none)";

/** How `openclaw usage` groups requests no model was called for, by model and by provider. */
export const NOT_SENT = "(not sent)";

/** The provider of a `provider/model` ref, as the ledger's `provider` column has it. */
export function providerOfRef(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const slash = ref.indexOf("/");
  return slash > 0 ? ref.slice(0, slash) : undefined;
}

/** Totals per hour, model and provider since the last `take()`. */
export class UsageRollup {
  private totals = new Map<string, HourlyUsage>();

  add(row: LedgerRow): void {
    const hour = Math.floor(row.ts / HOUR_MS);
    const total = this.totalOf(hour, row.modelUsed);
    // Attempts that fell through are billed to the model that spent them: their tokens and cost
    // count there (the tokens the provider reported; unknown ones cannot be), the request not.
    for (const attempt of row.fellThrough ?? []) {
      const spent = this.totalOf(hour, attempt.model);
      spent.promptTokens += attempt.prompt_tokens ?? 0;
      spent.completionTokens += attempt.completion_tokens ?? 0;
      spent.cachedTokens += attempt.cached_tokens ?? 0;
      spent.costUsd += attempt.cost_usd ?? 0;
    }
    total.requests++;
    if (row.outcome !== "ok") total.errors++;
    if (row.fallbackFrom !== undefined) total.fallbacks++;
    total.promptTokens += row.promptTokens;
    total.completionTokens += row.completionTokens;
    total.cachedTokens += row.cachedTokens;
    total.costUsd += row.costUsd;
    total.latencyMs += row.latencyMs;
    total.webSearches += row.webSearches;
    if (row.estimated) total.estimatedRequests++;
  }

  private totalOf(hour: number, ref: string | undefined): HourlyUsage {
    const model = ref ?? NOT_SENT;
    const provider = providerOfRef(ref) ?? NO_PROVIDER;
    const key = `${hour}\n${model}\n${provider}`;
    let total = this.totals.get(key);
    if (!total) {
      total = { hour, model, provider, ...zeroUsageSums() };
      this.totals.set(key, total);
    }
    return total;
  }

  /** The totals gathered so far; the rollup starts again from zero. */
  take(): HourlyUsage[] {
    const taken = [...this.totals.values()];
    this.totals = new Map();
    return taken;
  }
}

const SUM_COLUMNS =
  "requests, errors, fallbacks, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, web_searches, estimated_requests";

export const ROLLUP_SCHEMA = `
CREATE TABLE IF NOT EXISTS usage_hourly (
  hour INTEGER NOT NULL,
  model TEXT NOT NULL,
  provider TEXT NOT NULL,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  fallbacks INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cached_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  latency_ms REAL NOT NULL,
  web_searches INTEGER NOT NULL DEFAULT 0,
  estimated_requests INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, model, provider)
);
`;

/**
 * Columns added to `usage_hourly` since it first shipped, with their definitions: a table an
 * older version made gets them (as 0 for the hours before; none of those hours had any).
 */
export const ROLLUP_ADDED_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ["web_searches", "INTEGER NOT NULL DEFAULT 0"],
  ["estimated_requests", "INTEGER NOT NULL DEFAULT 0"],
];

/** Adds one `HourlyUsage` (as 13 values in its field order) to the stored totals. */
export const ROLLUP_UPSERT = `INSERT INTO usage_hourly (hour, model, provider, ${SUM_COLUMNS})
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (hour, model, provider) DO UPDATE SET ${SUM_COLUMNS.split(", ")
  .map((column) => `${column} = ${column} + excluded.${column}`)
  .join(", ")}`;

/** Totals for every row already in `requests` (a ledger from before the rollup existed). */
export const ROLLUP_REBUILD = `INSERT INTO usage_hourly (hour, model, provider, ${SUM_COLUMNS})
SELECT ts / ${HOUR_MS}, COALESCE(model_used, '${NOT_SENT}'), COALESCE(provider, '${NO_PROVIDER}'),
  COUNT(*), SUM(outcome != 'ok'), SUM(fallback_from IS NOT NULL), SUM(prompt_tokens),
  SUM(completion_tokens), SUM(cached_tokens), SUM(cost_usd), SUM(latency_ms),
  SUM(COALESCE(web_searches, 0)), SUM(COALESCE(estimated, 0))
FROM requests GROUP BY 1, 2, 3`;

/** The values `ROLLUP_UPSERT` takes for one total. */
export function upsertValues(total: HourlyUsage): Array<string | number> {
  return [
    total.hour,
    total.model,
    total.provider,
    total.requests,
    total.errors,
    total.fallbacks,
    total.promptTokens,
    total.completionTokens,
    total.cachedTokens,
    total.costUsd,
    total.latencyMs,
    total.webSearches,
    total.estimatedRequests,
  ];
}
