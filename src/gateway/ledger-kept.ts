/**
 * Ledgers the gateway wrote beside the configured one: when another file took the ledger's path
 * while it ran (`mv` or `cp` over it), it wrote on to `usage.sqlite.kept-<time>` until it stopped.
 * A report of the ledger alone would leave those requests out without a word.
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isOpenClawError, OpenClawError } from "../errors.js";

/** The `<ledger>.kept-<time>` files beside `ledger`, oldest first (their journals left out). */
export function keptLedgers(ledger: string): string[] {
  const prefix = `${basename(ledger)}.kept-`;
  let names: string[];
  try {
    names = readdirSync(dirname(ledger));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && !/-(?:wal|shm|journal)$/.test(name))
    .sort()
    .map((name) => join(dirname(ledger), name));
}

/**
 * Runs a report's read of the ledger. When the file at the ledger's path cannot be read as a
 * ledger (most often the copy whose arrival made the gateway write on to a kept ledger), the
 * error alone says to move that file away and nothing of the kept ledger the requests went to:
 * its hint then names the kept file too, in the text and in `--json` alike.
 */
export function readingBesideKeptLedgers<T>(ledger: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const kept = keptLedgers(ledger);
    if (!isOpenClawError(error) || !error.code.startsWith("ledger.") || kept.length === 0) {
      throw error;
    }
    const files = kept.join(", ");
    const one = kept.length === 1;
    const keptHint = `the gateway wrote its requests to ${files} while another file had taken ${ledger}: to count them, set gateway.ledger.path to ${kept[0] ?? ""} and restart the gateway, or, with the gateway stopped, move ${one ? "it" : "the one you want"} to ${ledger} once that file is moved away`;
    throw new OpenClawError(error.code, error.message, {
      hint: error.hint === undefined ? keptHint : `${error.hint}; ${keptHint}`,
      ...(error.where === undefined ? {} : { where: error.where }),
      exitCode: error.exitCode,
      cause: error,
    });
  }
}
