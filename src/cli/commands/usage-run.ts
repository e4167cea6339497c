/** `openclaw usage`, the part that runs (loads better-sqlite3 lazily). */
import {
  type LoadedConfig,
  loadConfig,
  resolveConfigPath,
  resolveStateDir,
} from "../../config/index.js";
import {
  configuredLedgerPath,
  ledgerLocation,
  parseSince,
  readRecentRequests,
  readUsage,
  type UsageGrouping,
} from "../../gateway/index.js";
import { printable, printJson, renderTable, style } from "../output.js";
import { formatRequestLine, paintStatus } from "./gateway-report.js";

function ledgerPath(): string {
  const env = process.env;
  const stateDir = resolveStateDir(env);
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ path: resolveConfigPath(env), env });
  } catch (error) {
    // A broken config should not stop a usage report: the default place is read, and the
    // person is told, since the config may have put the ledger elsewhere (gateway.ledger).
    const fallback = ledgerLocation({}, stateDir);
    const why = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${style.yellow("warning", process.stderr)}: the config could not be read (${printable(why)}), so the default ledger ${fallback} is read; a gateway.ledger setting in it is not seen\nhint: openclaw config validate shows what to fix\n`,
    );
    return fallback;
  }
  // A gateway.ledger.path naming an unset variable is an error: the ledger it means is unknown.
  return configuredLedgerPath(loaded, stateDir);
}

function usd(value: number): string {
  return value === 0 ? "$0" : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

export function runUsageCommand(input: { since: string; by: UsageGrouping; json: boolean }): void {
  const report = readUsage({ ledgerPath: ledgerPath(), since: input.since, by: input.by });
  if (input.json) {
    printJson(report);
    return;
  }
  if (report.groups.length === 0) {
    process.stdout.write(`no requests since ${report.since} (ledger: ${report.ledger})\n`);
    return;
  }
  // Moonshot bills web searches beside the tokens: a column when there were any.
  const searched = report.total.webSearches > 0;
  const row = (label: string, group: Omit<(typeof report.groups)[number], "key">) => [
    label,
    String(group.requests),
    String(group.errors),
    String(group.fallbacks),
    // "~": some of these requests were cut before the provider reported usage (estimated).
    `${about(group)}${group.promptTokens}`,
    `${about(group)}${group.completionTokens}`,
    String(group.cachedTokens),
    `${about(group)}${usd(group.costUsd)}`,
    ...(searched ? [String(group.webSearches)] : []),
    `${group.avgLatencyMs} ms`,
  ];
  // A model name or `user` a client sent (an unknown model is recorded as asked) is shown, not obeyed.
  const rows = report.groups.map((group) => row(printable(group.key), group));
  rows.push(row(style.bold("total"), report.total));
  const header = {
    day: "Day",
    provider: "Provider",
    client: "Client",
    api: "API",
    model: "Model",
  }[input.by];
  process.stdout.write(
    `${renderTable([header, "Requests", "Errors", "Fallbacks", "Prompt", "Completion", "Cached", "Cost", ...(searched ? ["Searches"] : []), "Avg latency"], rows)}\n`,
  );
  if (report.total.estimatedRequests > 0) {
    const n = report.total.estimatedRequests;
    process.stdout.write(
      `~ includes ${n} request${n === 1 ? "" : "s"} cut short before the provider reported usage: their tokens and cost are the gateway's estimate\n`,
    );
  }
  process.stdout.write(`${style.dim(`since ${report.since} · ${report.ledger}`)}\n`);
}

function about(group: { estimatedRequests: number }): string {
  return group.estimatedRequests > 0 ? "~" : "";
}

/** `openclaw usage --last n` / `--errors`: the latest requests, one line each, oldest first. */
export function runRecentCommand(input: {
  since: string;
  limit: number;
  errorsOnly: boolean;
  json: boolean;
}): void {
  const sinceMs = parseSince(input.since);
  const ledger = ledgerPath();
  const requests = readRecentRequests({
    ledgerPath: ledger,
    sinceMs,
    limit: input.limit,
    errorsOnly: input.errorsOnly,
  });
  if (input.json) {
    printJson({ since: new Date(sinceMs).toISOString(), ledger, requests });
    return;
  }
  if (requests.length === 0) {
    process.stdout.write(
      `no ${input.errorsOnly ? "failed " : ""}requests since ${new Date(sinceMs).toISOString()} (ledger: ${ledger})\n`,
    );
    return;
  }
  const paint = paintStatus(process.stdout);
  for (const row of requests) process.stdout.write(`${formatRequestLine(row, paint, true)}\n`);
}
