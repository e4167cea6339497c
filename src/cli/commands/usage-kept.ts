/**
 * Ledgers the gateway wrote beside the configured one: when another file took the ledger's path
 * while it ran (`mv` or `cp` over it), it wrote on to `usage.sqlite.kept-<time>` until it stopped.
 * A report of the ledger alone would leave those requests out without a word.
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { forTerminal, style } from "../output.js";

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

/** Says on stderr that the report leaves out the requests of each kept ledger, and what to do. */
export function noteKeptLedgers(ledger: string, kept: string[]): void {
  if (kept.length === 0) return;
  const files = kept.join(", ");
  const one = kept.length === 1;
  const said = forTerminal(
    `${files} beside the ledger ${one ? "holds" : "hold"} requests the gateway wrote there while another file had taken ${ledger}; this report does not count them`,
    process.stderr,
  );
  const first = kept[0] ?? "";
  process.stderr.write(
    `${style.yellow("note", process.stderr)}: ${said}\nhint: to count them, stop the gateway and move ${forTerminal(first, process.stderr)} to ${forTerminal(ledger, process.stderr)}, or set gateway.ledger.path to it\n`,
  );
}
