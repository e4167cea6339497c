/**
 * What `models scan --prune` says it did: the refs it took out of the file, where the file as it
 * was is kept, what became of the gone models openclaw itself knows, and the providers it left
 * alone because their list could not be read.
 */
import { basename } from "node:path";
import { formatOrigin } from "../config/index.js";
import type { EntriesOfRef, PruneOutcome } from "../onboard/index.js";
import { printable } from "../util/printable.js";
import { style, terminalWidth, wrapText } from "./output.js";

export interface PruneReport {
  outcome: PruneOutcome;
  /** What the edit said (pruneMessage, and what it did to the allowlist). */
  message: string;
  /** Whether the file was written. */
  written: boolean;
  configPath: string;
  /** Whether agents.defaults.models is still an allowlist after the prune. */
  allowlist: boolean;
  /**
   * The dotted paths (in the file as it was) of credentials the removed entries held (a header
   * holding a key): the `.bak` keeps them, the file no longer does.
   */
  keysKeptInBackup: string[];
  /** Providers whose list could not be read: not pruned. */
  skipped: string[];
}

/** `text` fitted to `width`, its further lines indented under it. */
function hanging(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  const [first = "", ...rest] = wrapText(text, Math.max(20, width - 2)).split("\n");
  return [first, ...rest.map((line) => `  ${line}`)].join("\n");
}

function refList(refs: readonly string[]): string {
  return refs.join(", ");
}

/** What a prune did to `configPath`, in one sentence: the refs removed, or that there were none. */
export function pruneMessage(
  outcome: PruneOutcome,
  configPath: string,
  /** Whether any provider's list was read: none read, no model is known to be gone. */
  listsRead = true,
): string {
  const count = outcome.removed.length;
  if (count === 0 && !listsRead)
    return `nothing pruned in ${configPath}: no provider's list of models could be read`;
  if (count === 0)
    return `nothing to prune in ${configPath}: it has no entry for a model a provider no longer lists`;
  return `removed ${count} model${count === 1 ? "" : "s"} no longer listed from ${configPath} (the file as it was is kept as ${basename(configPath)}.bak): ${refList(outcome.removed)}`;
}

export function renderPrune(report: PruneReport, width = terminalWidth()): string {
  const { outcome } = report;
  const lines = [`${report.written ? `${style.green("✓")} ` : ""}${report.message}`];
  const keys = report.keysKeptInBackup;
  if (keys.length > 0) {
    const one = keys.length === 1;
    const bak = `${basename(report.configPath)}.bak`;
    // Said, so that nobody thinks the key gone, nor forgets a copy of it on the disk.
    lines.push(
      `${one ? "the key" : "the keys"} at ${keys.join(", ")} went with ${one ? "its entry" : "their entries"}: ${bak} keeps ${one ? "it" : "them"}, as the file had ${one ? "it" : "them"}, until the next change to the config replaces that copy`,
    );
  }
  // Not the ones an included file still sets: its warning says so, and they may still be usable.
  const builtIn = outcome.builtIn.filter((ref) => !outcome.elsewhere.includes(ref));
  if (builtIn.length > 0) {
    const one = builtIn.length === 1;
    const use = report.allowlist
      ? `agents.defaults.models does not list ${one ? "it" : "them"}, so ${one ? "it" : "they"} cannot be used`
      : `a request naming ${one ? "it" : "one"} gets the provider's 404`;
    lines.push(
      `${refList(builtIn)} ${one ? "is" : "are"} also in openclaw's built-in model list, which the file does not change: ${one ? "it stays" : "they stay"} in the catalog (openclaw models list --all) and a scan counts ${one ? "it" : "them"} among that list's ids the provider does not offer, not as gone; ${use}`,
    );
  }
  if (report.skipped.length > 0) {
    lines.push(
      `not pruned: ${report.skipped.join(", ")} (${report.skipped.length === 1 ? "its list" : "their lists"} could not be read; see below)`,
    );
  }
  return lines.map((line) => hanging(printable(line), width)).join("\n");
}

/**
 * The warning for gone models the main file does not hold: an included file sets them, named
 * with the line of each entry, to be edited by hand.
 */
export function includedWarning(
  entries: readonly Pick<EntriesOfRef, "ref" | "included">[],
  configPath: string,
): string | undefined {
  if (entries.length === 0) return undefined;
  const one = entries.length === 1;
  const origins = [...new Set(entries.flatMap((entry) => entry.included.map(formatOrigin)))];
  const where =
    origins.length > 0
      ? `${origins.join(", ")}, which ${basename(configPath)} includes with $include`
      : `a file ${configPath} includes with $include`;
  return `${refList(entries.map((entry) => entry.ref))} ${one ? "is" : "are"} gone but set in ${where}: models scan --prune changes only ${configPath}; remove ${one ? "it" : "them"} there in an editor`;
}
