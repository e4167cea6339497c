/**
 * `openclaw usage`, the part that runs (loads better-sqlite3 lazily). It imports the ledger's own
 * modules, never gateway/index.js or runtime/index.js: those bring the server, runtime and providers
 * (about 140 modules, some 0.15 s of CPU at each start) that a report never runs.
 */
import { existsSync } from "node:fs";
import type { Billing } from "../../auth/plan-billed-models.js";
import type { LedgerRow } from "../../gateway/ledger.js";
import { keptLedgers } from "../../gateway/ledger-kept.js";
import { readOlderRequests } from "../../gateway/recent-requests.js";
import { parseSince, type UsageGrouping } from "../../gateway/usage-report.js";
import { readUsageRequestList } from "../../gateway/usage-requests.js";
import {
  type LedgerSetting,
  ledgerSetting,
  readUsageTotals,
  refuseFutureSince,
} from "../../gateway/usage-totals.js";
import { formatUsd } from "../../runtime/cost.js";
import { localDay, localMinute, zoneNote } from "../../util/local-time.js";
import {
  besideLabel,
  forTerminal,
  labelledText,
  printable,
  printJson,
  renderTable,
  style,
  terminalWidth,
  visibleWidth,
  warningText,
  wrapAfterLabel,
  wrapText,
} from "../output.js";
import {
  formatRequestLine,
  paintStatus,
  type RequestCells,
  requestCells,
} from "./gateway-report.js";
import { planBilledNote } from "./plan-billed.js";
import { noteKeptLedgers } from "./usage-kept.js";
import { count, millis } from "./usage-numbers.js";
import { olderRequestsNote } from "./usage-older.js";
import {
  cacheReadPricedLaterNotes,
  cacheReadUnpricedNotes,
  zeroCostNotes,
} from "./usage-prices.js";
import { recentRemovedNote, totalsRemovedNote } from "./usage-removed.js";

/**
 * A config that could not be read, said on stderr: the config may have put the ledger elsewhere
 * (gateway.ledger). With --json it is the object's `configError` instead.
 */
function warnConfigUnread(setting: LedgerSetting): void {
  if (setting.configError === undefined) return;
  const error = setting.configError;
  const why = error instanceof Error ? error.message : String(error);
  // Fitted to the terminal (else $COLUMNS) as every warning is. The config's error goes under it,
  // indented by two: its first line wrapped there, its code frame (`    x` and its caret) kept.
  const [first = "", ...frame] = forTerminal(why, process.stderr).split("\n");
  const width = terminalWidth(process.stderr);
  const problem = besideLabel("  ", wrapAfterLabel(first, 2, width));
  process.stderr.write(
    `${[
      warningText(
        `the config could not be read, so the default ledger ${setting.path} is read (a gateway.ledger setting in it is not seen):`,
      ),
      problem,
      ...frame.map((line) => `  ${line}`),
      labelledText("hint", "openclaw config validate shows what to fix"),
    ].join("\n")}\n`,
  );
}

/**
 * With the ledger turned off, an empty report would read as a gateway that served nothing: say
 * that nothing is recorded, and whether what is shown is an older ledger's.
 */
function noteLedgerOff(setting: LedgerSetting): void {
  if (setting.offAt === undefined) return;
  const held = existsSync(setting.path)
    ? `what is shown is what ${setting.path} held before`
    : `${setting.path} does not exist`;
  const said = forTerminal(
    `the usage ledger is off (gateway.ledger.enabled: false, ${setting.offAt}): the gateway records no requests; ${held}`,
    process.stderr,
  );
  process.stderr.write(
    `${labelledText("note", said)}\n${labelledText("hint", "openclaw config set gateway.ledger.enabled true, then restart the gateway, to record requests")}\n`,
  );
}

/**
 * Said after "no requests" when the ledger file is not there: else the path it names reads as a
 * ledger that exists and recorded nothing (a gateway never started, or started with another state
 * dir). With the ledger off, `noteLedgerOff` says so instead; with a kept ledger beside the path,
 * a gateway has run, and `noteKeptLedgers` says where its requests went ("no ledger yet" would
 * contradict it). It says that `agent` and `chat` are not recorded: a person who has just used
 * them would otherwise read "records each chat request" as theirs, and wonder where they went.
 */
function noLedgerYet(setting: LedgerSetting): string {
  if (setting.offAt !== undefined) return "";
  if (existsSync(setting.path)) return NOT_RECORDED;
  if (keptLedgers(setting.path).length > 0) return "";
  return ": no ledger yet (openclaw gateway creates it when it starts, then records each request sent through it; openclaw agent and chat are not recorded)";
}

/**
 * After "no gateway requests" from a ledger that is there: the person who has only used `agent`
 * or `chat` since would else look for those requests in it. A report with rows says "gateway
 * requests" in its footer, no more: it is said where the report is empty, not under every table.
 */
const NOT_RECORDED = " (openclaw agent and chat call the provider directly and are not recorded)";

/** What the report counts, said before the range: requests sent through the gateway. */
const COUNTED = "gateway requests";

/** `since 2026-11-23 14:05 (local time, Asia/Tokyo (UTC+09:00))`: the zone said once. */
function sinceNote(sinceMs: number, now = Date.now()): string {
  return `since ${localMinute(sinceMs)} (${zoneNote(sinceMs, now)})`;
}

export function runUsageCommand(input: { since: string; by: UsageGrouping; json: boolean }): void {
  const now = Date.now();
  refuseFutureSince(input.since, parseSince(input.since, now, "--since"), now, "--since");
  const setting = ledgerSetting({ env: process.env });
  if (!input.json) warnConfigUnread(setting);
  const read = readUsageTotals({
    setting,
    since: input.since,
    by: input.by,
    now,
    sinceName: "--since",
  });
  if (input.json) {
    printJson(read.totals);
    return;
  }
  const { report, byModel, sinceMs, partialDay, billing, perToken, cacheReadPriced, cachedAtZero } =
    read;
  noteLedgerOff(setting);
  noteKeptLedgers(setting.path, read.totals.keptLedgers);
  const removedNote = totalsRemovedNote(report.rowsRemoved);
  if (report.groups.length === 0) {
    if (removedNote !== undefined)
      process.stdout.write(`${wrapText(removedNote, terminalWidth())}\n`);
    process.stdout.write(
      `${footer(`no ${COUNTED} ${sinceNote(sinceMs, now)}${noLedgerYet(setting)}`, report.ledger, terminalWidth())}\n`,
    );
    return;
  }
  // Moonshot bills web searches beside the tokens: a column when there were any.
  const searched = report.total.webSearches > 0;
  // Requests the client left are no failure: a column of their own when there were any.
  const cancelled = report.total.cancelled > 0;
  // Numbers as --last prints them (`123,456`, `1,235 ms`); --json keeps them raw.
  const row = (
    label: string,
    group: Omit<(typeof report.groups)[number], "key" | "models">,
    paidBy: Billing,
  ) => [
    label,
    count(group.requests),
    count(group.errors),
    ...(cancelled ? [count(group.cancelled)] : []),
    count(group.fallbacks),
    // "~": the provider did not report the usage of some of these requests (estimated).
    `${about(group)}${count(group.promptTokens)}`,
    `${about(group)}${count(group.completionTokens)}`,
    count(group.cachedTokens),
    costCell(group, paidBy),
    ...(searched ? [count(group.webSearches)] : []),
    // A model that answered no request (only attempts that fell through, billed): no latency.
    group.avgLatencyMs !== null ? millis(group.avgLatencyMs) : "-",
  ];
  // A model name or `user` a client sent (an unknown model is recorded as asked) is shown, not obeyed.
  const rows = report.groups.map((group) =>
    row(
      group.key === partialDay ? `${group.key}*` : printable(group.key),
      group,
      billing.ofGroup(group.models),
    ),
  );
  rows.push(row(style.bold("total"), report.total, billing.total));
  const header = {
    day: "Day",
    provider: "Provider",
    client: "Client",
    api: "API",
    model: "Model",
  }[input.by];
  const headers = [
    header,
    "Requests",
    "Errors",
    ...(cancelled ? ["Cancelled"] : []),
    "Fallbacks",
    "Prompt",
    "Completion",
    "Cached",
    "Cost",
    ...(searched ? ["Searches"] : []),
    "Avg latency",
  ];
  const width = terminalWidth();
  // On a narrow terminal the least needed columns go first, then the names take more lines (cut,
  // two models of one provider would read the same).
  const table = renderTable(headers, rows, {
    width,
    wrapColumn: 0,
    optionalColumns: ["Cached", "Fallbacks", "Avg latency", "Searches", "Cancelled"]
      .map((name) => headers.indexOf(name))
      .filter((index) => index >= 0),
    omittedHint: "--json has them",
  });
  process.stdout.write(`${table}\n`);
  // A mark and a line under the table, not "(from 05:13)" in the cell: one character more keeps
  // the table a table on 60 columns, where the longer day would have turned it into cards.
  if (partialDay !== undefined && report.groups.some((group) => group.key === partialDay)) {
    const from = localMinute(sinceMs).slice(11);
    const note = `* ${partialDay} from ${from} only (the report starts then)`;
    process.stdout.write(`${wrapText(note, width)}\n`);
  }
  if (report.total.estimatedRequests > 0) {
    process.stdout.write(`${wrapText(estimatesNote(report.total), width)}\n`);
  }
  if (removedNote !== undefined) process.stdout.write(`${wrapText(removedNote, width)}\n`);
  for (const note of [
    ...zeroCostNotes(setting.loaded, perToken),
    ...(billing.models.length > 0 ? [planBilledNote(billing.models)] : []),
    ...cacheReadUnpricedNotes(setting.loaded, byModel.groups),
    ...cacheReadPricedLaterNotes(cachedAtZero, cacheReadPriced),
  ]) {
    process.stdout.write(`${wrapText(note, width)}\n`);
  }
  process.stdout.write(
    `${style.dim(footer(`${COUNTED} ${sinceNote(sinceMs, now)}`, report.ledger, width))}\n`,
  );
}

/**
 * A group's Cost cell: its dollars, `plan` when a plan's quota paid all its requests (a `$0` would
 * read as free), or the dollars `+ plan` when it paid some.
 */
function costCell(group: { costUsd: number; estimatedRequests: number }, paidBy: Billing): string {
  if (paidBy === "plan") return "plan";
  const money = `${about(group)}${formatUsd(group.costUsd)}`;
  return paidBy === "mixed" ? `${money} + plan` : money;
}

/** `what · ledger` on one line, or on two when one would not fit the terminal. */
function footer(what: string, ledger: string, width: number): string {
  const line = `${what} · ${ledger}`;
  return visibleWidth(line) <= width ? line : `${wrapText(what, width)}\nledger: ${ledger}`;
}

function about(group: { estimatedRequests: number }): string {
  return group.estimatedRequests > 0 ? "~" : "";
}

/**
 * What the `~` stands for: requests cut short (the client left, the upstream broke off) apart
 * from requests that finished but whose provider sent no usage, each counted.
 */
export function estimatesNote(total: {
  cutShortRequests: number;
  usageNotReportedRequests: number;
}): string {
  const cut = total.cutShortRequests;
  const unreported = total.usageNotReportedRequests;
  const parts: string[] = [];
  if (cut > 0) parts.push(`${requestCount(cut)} cut short before the provider reported usage`);
  if (unreported > 0) {
    // After the first part, "and 2 that…": the noun is said once.
    const what = parts.length > 0 ? count(unreported) : requestCount(unreported);
    parts.push(`${what} that finished without the provider reporting usage`);
  }
  const their = cut + unreported === 1 ? "its" : "their";
  return `~ includes ${parts.join(" and ")}: ${their} tokens and cost are the gateway's estimate`;
}

function requestCount(n: number): string {
  return `${count(n)} request${n === 1 ? "" : "s"}`;
}

/** `openclaw usage --last n` / `--errors`: the latest requests, one line each, oldest first. */
export function runRecentCommand(input: {
  since: string;
  limit: number;
  errorsOnly: boolean;
  json: boolean;
}): void {
  const sinceMs = parseSince(input.since, Date.now(), "--since");
  refuseFutureSince(input.since, sinceMs, Date.now(), "--since");
  const setting = ledgerSetting({ env: process.env });
  if (!input.json) warnConfigUnread(setting);
  const ledger = setting.path;
  const read = readUsageRequestList({
    setting,
    sinceMs,
    limit: input.limit,
    errorsOnly: input.errorsOnly,
  });
  if (input.json) {
    printJson(read.list);
    return;
  }
  const requests = read.rows;
  const removedNote = recentRemovedNote(read.removed, sinceMs, requests.length, input.limit);
  noteLedgerOff(setting);
  noteKeptLedgers(ledger, read.list.keptLedgers);
  const now = Date.now();
  if (removedNote !== undefined)
    process.stdout.write(`${wrapText(removedNote, terminalWidth())}\n`);
  // A list short of --last because it stops at --since, with older requests in the ledger: said,
  // with the command that reaches them (a list cut short by keepDays has its own note above).
  const olderNote =
    requests.length < input.limit && removedNote === undefined
      ? olderRequestsNote({
          older: readOlderRequests({
            ledgerPath: ledger,
            beforeMs: sinceMs,
            errorsOnly: input.errorsOnly,
          }),
          since: input.since,
          sinceMs,
          listed: requests.length,
          limit: input.limit,
          errorsOnly: input.errorsOnly,
        })
      : undefined;
  if (requests.length === 0) {
    const what = `no ${input.errorsOnly ? "failed " : ""}${COUNTED} ${sinceNote(sinceMs, now)}${noLedgerYet(setting)}`;
    process.stdout.write(`${footer(what, ledger, terminalWidth())}\n`);
    if (olderNote !== undefined) process.stdout.write(`${wrapText(olderNote, terminalWidth())}\n`);
    return;
  }
  const paint = paintStatus(process.stdout);
  const width = terminalWidth();
  const first = requests[0]?.ts ?? sinceMs;
  const last = requests.at(-1)?.ts ?? first;
  let times = `times in ${zoneNote(first, last)}`;
  if (Number.isFinite(width)) {
    // Requests of one day: the day is said once, under the table, and not on every row.
    const oneDay = localDay(first) === localDay(last) ? localDay(first) : undefined;
    if (oneDay !== undefined) times = `times on ${oneDay}, in ${zoneNote(first, last)}`;
    const table = requestTable(requests, paint, input.errorsOnly, oneDay === undefined, width);
    process.stdout.write(`${table}\n`);
  } else {
    // Not cut for a pipe: one line per request, for grep and scripts.
    for (const row of requests) process.stdout.write(`${formatRequestLine(row, paint, true)}\n`);
  }
  if (olderNote !== undefined) process.stdout.write(`${wrapText(olderNote, width)}\n`);
  process.stdout.write(`${style.dim(footer(times, ledger, width))}\n`);
}

/**
 * A request list's columns. A failure's error class has none: it is said in the Status cell
 * (`502 wrong_region`), as an HTTP status line puts its reason beside the code. A column of its
 * own took room from the model on every row, and on 80 columns `openclaw → moonshot/kimi-k2.5
 * (fallback)` went on over three lines.
 */
type RequestColumn = Exclude<keyof RequestCells, "error">;

/** The columns of a request list, and the order they are left out in when the terminal is narrow. */
const REQUEST_COLUMNS: Array<[RequestColumn, string]> = [
  ["time", "Time"],
  ["status", "Status"],
  ["model", "Model"],
  ["latency", "Latency"],
  ["firstToken", "First token"],
  ["tokens", "Tokens"],
  ["cached", "Cached"],
  ["cost", "Cost"],
  ["searches", "Searches"],
  ["api", "API"],
  ["client", "Client"],
  ["requestId", "Request"],
  ["trace", "Trace"],
];
const LEFT_OUT_FIRST: Record<"all" | "errors", RequestColumn[]> = {
  all: [
    "api",
    "firstToken",
    "cached",
    "client",
    "searches",
    "requestId",
    "latency",
    "trace",
    "tokens",
    "cost",
  ],
  // For failures, the trace id and the error class are what a provider's support asks for.
  errors: [
    "api",
    "firstToken",
    "cached",
    "tokens",
    "cost",
    "searches",
    "client",
    "latency",
    "requestId",
    "trace",
  ],
};

/** Requests as a table that fits `width` (a column no request has a value for is left out). */
function requestTable(
  requests: LedgerRow[],
  paint: (status: number, text: string) => string,
  errorsOnly: boolean,
  withDate: boolean,
  width: number,
): string {
  // The error class beside the status (see RequestColumn).
  const cells = requests.map((row) => {
    const cell = requestCells(row, paint, withDate);
    return cell.error === "" ? cell : { ...cell, status: `${cell.status} ${cell.error}` };
  });
  const columns = REQUEST_COLUMNS.filter(
    ([key]) => key === "time" || cells.some((cell) => cell[key] !== ""),
  );
  const keys = columns.map(([key]) => key);
  return renderTable(
    columns.map(([, header]) => header),
    cells.map((cell) => keys.map((key) => cell[key])),
    {
      width,
      // Cut, two models of one provider could read the same: the name takes more lines instead.
      wrapColumn: keys.indexOf("model"),
      optionalColumns: LEFT_OUT_FIRST[errorsOnly ? "errors" : "all"]
        .map((key) => keys.indexOf(key))
        .filter((index) => index >= 0),
      omittedHint: "--json has them",
      // A failure's trace id, what a provider's support asks for, is said whole at any width.
      ...(errorsOnly && keys.includes("trace")
        ? { goesUnder: { column: keys.indexOf("trace"), label: "trace" } }
        : {}),
    },
  );
}
