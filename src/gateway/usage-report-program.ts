/**
 * The usage report for a program (the library's `readUsageReport`): the totals `openclaw usage
 * --json` prints, read by the same code, with its mistakes said in the words of the call's
 * options (`since`, `by`) rather than the command's flags.
 */
import type { Env, OpenClawConfig } from "../config/index.js";
import { OpenClawError, UsageError } from "../errors.js";
import { checkOptionNames, type OptionNames } from "../util/option-names.js";
import { groupingMeant, isUsageGrouping, USAGE_GROUPINGS } from "./usage-groupings.js";
import { parseSince, type UsageGrouping } from "./usage-report.js";
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
  /** What the groups are: `model` (default), `provider`, `client`, `api` or `day` (local days). */
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
  if (isUsageGrouping(by)) return by;
  const got = typeof by === "string" ? `"${by}"` : by === null ? "null" : typeof by;
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
  const given = options ?? {};
  const by = groupingOf(given.by);
  const since = given.since ?? "7d";
  sinceChecked("readUsageReport", since, now);
  const setting = ledgerSetting({ env: given.env ?? process.env, config: given.config });
  return readUsageTotals({ setting, since, by, now, sinceName: "since" }).totals;
}
