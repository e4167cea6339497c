/**
 * Ledgers the gateway wrote beside the configured one: when another file took the ledger's path
 * while it ran (`mv` or `cp` over it), it wrote on to `usage.sqlite.kept-<time>` until it stopped.
 * A report of the ledger alone would leave those requests out without a word.
 */
import { existsSync } from "node:fs";
import { forTerminal, style } from "../output.js";

/**
 * Says on stderr that the report leaves out the requests of each kept ledger, and what to do:
 * never to move the kept file over the ledger's path as it is, where the file that took that
 * place (someone's copy, put there on purpose) would be lost.
 */
export function noteKeptLedgers(ledger: string, kept: string[]): void {
  if (kept.length === 0) return;
  if (!existsSync(ledger)) {
    noteKeptLedgersAlone(ledger, kept);
    return;
  }
  const files = kept.join(", ");
  const one = kept.length === 1;
  const said = forTerminal(
    `${files} beside the ledger ${one ? "holds" : "hold"} requests the gateway wrote there while another file had taken ${ledger}; this report does not count them`,
    process.stderr,
  );
  const first = kept[0] ?? "";
  process.stderr.write(
    `${style.yellow("note", process.stderr)}: ${said}\nhint: to count them, set gateway.ledger.path to ${forTerminal(first, process.stderr)} and restart the gateway; or, with the gateway stopped, move ${forTerminal(ledger, process.stderr)} aside (the file that took its place) before moving the kept one there\n`,
  );
}

/**
 * The kept ledgers with nothing at the ledger's path (the file that took it moved aside, as the
 * note above tells one to): one note that says so, rather than "no ledger yet" beside a note
 * telling one to move aside a file that is no longer there. Moving the kept one there is then
 * all it takes.
 */
function noteKeptLedgersAlone(ledger: string, kept: string[]): void {
  const files = kept.join(", ");
  const one = kept.length === 1;
  const said = forTerminal(
    `no file at ${ledger} now; ${files} beside it ${one ? "holds" : "hold"} requests the gateway wrote there while another file had taken that path; this report does not count them`,
    process.stderr,
  );
  const first = forTerminal(kept[0] ?? "", process.stderr);
  process.stderr.write(
    `${style.yellow("note", process.stderr)}: ${said}\nhint: to count them, with the gateway stopped, move ${one ? first : "the one you want"} to ${forTerminal(ledger, process.stderr)}; or set gateway.ledger.path to ${first} and restart the gateway\n`,
  );
}
