/**
 * What happens when a chat request ends: its metrics, its ledger row and the caller's hook; and
 * the prices its unreported usage is estimated at.
 */
import { performance } from "node:perf_hooks";
import type { AuthPolicy } from "./auth.js";
import type { LedgerRow, UsageLedger } from "./ledger.js";
import type { GatewayMetrics } from "./metrics.js";
import type { ModelDirectory } from "./model-directory.js";
import { ledgerRowOf, type RequestRecord } from "./request-record.js";

/** Where a finished chat request is told; one per server. */
export interface Finishing {
  readonly metrics: GatewayMetrics;
  readonly ledger: UsageLedger | undefined;
  /** Told of every finished chat request, with the row the ledger gets. */
  readonly onRequestFinished: ((row: LedgerRow) => void) | undefined;
}

/**
 * The gateway's token as text, for masking where a client sent it in a field the ledger keeps
 * (`user`, `model`): the ledger, --log-requests and `openclaw usage` print those.
 */
function tokenText(auth: AuthPolicy): string[] {
  return auth.mode === "token" && !auth.lockedOut ? [auth.token.toString("utf8")] : [];
}

/** The prices of the model a request was being served by, for an estimate of its usage. */
export function costOf(directory: ModelDirectory, record: RequestRecord) {
  return record.modelUsed === undefined ? undefined : directory.find(record.modelUsed)?.cost;
}

/**
 * A chat request's end, whatever it was: its metrics, then its ledger row (the gateway's token
 * masked where the client sent it) to the ledger and the caller's hook.
 */
export function finishRequest(finishing: Finishing, record: RequestRecord, auth: AuthPolicy): void {
  const latencyMs = performance.now() - record.started;
  const usage = record.usage;
  finishing.metrics.completed({
    route: record.dialect,
    status: record.status,
    stream: record.stream,
    errorClass: record.errorClass,
    latencySeconds: latencyMs / 1000,
    ttftSeconds: record.ttftMs === undefined ? undefined : record.ttftMs / 1000,
    modelUsed: record.modelUsed,
    promptTokens: usage?.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? 0,
    cachedTokens: usage?.cachedTokens ?? 0,
    costUsd: record.costUsd,
    webSearches: record.webSearches,
    fellThrough: record.fellThrough,
    skippedFirst: record.skippedFirst,
  });
  const { ledger, onRequestFinished } = finishing;
  if (!ledger && !onRequestFinished) return;
  const row = ledgerRowOf(record, latencyMs, tokenText(auth));
  ledger?.record(row);
  onRequestFinished?.(row);
}
