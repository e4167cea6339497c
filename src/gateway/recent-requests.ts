/**
 * The ledger's latest requests, one by one, for `openclaw usage --last` and `--errors`: what
 * happened to a request, which model answered, and the provider's trace id to quote to support.
 */
import type { ChatApi, FellThroughAttempt, LedgerRow } from "./ledger.js";
import { CANCELLED_ROW } from "./usage-cancelled.js";
import { ledgerHasColumn, readLedger } from "./usage-report.js";

/** A request as the ledger has it, with the provider of the model it was sent to. */
export interface RecentRequest extends LedgerRow {
  /** The ledger's `provider`: of `modelUsed`; undefined when no model was called. */
  provider: string | undefined;
}

/** One row of the `requests` view, as SQLite returns it. */
interface StoredRequest {
  ts: number;
  request_id: string;
  trace_id: string | null;
  client: string;
  model_requested: string | null;
  model_used: string | null;
  provider: string | null;
  fallback_from: string | null;
  /** NULL on rows written before the ledger recorded retries. */
  retries: number | null;
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
  /** JSON of FellThroughAttempt[]; NULL for none, and on rows written before it was recorded. */
  fell_through: string | null;
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** A time measured with performance.now(), to the microsecond: 48.839, not 48.83900399999993. */
const toMicroseconds = (ms: number): number => Math.round(ms * 1000) / 1000;

const isChatApi = (value: string | null): value is ChatApi =>
  value === "chat_completions" ||
  value === "responses" ||
  value === "messages" ||
  value === "completions";

function toRecentRequest(stored: StoredRequest): RecentRequest {
  return {
    ts: stored.ts,
    requestId: stored.request_id,
    traceId: orUndefined(stored.trace_id),
    client: stored.client,
    modelRequested: orUndefined(stored.model_requested),
    modelUsed: orUndefined(stored.model_used),
    provider: orUndefined(stored.provider),
    fallbackFrom: orUndefined(stored.fallback_from),
    retries: orUndefined(stored.retries),
    stream: stored.stream === 1,
    promptTokens: stored.prompt_tokens,
    completionTokens: stored.completion_tokens,
    cachedTokens: stored.cached_tokens,
    costUsd: stored.cost_usd,
    latencyMs: toMicroseconds(stored.latency_ms),
    ttftMs: stored.ttft_ms === null ? undefined : toMicroseconds(stored.ttft_ms),
    status: stored.status,
    outcome: stored.outcome,
    errorClass: orUndefined(stored.error_class),
    api: isChatApi(stored.api) ? stored.api : undefined,
    webSearches: stored.web_searches ?? 0,
    estimated: stored.estimated === 1,
    ...(stored.fell_through === null ? {} : { fellThrough: fellThroughFrom(stored.fell_through) }),
  };
}

/** The `fell_through` column read back; text that is not such a list (edited by hand) reads as none. */
function fellThroughFrom(text: string): FellThroughAttempt[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as FellThroughAttempt[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Up to `limit` requests since `sinceMs`, oldest first; with `errorsOnly`, only those that failed
 * (not those the client cancelled, which the totals count apart from the errors).
 */
export function readRecentRequests(options: {
  ledgerPath: string;
  sinceMs: number;
  limit: number;
  errorsOnly: boolean;
}): RecentRequest[] {
  const rows = readLedger(options.ledgerPath, (db) => {
    // A ledger no gateway of this version has opened yet lacks the columns added since: NULL,
    // as on its rows, none recorded.
    const column = (name: string) =>
      ledgerHasColumn(db, "requests", name) ? name : `NULL AS ${name}`;
    return db
      .prepare(
        `SELECT ts, request_id, trace_id, client, model_requested, model_used, provider,
           fallback_from, ${column("retries")}, stream, prompt_tokens, completion_tokens,
           cached_tokens, cost_usd, latency_ms, ttft_ms, status, outcome, error_class,
           ${column("api")}, ${column("web_searches")}, ${column("estimated")},
           ${column("fell_through")}
         FROM requests WHERE ts >= ?${options.errorsOnly ? ` AND outcome != 'ok' AND NOT ${CANCELLED_ROW}` : ""}
         ORDER BY id DESC LIMIT ?`,
      )
      .all(options.sinceMs, options.limit) as StoredRequest[];
  });
  return (rows ?? []).reverse().map(toRecentRequest);
}

/** The requests a list since some time leaves out: how many are older, and the oldest one's time. */
export interface OlderRequests {
  count: number;
  /** Milliseconds since the epoch of the oldest of them; undefined when there are none. */
  oldestTs: number | undefined;
}

/**
 * The requests before `beforeMs` (with `errorsOnly`, the failed ones, as readRecentRequests
 * picks them): what a list that stops at `--since` does not show, though the ledger has it.
 */
export function readOlderRequests(options: {
  ledgerPath: string;
  beforeMs: number;
  errorsOnly: boolean;
}): OlderRequests {
  const row = readLedger(
    options.ledgerPath,
    (db) =>
      db
        .prepare(
          `SELECT COUNT(*) AS count, MIN(ts) AS oldest FROM requests
           WHERE ts < ?${options.errorsOnly ? ` AND outcome != 'ok' AND NOT ${CANCELLED_ROW}` : ""}`,
        )
        .get(options.beforeMs) as { count: number; oldest: number | null } | undefined,
  );
  return { count: row?.count ?? 0, oldestTs: row?.oldest ?? undefined };
}
