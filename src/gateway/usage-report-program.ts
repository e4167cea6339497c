/**
 * The usage ledger for a program: the totals `openclaw usage --json` prints (the library's
 * `readUsageReport`) and the requests `openclaw usage --last --json` prints (`readUsageRequests`),
 * each read by the command's own code, with its mistakes said in the words of the call's options
 * (`since`, `by`, `last`, `errors`) rather than the command's flags.
 */
import type { Env, OpenClawConfig } from "../config/index.js";
import { OpenClawError, UsageError } from "../errors.js";
import { shortened } from "../util/client-value.js";
import { checkOptionNames, type OptionNames } from "../util/option-names.js";
import { checkOptionTypes, type OptionTypes, optionType } from "../util/option-types.js";
import { groupingMeant, USAGE_GROUPINGS, usageGroupingNamed } from "./usage-groupings.js";
import { LISTED_BY_DEFAULT, MAX_LISTED_REQUESTS } from "./usage-listed.js";
import { parseSince, type UsageGrouping } from "./usage-report.js";
import { readUsageRequestList, type UsageRequests } from "./usage-requests.js";
import {
  ledgerSetting,
  readUsageTotals,
  refuseFutureSince,
  type UsageTotals,
} from "./usage-totals.js";

/** What `readUsageReport` reads: the ledger of the gateway started with the same env and config. */
export interface UsageReportOptions {
  /**
   * The environment: the state dir (`OPENCLAW_STATE_DIR`), the config file
   * (`OPENCLAW_CONFIG_PATH`), `${VAR}` values (default: process.env). The ledger is
   * `gateway.ledger.path` of that config, else `<state dir>/usage.sqlite`, as for startGateway.
   */
  env?: Env | undefined;
  /**
   * The config object a gateway was started with (startGateway's `config`), instead of the file:
   * where its ledger is, what it prices each model at. One that is not valid is thrown (ConfigError).
   */
  config?: OpenClawConfig | Record<string, unknown> | undefined;
  /**
   * Where the report starts: a duration back from now (`30m`, `24h`, `7d`, `2w`) or a date in
   * local time (`2026-11-01`, `2026-11-01T09:30`, `…Z` for UTC), as `openclaw usage --since`
   * takes it (default `7d`).
   */
  since?: string | undefined;
  /**
   * What the groups are: `model` (default), `provider`, `client`, `api` or `day` (local days), in
   * any case, as `openclaw usage --by` takes them (the report's `by` is the lower-case name).
   */
  by?: UsageGrouping | undefined;
}

const USAGE_REPORT_OPTIONS = {
  env: true,
  config: true,
  since: true,
  by: true,
} as const satisfies OptionNames<UsageReportOptions>;

/** A mistake in the call's options: code `usage`, `where` the option's name. */
function optionError(where: string, message: string, hint: string): OpenClawError {
  return new OpenClawError("usage", message, { where, hint, exitCode: 2 });
}

/** The grouping `by` names; throws for anything else, with the one it most likely meant. */
function groupingOf(by: unknown): UsageGrouping {
  if (by === undefined) return "model";
  const named = usageGroupingNamed(by);
  if (named !== undefined) return named;
  const got = shownAsGot(by);
  const meant = typeof by === "string" ? groupingMeant(by.trim().toLowerCase()) : undefined;
  throw optionError(
    "by",
    `readUsageReport's by must be one of ${USAGE_GROUPINGS.join(", ")} (got ${got})`,
    meant === undefined
      ? 'for example readUsageReport({ by: "provider" })'
      : `did you mean ${meant}? readUsageReport({ by: "${meant}" })`,
  );
}

/**
 * `since` checked as `openclaw usage --since` checks it, said of the option: `since "7x" is
 * neither a duration nor a date`, `where` `since`, the command's hint. Returns where it starts.
 */
function sinceChecked(call: string, since: unknown, now: number): number {
  if (typeof since !== "string") {
    throw optionError(
      "since",
      `${call}'s since must be a string such as "7d" or "2026-11-01" (got ${since === null ? "null" : typeof since})`,
      `write the duration or date as text: ${call}({ since: "7d" })`,
    );
  }
  try {
    const sinceMs = parseSince(since, now, "since");
    refuseFutureSince(since, sinceMs, now, "since");
    return sinceMs;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw optionError("since", error.message, error.hint ?? "");
  }
}

/**
 * The totals `openclaw usage --json --since <since> --by <by>` prints for the same state dir and
 * config. No ledger yet (no gateway has started there) is an empty report, as the command's;
 * a ledger that cannot be read throws OpenClawError (`ledger.*`, `usage.ledger_unreadable`).
 */
export function readUsageReportAsWritten(
  options: UsageReportOptions | undefined,
  now = Date.now(),
): UsageTotals {
  checkOptionNames("readUsageReport", options, USAGE_REPORT_OPTIONS);
  checkOptionTypes("readUsageReport", options, LEDGER_OPTION_TYPES);
  const given = options ?? {};
  const by = groupingOf(given.by);
  // Only undefined is left out: a null is refused as a since that is no text, as last's is.
  const since = given.since === undefined ? "7d" : given.since;
  sinceChecked("readUsageReport", since, now);
  const setting = ledgerSetting({ env: given.env ?? process.env, config: given.config });
  return readUsageTotals({ setting, since, by, now, sinceName: "since" }).totals;
}

/** What `readUsageRequests` reads: the ledger of the gateway started with the same env and config. */
export interface UsageRequestsOptions {
  /**
   * The environment: the state dir (`OPENCLAW_STATE_DIR`), the config file
   * (`OPENCLAW_CONFIG_PATH`), `${VAR}` values (default: process.env). The ledger is
   * `gateway.ledger.path` of that config, else `<state dir>/usage.sqlite`, as for startGateway.
   */
  env?: Env | undefined;
  /**
   * The config object a gateway was started with (startGateway's `config`), instead of the file:
   * where its ledger is. One that is not valid is thrown (ConfigError).
   */
  config?: OpenClawConfig | Record<string, unknown> | undefined;
  /**
   * How far back the list may reach, as `openclaw usage --since` takes it: a duration back from
   * now (`30m`, `24h`, `7d`, `2w`) or a date in local time (`2026-11-01`, `…Z` for UTC); default
   * `7d`.
   */
  since?: string | undefined;
  /** How many of the latest requests, from 1 to 10000 (`--last`); default 20. */
  last?: number | undefined;
  /** Only the requests that failed, not those the client cancelled (`--errors`); default false. */
  errors?: boolean | undefined;
}

const USAGE_REQUESTS_OPTIONS = {
  env: true,
  config: true,
  since: true,
  last: true,
  errors: true,
} as const satisfies OptionNames<UsageRequestsOptions>;

/**
 * What env and config hold, checked as openRuntime's and startGateway's are: `env: "production"`
 * was read as an env with no variable set, so the default state dir's ledger was read without a
 * word; a config file's path as `config` was refused naming no option.
 */
const LEDGER_OPTION_TYPES = {
  env: optionType.env,
  config: optionType.object(
    "the config object a gateway was started with; a config file is named by env's OPENCLAW_CONFIG_PATH",
  ),
} as const satisfies OptionTypes<UsageRequestsOptions> & OptionTypes<UsageReportOptions>;

/** `5.5`, `"5"`, `null`: what a call was given, for its message (long text cut short). */
function shownAsGot(value: unknown): string {
  if (typeof value === "string") return `"${shortened(value)}"`;
  if (typeof value === "number") return String(value);
  return value === null ? "null" : typeof value;
}

/** How many requests `last` asks for; throws for anything but a whole number from 1 to 10000. */
function lastOf(last: unknown): number {
  if (last === undefined) return LISTED_BY_DEFAULT;
  if (
    typeof last === "number" &&
    Number.isInteger(last) &&
    last >= 1 &&
    last <= MAX_LISTED_REQUESTS
  )
    return last;
  const message = `readUsageRequests's last must be a whole number from 1 to ${MAX_LISTED_REQUESTS} (got ${shownAsGot(last)})`;
  // A count given as text (a flag's value passed on): the number it reads as.
  const read = typeof last === "string" && /^[0-9]+$/.test(last.trim()) ? Number(last) : undefined;
  const hint =
    read !== undefined && read >= 1 && read <= MAX_LISTED_REQUESTS
      ? `pass it as a number: readUsageRequests({ last: ${read} })`
      : typeof last === "number" && last > MAX_LISTED_REQUESTS
        ? `at most ${MAX_LISTED_REQUESTS} are listed at once: readUsageRequests({ last: ${MAX_LISTED_REQUESTS} })`
        : `for example readUsageRequests({ last: ${LISTED_BY_DEFAULT} })`;
  throw optionError("last", message, hint);
}

/** Whether only failed requests are listed; throws for anything but true, false or undefined. */
function errorsOnlyOf(errors: unknown): boolean {
  if (errors === undefined || typeof errors === "boolean") return errors === true;
  throw optionError(
    "errors",
    `readUsageRequests's errors must be true or false (got ${shownAsGot(errors)})`,
    "readUsageRequests({ errors: true }) lists only the requests that failed",
  );
}

/**
 * The requests `openclaw usage --last <last> --json [--errors] --since <since>` prints for the
 * same state dir and config, oldest first. No ledger yet (no gateway has started there) is an
 * empty list, as the command's; a ledger that cannot be read throws OpenClawError (`ledger.*`,
 * `usage.ledger_unreadable`).
 */
export function readUsageRequestsAsWritten(
  options: UsageRequestsOptions | undefined,
  now = Date.now(),
): UsageRequests {
  checkOptionNames("readUsageRequests", options, USAGE_REQUESTS_OPTIONS);
  checkOptionTypes("readUsageRequests", options, LEDGER_OPTION_TYPES);
  const chosen = options ?? {};
  const limit = lastOf(chosen.last);
  const errorsOnly = errorsOnlyOf(chosen.errors);
  const sinceMs = sinceChecked(
    "readUsageRequests",
    chosen.since === undefined ? "7d" : chosen.since,
    now,
  );
  const setting = ledgerSetting({ env: chosen.env ?? process.env, config: chosen.config });
  return readUsageRequestList({ setting, sinceMs, limit, errorsOnly }).list;
}
