/**
 * The ledger's latest requests, one by one, for `openclaw usage --last` and `--errors`: what
 * happened to a request, which model answered, and the provider's trace id to quote to support.
 */
import type { ChatApi, LedgerRow } from "./ledger.js";
import { ledgerHasColumn, readLedger } from "./usage-report.js";

/** One row of the `requests` view, as SQLite returns it. */
interface StoredRequest {
  ts: number;
  request_id: string;
  trace_id: string | null;
  client: string;
  model_requested: string | null;
  model_used: string | null;
  fallback_from: string | null;
  stream: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
  status: number;
  outcome: string;
  error_class: string | null;
  /** NULL on rows written before the ledger recorded the API. */
  api: string | null;
  /** NULL on rows written before the ledger recorded web searches. */
  web_searches: number | null;
  /** NULL on rows written before the ledger marked estimates. */
  estimated: number | null;
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

const isChatApi = (value: string | null): value is ChatApi =>
  value === "chat_completions" || value === "responses";

function toLedgerRow(stored: StoredRequest): LedgerRow {
  return {
    ts: stored.ts,
    requestId: stored.request_id,
    traceId: orUndefined(stored.trace_id),
    client: stored.client,
    modelRequested: orUndefined(stored.model_requested),
    modelUsed: orUndefined(stored.model_used),
    fallbackFrom: orUndefined(stored.fallback_from),
    stream: stored.stream === 1,
    promptTokens: stored.prompt_tokens,
    completionTokens: stored.completion_tokens,
    cachedTokens: stored.cached_tokens,
    costUsd: stored.cost_usd,
    latencyMs: stored.latency_ms,
    ttftMs: orUndefined(stored.ttft_ms),
    status: stored.status,
    outcome: stored.outcome,
    errorClass: orUndefined(stored.error_class),
    api: isChatApi(stored.api) ? stored.api : undefined,
    webSearches: stored.web_searches ?? 0,
    estimated: stored.estimated === 1,
  };
}

/** Up to `limit` requests since `sinceMs` (only failed ones with `errorsOnly`), oldest first. */
export function readRecentRequests(options: {
  ledgerPath: string;
  sinceMs: number;
  limit: number;
  errorsOnly: boolean;
}): LedgerRow[] {
  const rows = readLedger(options.ledgerPath, (db) => {
    // A ledger no gateway of this version has opened yet has no `api` column: none recorded.
    const api = ledgerHasColumn(db, "requests", "api") ? "api" : "NULL AS api";
    const searches = ledgerHasColumn(db, "requests", "web_searches")
      ? "web_searches"
      : "NULL AS web_searches";
    const estimated = ledgerHasColumn(db, "requests", "estimated")
      ? "estimated"
      : "NULL AS estimated";
    return db
      .prepare(
        `SELECT ts, request_id, trace_id, client, model_requested, model_used, fallback_from,
           stream, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms,
           ttft_ms, status, outcome, error_class, ${api}, ${searches}, ${estimated}
         FROM requests WHERE ts >= ?${options.errorsOnly ? " AND outcome != 'ok'" : ""}
         ORDER BY id DESC LIMIT ?`,
      )
      .all(options.sinceMs, options.limit) as StoredRequest[];
  });
  return (rows ?? []).reverse().map(toLedgerRow);
}
