/**
 * `gateway.ledger.keepDays` while the gateway runs: old rows go at start, every hour, and when a
 * reload changes it (the caller says when). Each prune that removes rows is counted and logged.
 */
import type { UsageLedger } from "./ledger.js";
import { PRUNE_INTERVAL_MS, prunedLine } from "./ledger-prune.js";
import type { GatewayMetrics } from "./metrics.js";

export interface LedgerRetention {
  /** Prunes now with the config's `keepDays` (a reload changed it). */
  pruneNow(): void;
  /** Stops the hourly prune (the gateway is closing). */
  stop(): void;
}

/** Prunes `ledger` now and every hour; no ledger (`gateway.ledger.enabled: false`), no timer. */
export function keepLedgerTrimmed(options: {
  ledger: UsageLedger | undefined;
  /** The served config's `gateway.ledger.keepDays`, read at each prune. */
  keepDays: () => number | undefined;
  metrics: GatewayMetrics;
  log: (line: string) => void;
}): LedgerRetention {
  const { ledger, keepDays, metrics, log } = options;
  const pruneLedger = () => {
    const days = keepDays();
    if (!ledger) return;
    // Taken out of the config by a reload: a prune still running stops where it is, as the
    // config now keeps every row.
    if (days === undefined) {
      ledger.stopPruning();
      return;
    }
    void ledger.prune(days).then((event) => {
      metrics.ledgerRowsPruned.add({}, event.rows);
      const line = prunedLine(event);
      if (line !== undefined) log(line);
    });
  };
  pruneLedger();
  const pruneTimer = ledger ? setInterval(pruneLedger, PRUNE_INTERVAL_MS) : undefined;
  pruneTimer?.unref();
  return { pruneNow: pruneLedger, stop: () => clearInterval(pruneTimer) };
}
