/**
 * One finished request as JSON, the same for the gateway's `--json` request events and
 * `openclaw usage --last --json`: a script reading either gets the same keys on every request.
 * Pure.
 */
import { roundUsd } from "../util/usd.js";
import type { LedgerRow } from "./ledger.js";
import { providerOfRef } from "./usage-rollup.js";

/**
 * Every field of a ledger row and its `provider`, each always present: null when it is not known
 * (no trace id sent, no model called, a row written before the ledger recorded that field), never
 * left out. Listing a field of LedgerRow here is required: leaving one out is a type error.
 */
export type RequestJson = {
  [K in keyof LedgerRow]-?: Exclude<LedgerRow[K], undefined> | null;
} & {
  /** Provider id of `modelUsed` (`moonshot`); null when no model was called. */
  provider: string | null;
};

/**
 * `row` as RequestJson. `provider` is the ledger's `provider` column when the row was read back
 * from the ledger, else the one of `modelUsed` the ledger would write. `costUsd` is rounded to
 * the digits that mean something, and the times to the microsecond (performance.now() sums
 * such as 12.850566000000072 say no more than 12.851).
 */
const toMicroseconds = (ms: number): number => Math.round(ms * 1000) / 1000;

export function requestJson(row: LedgerRow & { provider?: string | undefined }): RequestJson {
  return {
    ts: row.ts,
    requestId: row.requestId,
    traceId: row.traceId ?? null,
    client: row.client,
    api: row.api ?? null,
    stream: row.stream,
    modelRequested: row.modelRequested ?? null,
    modelUsed: row.modelUsed ?? null,
    provider: row.provider ?? providerOfRef(row.modelUsed) ?? null,
    fallbackFrom: row.fallbackFrom ?? null,
    retries: row.retries ?? null,
    status: row.status,
    outcome: row.outcome,
    errorClass: row.errorClass ?? null,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    cachedTokens: row.cachedTokens,
    costUsd: roundUsd(row.costUsd),
    estimated: row.estimated,
    webSearches: row.webSearches,
    latencyMs: toMicroseconds(row.latencyMs),
    ttftMs: row.ttftMs === undefined ? null : toMicroseconds(row.ttftMs),
    fellThrough: row.fellThrough ?? null,
  };
}
