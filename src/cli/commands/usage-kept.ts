/**
 * Ledgers the gateway wrote beside the configured one: when another file took the ledger's path
 * while it ran (`mv` or `cp` over it), it wrote on to `usage.sqlite.kept-<time>` until it stopped.
 * A report of the ledger alone would leave those requests out without a word.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isOpenClawError, OpenClawError } from "../../errors.js";
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
