/**
 * A file standing where the usage ledger needs a directory: `gateway.ledger.path` set to
 * `<file>/usage.sqlite`, or a state dir (or one of its parents) that is a file. No permission
 * makes SQLite open a file under another file, so the advice given for other refusals ("check the
 * directory and its permissions") sent people to look for a fault that was not there; what helps
 * is moving that file or putting the ledger elsewhere. The gateway, doctor and `openclaw usage`
 * say it in the same words.
 */
import { fileOnTheWay } from "../util/atomic-files.js";

/** The file in the way of the ledger at `path` (the first part of its directory that is a file). */
export function ledgerBlockedBy(path: string): string | undefined {
  return fileOnTheWay(path);
}

/** Why the ledger cannot be there, in words, for a message's reason. */
export function blockedLedgerWhy(file: string): string {
  return `${file} is a file, not a directory`;
}

/**
 * What to do about a file in the ledger's way when the ledger is to be written (gateway, doctor):
 * move the file, or point the ledger elsewhere, or turn it off.
 */
export function blockedLedgerHint(file: string): string {
  return `move or remove the file ${file} (the ledger needs a directory there), or set gateway.ledger.path to a file elsewhere, or gateway.ledger.enabled: false`;
}

/**
 * What to do when `openclaw usage` is to read a ledger under a file: no gateway can have written
 * one there, so the config names the wrong place or the file came after.
 */
export function blockedLedgerReadHint(file: string): string {
  return `no gateway can have written a ledger there: set gateway.ledger.path to the ledger the gateway writes, or move or remove the file ${file} so that the next gateway start can create it`;
}
