import type { LedgerRow } from "../../src/gateway/ledger.js";

/** A plain successful request's ledger row, with what the test cares about set. */
export function ledgerRow(fields: Partial<LedgerRow> = {}): LedgerRow {
  return {
    ts: Date.now(),
    requestId: `r-${Math.random()}`,
    traceId: undefined,
    client: "127.0.0.1",
    modelRequested: "openclaw",
    modelUsed: undefined,
    fallbackFrom: undefined,
    stream: false,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    latencyMs: 1,
    ttftMs: undefined,
    status: 200,
    outcome: "ok",
    errorClass: undefined,
    api: "chat_completions",
    webSearches: 0,
    estimated: false,
    ...fields,
  };
}
