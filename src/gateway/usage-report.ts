/**
 * Reads the usage ledger for `openclaw usage`: totals grouped by model, provider, client, API or
 * day.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { isOpenClawError, OpenClawError, UsageError } from "../errors.js";
import { shortened } from "../util/client-value.js";
import { LEDGER_BASE_COLUMNS, LEDGER_VERSION } from "./ledger.js";
import { blockedLedgerReadHint, blockedLedgerWhy, ledgerBlockedBy } from "./ledger-blocked.js";
import {
  damagedLedgerError,
  isDamagedFileError,
  ledgerMissingColumnsError,
  notALedgerError,
  tablesOf,
} from "./ledger-damage.js";
import { type RowsRemoved, rowsRemoved } from "./ledger-prune.js";
import { isSqliteBindingMissing, sqliteBindingError } from "./sqlite-binding.js";
import { sqliteFile } from "./sqlite-file.js";
import { openSqliteCopy, openSqliteToRead } from "./sqlite-read-only.js";
import { CANCELLED_ROW } from "./usage-cancelled.js";
import {
  addUsageSums,
  HOUR_MS,
  NO_PROVIDER,
  NOT_SENT,
  type UsageSums,
  zeroUsageSums,
} from "./usage-rollup.js";

/** What `openclaw usage --by` (`readUsageReport`'s `by`) groups totals by. */
export type UsageGrouping = "model" | "provider" | "client" | "api" | "day";

/** The key of rows written before the ledger recorded the API: they do not know it. */
const API_NOT_RECORDED = "(not recorded)";

/**
 * One group's totals; the latency is the average over its requests. `errors` are the requests
 * that failed; those the client cancelled (see usage-cancelled.ts) are `cancelled` instead.
 */
export interface UsageGroup extends Omit<UsageSums, "latencyMs"> {
  /** The group's model, provider, client, API or local day (`2026-11-30`). */
  key: string;
  /**
   * Requests the client cancelled (status 499): counted in `requests`, not in `errors`. Over
   * hours whose rows `gateway.ledger.keepDays` removed they cannot be told apart, and count as
   * errors.
   */
  cancelled: number;
  /** Null when the group has no request to average (only attempts that fell through, or none). */
  avgLatencyMs: number | null;
  /**
   * Of `estimatedRequests`, those cut short before the provider reported usage: the client went
   * away or the upstream broke off mid-answer (they count among the cancelled or the errors).
   */
  cutShortRequests: number;
  /** Of `estimatedRequests`, those that finished but whose provider sent no usage. */
  usageNotReportedRequests: number;
  /**
   * The models (`provider/model`) that answered a request of the group or spent tokens in it
   * (attempts that fell through with tokens included), sorted: what a day, a client or an API was
   * billed by (a plan's quota or per token) follows from them. A model that only failed without a
   * token (its key refused, its quota used up, a fallback answering instead) used nothing and is
   * not listed. Empty for requests no model was called for, and for a group that used nothing.
   */
  models: string[];
}

export interface UsageReport {
  since: string;
  by: UsageGrouping;
  ledger: string;
  groups: UsageGroup[];
  total: Omit<UsageGroup, "key" | "models">;
  /** Rows removed by `gateway.ledger.keepDays` in the report's range; null when none were. */
  rowsRemoved: RowsRemovedNote | null;
}

const UNITS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * What a refused `since` is called in its message: `--since` for `openclaw usage`, `since` for the
 * library's options (`readUsageReport({ since })`), each caller's own word for what was typed.
 */
export type SinceName = "--since" | "since";

/**
 * Longer than any duration or date parseSince reads (`2026-11-01T09:30:00.000+05:30` is 29), and
 * than any it has advice for: such a text is refused with its start alone, where a program's
 * megabytes of `since` came back whole in the message, and several times over for digits.
 */
const SINCE_LONGEST = 100;

const SINCE_HINT =
  "use a duration such as 30m, 24h, 7d, 2w, or a date such as 2026-11-01 (local time; 2026-11-01T09:30Z for UTC)";

/** `2026-11-01`, optionally with a time (`2026-11-01T09:30`, `…:00Z`, `…+02:00`). */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A duration with its unit spelled out (`7days`, `2 hours`, `30min`) or counted back with a minus
 * (`-1d`, `-7 days`): refused with the form that works, for a unit that is not `M` (months).
 */
const WORDED_DURATION =
  /^(-\s*)?(\d+)\s*(?:(m)(?:in|ins|inute|inutes)|(h)(?:r|rs|our|ours)|(d)(?:ay|ays)|(w)(?:k|ks|eek|eeks)|([mhdw]))$/i;

/** The earliest `--since` a ledger can have rows from: the start of 1970, UTC. */
const EARLIEST_MS = 0;

/** The years a date given to `--since` may have: the ledger has nothing before 1970. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 9999;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** How many days the month has (February by the year's leap rule). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * What is wrong with the year, the month, the day, the time of day or the offset of a date (`hour 25 does not exist:
 * hours go from 00 to 23`), or undefined when each part exists. `new Date` would roll 25:00 over
 * to the next day and read year 0000 as 1900, so each part is checked before.
 */
function impossiblePart(date: RegExpExecArray): string | undefined {
  const year = Number(date[1]);
  if (year < FIRST_YEAR) {
    return `year ${date[1]} is before ${FIRST_YEAR}: the ledger has nothing older`;
  }
  if (year > LAST_YEAR) return `year ${date[1]} is past ${LAST_YEAR}`;
  const month = Number(date[2]);
  if (month < 1 || month > 12) {
    return `month ${date[2]} does not exist: months go from 01 to 12`;
  }
  const days = daysInMonth(year, month);
  const day = Number(date[3]);
  if (day < 1 || day > days) {
    return `day ${date[3]} does not exist in ${MONTHS[month - 1]} ${date[1]}: its days go from 01 to ${days}`;
  }
  const parts: Array<[string | undefined, string, number]> = [
    [date[4], "hour", 23],
    [date[5], "minute", 59],
    [date[6], "second", 59],
  ];
  for (const [text, name, most] of parts) {
    if (text !== undefined && Number(text) > most) {
      return `${name} ${text} does not exist: ${name}s go from 00 to ${most}`;
    }
  }
  const offset = date[8] ? /^[+-](\d{2}):?(\d{2})$/.exec(date[8]) : null;
  if (offset && (Number(offset[1]) > 23 || Number(offset[2]) > 59)) {
    return `offset ${date[8]} does not exist: offsets go from -23:59 to +23:59`;
  }
  return undefined;
}

/** Whether year, month and day name a day of the calendar (not 2026-02-30). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * `7d`, `24h`, `30m`, `2w`, or an ISO date (`2026-11-01`, with a time if wanted). Returns epoch
 * milliseconds. A date or time without a zone is local time (the day starts at local midnight),
 * as `openclaw usage` prints times; `Z` or an offset says otherwise. A bare number is refused:
 * `7` would otherwise be read as a date (July 2001). So is a duration reaching back before 1970,
 * a year before 1970 and a date or time that does not exist (`2026-02-30`, `2026-13-01`,
 * `T25:00`, `T23:60`, `T00:00:99`): the error names the part; and a zero duration (`0d`), which
 * would count back nothing. Units may be capitals (`7D`), but
 * for `M`, which is refused rather than read as minutes. Its messages call `text` by `name`:
 * `--since "7x" is neither a duration nor a date` for the command, `since "7x" …` for a program.
 */
export function parseSince(text: string, now = Date.now(), name: SinceName = "--since"): number {
  const trimmed = text.trim();
  if (trimmed.length > SINCE_LONGEST) {
    throw new UsageError(
      `${name} "${shortened(text)}" is neither a duration nor a date (${text.length} characters)`,
      SINCE_HINT,
    );
  }
  const match = /^(\d+)\s*([mhdw])$/i.exec(trimmed);
  // `M` is months to many tools (and to people): read as minutes, `1M` would report the last
  // minute and look like a month with almost no traffic.
  if (match?.[2] === "M") {
    throw new UsageError(
      `${name} "${text}": M is not a unit here (m is minutes, and a month has no fixed length): write ${match[1]}m for minutes, or days (30d for about a month)`,
      SINCE_HINT,
    );
  }
  if (match && Number(match[1]) === 0) {
    // Counted back nothing, it would report "no requests" over a ledger full of today's: whoever
    // types 0d means today, which is a date (local midnight) or the last 24h.
    const today = new Date(now);
    const day = [today.getMonth() + 1, today.getDate()].map((n) => String(n).padStart(2, "0"));
    throw new UsageError(
      `${name} "${text}" counts back no time at all: for today write today's date (${today.getFullYear()}-${day.join("-")}), or 24h for the last day`,
      SINCE_HINT,
    );
  }
  if (match) {
    const unitName = (match[2] ?? "d").toLowerCase();
    const unit = UNITS[unitName] ?? UNITS.d ?? 0;
    const since = now - Number(match[1]) * unit;
    if (!Number.isFinite(since) || since < EARLIEST_MS) {
      const most = Math.floor((now - EARLIEST_MS) / unit);
      throw new UsageError(
        `${name} "${text}" reaches back before 1970: the most is ${most}${unitName} (the ledger has nothing older)`,
        SINCE_HINT,
      );
    }
    return since;
  }
  const worded = WORDED_DURATION.exec(trimmed);
  if (worded) {
    // A spelled-out unit by its letter; a letter alone (after a minus) as typed, `M` included.
    const spelled = worded[3] ?? worded[4] ?? worded[5] ?? worded[6];
    // `-1M` as `1M` would only be refused next: M is not a unit (see below).
    const written =
      worded[7] === "M"
        ? `${worded[2]}m for minutes, or days (30d for about a month)`
        : `${worded[2]}${spelled?.toLowerCase() ?? worded[7]}`;
    throw new UsageError(
      worded[1]
        ? `${name} "${text}": a duration already counts back from now, without a minus: write ${written}`
        : `${name} "${text}": units are one letter: write ${written}`,
      SINCE_HINT,
    );
  }
  if (/^\d+$/.test(trimmed)) {
    const unixTime = unixTimeAdvice(trimmed, text, now, name);
    if (unixTime !== undefined) throw new UsageError(unixTime, SINCE_HINT);
    throw new UsageError(
      `${name} "${text}" has no unit: write ${trimmed}d for days (or ${trimmed}h, ${trimmed}m, ${trimmed}w)`,
      SINCE_HINT,
    );
  }
  const date = ISO_DATE.exec(trimmed);
  const impossible = date ? impossiblePart(date) : undefined;
  if (impossible !== undefined) {
    throw new UsageError(`${name} "${text}": ${impossible}`, SINCE_HINT);
  }
  if (date && isCalendarDay(Number(date[1]), Number(date[2]), Number(date[3]))) {
    // With a zone, as written; without one, local time (a date alone: its local midnight).
    const ms = date[8]
      ? Date.parse(trimmed)
      : new Date(
          Number(date[1]),
          Number(date[2]) - 1,
          Number(date[3]),
          Number(date[4] ?? 0),
          Number(date[5] ?? 0),
          Number(date[6] ?? 0),
          Number(`0.${date[7] ?? "0"}`) * 1000,
        ).getTime();
    if (Number.isFinite(ms)) return ms;
  }
  const said = sinceSpelledOtherwise(trimmed, text, now, name);
  if (said) throw new UsageError(said, SINCE_HINT);
  throw new UsageError(`${name} "${text}" is neither a duration nor a date`, SINCE_HINT);
}

/** 2001-09-09, when Unix time in seconds reached 10 digits: a count of days is never that long. */
const UNIX_SECONDS_FROM = 1_000_000_000;

/**
 * A bare number of 10 digits (seconds) or 13 (milliseconds) that is a moment since 2001 and not
 * past now: a Unix time (`date +%s`, a ledger row's `ts`), for which "write 1796492168000d for
 * days" was no advice. Says the date to write instead, in UTC; else undefined.
 */
function unixTimeAdvice(
  digits: string,
  text: string,
  now: number,
  name: SinceName,
): string | undefined {
  const unit = digits.length === 10 ? "seconds" : digits.length === 13 ? "milliseconds" : undefined;
  if (unit === undefined) return undefined;
  const ms = unit === "seconds" ? Number(digits) * 1000 : Number(digits);
  if (ms < UNIX_SECONDS_FROM * 1000 || ms > now) return undefined;
  const written = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  return `${name} "${text}" looks like a Unix time in ${unit}, which ${name} does not take: write the date instead, ${written} (UTC)`;
}

/** `2026-12-02`: the local day of `ts`. */
function localDate(ts: number): string {
  const date = new Date(ts);
  const parts = [date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, "0"));
  return `${date.getFullYear()}-${parts.join("-")}`;
}

/**
 * What to write for a `--since` people type but parseSince does not read: `today` and
 * `yesterday` (their local date), a fraction of a unit (`1.5h`: 90m, the whole number of the
 * largest unit that gives one), years (`1y`: 365d), seconds (`90s`: 1m or 2m; `3600s`: 1h), a
 * duration said as counted back (`24h ago`, `last 7d`: 24h, 7d) and a date without its zeros
 * (`2026-12-5`: 2026-12-05). Refused rather than read: the report's start is not guessed.
 */
function sinceSpelledOtherwise(
  trimmed: string,
  text: string,
  now: number,
  name: SinceName,
): string | undefined {
  const word = trimmed.toLowerCase();
  if (word === "today") return `${name} "${text}": for today write its date: ${localDate(now)}`;
  if (word === "yesterday") {
    const yesterday = new Date(now);
    yesterday.setDate(yesterday.getDate() - 1);
    return `${name} "${text}": for yesterday write its date: ${localDate(yesterday.getTime())}`;
  }
  const several = severalUnits(trimmed, text, name);
  if (several !== undefined) return several;
  const counted = countedBack(trimmed, text, name);
  if (counted !== undefined) return counted;
  const seconds = /^(\d+)\s*(?:s|sec|secs|second|seconds)$/i.exec(trimmed);
  if (seconds && Number(seconds[1]) > 0) {
    const { written } = durationToWrite(Number(seconds[1]) * 1000);
    return `${name} "${text}": s is not a unit here (minutes are the smallest): write ${written}`;
  }
  // `2026/11/01` and `2026.11.01`, as other tools and locales write a date: with dashes, and zeros.
  const slashed = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})((?:[T ].*)?)$/i.exec(trimmed);
  if (slashed) {
    const dashed = `${slashed[1]}-${slashed[3]?.padStart(2, "0")}-${slashed[4]?.padStart(2, "0")}${slashed[5]}`;
    const date = ISO_DATE.exec(dashed);
    const impossible = date ? impossiblePart(date) : undefined;
    if (impossible !== undefined) return `${name} "${text}": ${impossible}`;
    if (date) return `${name} "${text}": a date is written with dashes here: write ${dashed}`;
  }
  const unpadded = /^(\d{4})-(\d{1,2})-(\d{1,2})((?:[T ].*)?)$/i.exec(trimmed);
  if (unpadded) {
    const padded = `${unpadded[1]}-${unpadded[2]?.padStart(2, "0")}-${unpadded[3]?.padStart(2, "0")}${unpadded[4]}`;
    const date = ISO_DATE.exec(padded);
    // A date that would not exist with its zeros either is told as such (`2026-2-30`).
    const impossible = date ? impossiblePart(date) : undefined;
    if (impossible !== undefined) return `${name} "${text}": ${impossible}`;
    if (date) return `${name} "${text}": months and days have two digits: write ${padded}`;
  }
  // Years, as other tools take them (`1y`, `2 years`): in days, as a month is (see parseSince).
  const years = /^(\d+)\s*(?:y|yr|yrs|year|years)$/i.exec(trimmed);
  if (years)
    return `${name} "${text}": y is not a unit here (a year has no fixed length): write ${Number(years[1]) * 365}d for about ${years[1] === "1" ? "a year" : `${years[1]} years`}`;
  const fraction = /^(\d*\.\d+)\s*([mhdw])$/i.exec(trimmed);
  const unit = UNITS[fraction?.[2]?.toLowerCase() ?? ""];
  if (!fraction || unit === undefined || fraction[2] === "M") return undefined;
  const ms = Number(fraction[1]) * unit;
  // `0.0h` is the zero duration, said as such by parseSince's generic refusal.
  if (ms === 0) return undefined;
  const { whole, written } = durationToWrite(ms);
  return whole
    ? `${name} "${text}": write ${written} (a duration is a whole number of its unit)`
    : `${name} "${text}": a duration is a whole number of minutes at least: write ${written}`;
}

/**
 * How a duration of `ms` (more than 0) is written: the largest unit that holds it whole
 * (`whole`), else the whole minutes either side of it (`1m` below one minute).
 */
function durationToWrite(ms: number): { whole: boolean; written: string } {
  const whole = (["w", "d", "h", "m"] as const).find((name) => {
    const size = UNITS[name] ?? 0;
    return ms >= size && Number.isInteger(Math.round(ms) / size);
  });
  if (whole !== undefined)
    return { whole: true, written: `${Math.round(ms) / (UNITS[whole] ?? 1)}${whole}` };
  const minutes = ms / (UNITS.m ?? 60_000);
  return {
    whole: false,
    written: minutes < 1 ? "1m" : `${Math.floor(minutes)}m or ${Math.ceil(minutes)}m`,
  };
}

/**
 * A duration said as counted back (`24h ago`, `last 7d`, `2 hours ago`): what to write, the
 * duration alone, since a duration already counts back from now. Undefined for anything else.
 */
function countedBack(trimmed: string, text: string, name: SinceName): string | undefined {
  const said = /^(?:last\s+)?(.+?)(?:\s*\bago)?$/i.exec(trimmed);
  const duration = said?.[1];
  if (duration === undefined || duration === trimmed) return undefined;
  const plain = /^(\d+)\s*([mhdw])$/i.exec(duration);
  const worded = plain ? undefined : WORDED_DURATION.exec(duration);
  if (worded?.[1]) return undefined;
  const amount = plain?.[1] ?? worded?.[2];
  const letter =
    plain?.[2] ?? worded?.[3] ?? worded?.[4] ?? worded?.[5] ?? worded?.[6] ?? worded?.[7];
  // `M` and a zero duration are said by parseSince when written alone.
  if (amount === undefined || letter === undefined || letter === "M" || Number(amount) === 0)
    return undefined;
  return `${name} "${text}": a duration already counts back from now: write ${amount}${letter.toLowerCase()}`;
}

/** A duration of several units (`1h30m`, `1d 12h`, as Go and Prometheus write them). */
const SEVERAL_UNITS = /^(?:\d+\s*[mhdw]\s*){2,}$/i;

/**
 * What to write for a duration of several units: the largest unit that holds it whole (`1h30m`:
 * 90m, `2w3d`: 17d). Undefined for anything else, and for one with `M` (no unit: see parseSince).
 */
function severalUnits(trimmed: string, text: string, name: SinceName): string | undefined {
  if (!SEVERAL_UNITS.test(trimmed) || trimmed.includes("M")) return undefined;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)\s*([mhdw])/gi))
    ms += Number(amount) * (UNITS[unit?.toLowerCase() ?? ""] ?? 0);
  const whole = (["w", "d", "h", "m"] as const).find((name) => ms % (UNITS[name] ?? 1) === 0);
  if (ms === 0 || whole === undefined) return undefined;
  return `${name} "${text}": write ${ms / (UNITS[whole] ?? 1)}${whole} (a duration is one number and one unit)`;
}

/**
 * How each grouping reads from the rows (`requests`) and from the hourly totals. By model and by
 * provider, a request no model was called for is `(not sent)`, whatever name it asked for: the
 * rows are the models that were used, not every name a client typed.
 */
const ROW_KEY: Record<UsageGrouping, string> = {
  model: `COALESCE(model_used, '${NOT_SENT}')`,
  provider: `CASE WHEN model_used IS NULL THEN '${NOT_SENT}' ELSE COALESCE(provider, '${NO_PROVIDER}') END`,
  client: "COALESCE(client, '(unknown)')",
  api: `COALESCE(api, '${API_NOT_RECORDED}')`,
  // The local day (this machine's TZ), as the report prints times.
  day: "strftime('%Y-%m-%d', ts / 1000, 'unixepoch', 'localtime')",
};
/** Groupings the hourly totals can answer; the others are read from the rows. */
const HOURLY_KEY: Partial<Record<UsageGrouping, string>> = {
  // An hour's requests without a provider had no model called (older hours keep the name typed).
  model: `CASE WHEN provider = '${NO_PROVIDER}' THEN '${NOT_SENT}' ELSE model END`,
  provider: `CASE WHEN provider = '${NO_PROVIDER}' THEN '${NOT_SENT}' ELSE provider END`,
  // An hour of UTC lies in one local day wherever the offset is whole hours (see readSums).
  day: `strftime('%Y-%m-%d', hour * ${HOUR_MS / 1000}, 'unixepoch', 'localtime')`,
};

/**
 * Whether the local offset is a whole number of hours from `sinceMs` to `now` (checked at both
 * ends and every day between): else an hour of the hourly totals can straddle a local midnight
 * (India's +05:30), and days are summed from the rows.
 */
function wholeHourOffsets(sinceMs: number, now: number): boolean {
  const step = 86_400_000;
  const end = Math.max(sinceMs, now);
  // Bounded: past a few years, a sample per week is plenty (zones rarely change their offset).
  const stride = end - sinceMs > 3 * 365 * step ? 7 * step : step;
  for (let at = sinceMs; ; at = Math.min(end, at + stride)) {
    if (new Date(at).getTimezoneOffset() % 60 !== 0) return false;
    if (at >= end) return true;
  }
}

/** Sums per key, before the average latency is worked out. */
interface Sums extends UsageSums {
  key: string;
  /** Estimated requests that failed: cut short (the hourly totals do not tell them apart). */
  cutShortRequests: number;
  /** Requests the client cancelled (the hourly totals count them among the errors). */
  cancelledRequests: number;
}

/** Sums per key and model, as a query reads them: `model` null where none was called. */
interface ModelSums extends Sums {
  model: string | null;
}

/** A key's sums with the models its requests went to. */
interface KeySums extends Sums {
  models: Set<string>;
}

const ROW_SUMS = `COUNT(*) AS requests, SUM(outcome != 'ok') AS errors,
  SUM(fallback_from IS NOT NULL) AS fallbacks, SUM(prompt_tokens) AS promptTokens,
  SUM(completion_tokens) AS completionTokens, SUM(cached_tokens) AS cachedTokens,
  SUM(cost_usd) AS costUsd, SUM(latency_ms) AS latencyMs`;
const HOURLY_SUMS = `SUM(requests) AS requests, SUM(errors) AS errors, SUM(fallbacks) AS fallbacks,
  SUM(prompt_tokens) AS promptTokens, SUM(completion_tokens) AS completionTokens,
  SUM(cached_tokens) AS cachedTokens, SUM(cost_usd) AS costUsd, SUM(latency_ms) AS latencyMs`;

/**
 * The web searches and estimated requests summed from the rows or the hourly totals: 0 from a
 * ledger no gateway of this version has opened yet (it has no such column, and had none).
 */
function searchSums(db: Database.Database, table: "requests" | "usage_hourly"): string {
  const searches = ledgerHasColumn(db, table, "web_searches")
    ? "SUM(COALESCE(web_searches, 0)) AS webSearches"
    : "0 AS webSearches";
  // Rows and hours written before estimates were marked have none.
  const column = table === "requests" ? "estimated" : "estimated_requests";
  const estimated = ledgerHasColumn(db, table, column)
    ? `SUM(COALESCE(${column}, 0)) AS estimatedRequests`
    : "0 AS estimatedRequests";
  return `${searches}, ${estimated}`;
}

/**
 * The estimated requests that failed, summed from the rows: a stream cut short before the
 * provider reported usage. The other estimated requests finished without usage from the provider.
 */
function cutShortSum(db: Database.Database): string {
  return ledgerHasColumn(db, "requests", "estimated")
    ? "SUM(COALESCE(estimated, 0) = 1 AND outcome != 'ok') AS cutShortRequests"
    : "0 AS cutShortRequests";
}

/** The cancelled requests summed from the rows (see usage-cancelled.ts). */
const CANCELLED_SUM = `SUM(${CANCELLED_ROW}) AS cancelledRequests`;

/**
 * The cut-short and the cancelled requests of the hours from `firstHour` on, per key. The hourly
 * totals count both among the errors without saying which, so the rows are read, but only in the
 * hours whose totals have an error (a cut-short or a cancelled request is one): a gateway whose
 * requests all succeed does not make the report read its rows.
 */
function failuresInHours(
  db: Database.Database,
  key: string,
  firstHour: number,
): Array<{ key: string; cutShortRequests: number; cancelledRequests: number }> {
  const hours = db
    .prepare("SELECT DISTINCT hour FROM usage_hourly WHERE hour >= ? AND errors > 0 ORDER BY hour")
    .pluck()
    .all(firstHour) as number[];
  // Hours next to each other are read as one range.
  const ranges: Array<[number, number]> = [];
  for (const hour of hours) {
    const last = ranges.at(-1);
    if (last !== undefined && last[1] === hour) last[1] = hour + 1;
    else ranges.push([hour, hour + 1]);
  }
  const query = db.prepare(
    `SELECT ${key} AS key, ${cutShortSum(db)}, ${CANCELLED_SUM} FROM requests
     WHERE ts >= ? AND ts < ? AND outcome != 'ok' GROUP BY key`,
  );
  return ranges.flatMap(
    ([from, to]) =>
      query.all(from * HOUR_MS, to * HOUR_MS) as Array<{
        key: string;
        cutShortRequests: number;
        cancelledRequests: number;
      }>,
  );
}

/**
 * Whether a table (or view) of the ledger has a column: a ledger no gateway of this version has
 * opened yet still has an older version's `requests` and `usage_hourly`, without the columns
 * added since.
 * @internal (left out of the shipped declarations: they would name better-sqlite3's types)
 */
export function ledgerHasColumn(
  db: Database.Database,
  table: "requests" | "usage_hourly",
  column: string,
): boolean {
  return (
    db.prepare(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = ?`).get(column) !==
    undefined
  );
}

/** How a grouping reads from the rows of this ledger. */
function rowKey(db: Database.Database, by: UsageGrouping): string {
  if (by === "api" && !ledgerHasColumn(db, "requests", "api")) return `'${API_NOT_RECORDED}'`;
  return ROW_KEY[by];
}

/**
 * Sums of the same key added together (a group's rows, its hours and its attempts that fell
 * through), with the models each key's sums show used (see usedSomething).
 */
function mergedSums(all: readonly ModelSums[]): Map<string, KeySums> {
  const merged = new Map<string, KeySums>();
  for (const sums of all) {
    let into = merged.get(sums.key);
    if (!into) {
      into = {
        ...zeroUsageSums(),
        cutShortRequests: 0,
        cancelledRequests: 0,
        key: sums.key,
        models: new Set(),
      };
      merged.set(sums.key, into);
    }
    addUsageSums(into, sums);
    into.cutShortRequests += sums.cutShortRequests ?? 0;
    into.cancelledRequests += sums.cancelledRequests ?? 0;
    if (sums.model !== null && usedSomething(sums)) into.models.add(sums.model);
  }
  return merged;
}

/**
 * Whether a model's sums show it used: an answer, tokens or a web search. Attempts that failed
 * without a token (a key refused, a plan's quota used up, then a fallback answered) cost neither
 * money nor quota, so they do not make a group billed by that model's plan or prices.
 */
function usedSomething(sums: Partial<UsageSums>): boolean {
  const counted = zeroUsageSums();
  addUsageSums(counted, sums);
  return (
    counted.requests > counted.errors ||
    counted.promptTokens + counted.completionTokens + counted.cachedTokens > 0 ||
    counted.webSearches > 0
  );
}

/** The key of an attempt that fell through (`attempt`, a json_each row) by model or provider. */
const ATTEMPT_KEY: Partial<Record<UsageGrouping, string>> = {
  model: "attempt.value ->> 'model'",
  provider: `COALESCE(NULLIF(substr(attempt.value ->> 'model', 1, instr(attempt.value ->> 'model', '/') - 1), ''), '${NO_PROVIDER}')`,
};

/**
 * The tokens and cost of the attempts that fell through in the rows from `fromMs` to `toMs`, per
 * key: by model and provider those of the attempt's own model, else the row's key. Their
 * requests, errors and latencies are the rows' own, counted once already. A ledger from before
 * the column has none.
 */
function fellThroughSums(
  db: Database.Database,
  by: UsageGrouping,
  fromMs: number,
  toMs: number,
): ModelSums[] {
  if (!ledgerHasColumn(db, "requests", "fell_through")) return [];
  const key = ATTEMPT_KEY[by] ?? rowKey(db, by);
  return db
    .prepare(
      `SELECT ${key} AS key, attempt.value ->> 'model' AS model, 0 AS requests, 0 AS errors, 0 AS fallbacks,
         SUM(COALESCE(attempt.value ->> 'prompt_tokens', 0)) AS promptTokens,
         SUM(COALESCE(attempt.value ->> 'completion_tokens', 0)) AS completionTokens,
         SUM(COALESCE(attempt.value ->> 'cached_tokens', 0)) AS cachedTokens,
         SUM(COALESCE(attempt.value ->> 'cost_usd', 0)) AS costUsd, 0 AS latencyMs,
         0 AS webSearches, 0 AS estimatedRequests, 0 AS cutShortRequests, 0 AS cancelledRequests
       FROM requests, json_each(requests.fell_through) AS attempt
       WHERE requests.fell_through IS NOT NULL AND requests.ts >= ? AND requests.ts < ?
       GROUP BY 1, 2`,
    )
    .all(fromMs, toMs) as ModelSums[];
}

/**
 * Sums per key since `sinceMs`: whole hours from the hourly totals, the part of an hour before
 * them from the rows. A ledger without hourly totals (written by the first version and not yet
 * opened by a newer gateway), or a grouping they do not keep (the client, the API), is read from
 * its rows alone: every row in the range, so narrow `--since` on a large ledger.
 */
function readSums(
  db: Database.Database,
  sinceMs: number,
  by: UsageGrouping,
  now = Date.now(),
): { sums: KeySums[]; removed: RowsRemovedNote | null } {
  const removed = rowsRemoved(db);
  const gone = removed !== undefined && sinceMs < removed.before ? removed : undefined;
  // Counts complete from `from` on: the rows before `gone.before` are no longer there to sum.
  const note = (from: number | undefined): RowsRemovedNote | null =>
    gone === undefined
      ? null
      : {
          before: new Date(gone.before).toISOString(),
          keepDays: gone.keepDays,
          countedFrom: from === undefined ? null : new Date(from).toISOString(),
        };
  const hourlyKey = by === "day" && !wholeHourOffsets(sinceMs, now) ? undefined : HOURLY_KEY[by];
  const key = rowKey(db, by);
  const hasHourly =
    hourlyKey !== undefined &&
    db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'usage_hourly'")
      .get() !== undefined;
  // Per key and model: which models a key's requests went to tells how they were billed.
  const rowSums = `${key} AS key, model_used AS model, ${ROW_SUMS}, ${searchSums(db, "requests")}, ${cutShortSum(db)}, ${CANCELLED_SUM}`;
  if (!hasHourly) {
    const sums = db
      .prepare(`SELECT ${rowSums} FROM requests WHERE ts >= ? GROUP BY 1, 2`)
      .all(sinceMs) as ModelSums[];
    const merged = mergedSums([
      ...sums,
      ...fellThroughSums(db, by, sinceMs, Number.MAX_SAFE_INTEGER),
    ]);
    return { sums: [...merged.values()], removed: note(gone?.before) };
  }
  const firstHour = Math.ceil(sinceMs / HOUR_MS);
  // Rows are removed in whole hours: of a pruned range only the hour --since starts in is lost.
  // Lost only when the hourly totals say that hour had requests.
  const partialGone =
    gone !== undefined &&
    sinceMs < firstHour * HOUR_MS &&
    db
      .prepare("SELECT 1 FROM usage_hourly WHERE hour = ? LIMIT 1")
      .get(Math.floor(sinceMs / HOUR_MS)) !== undefined;
  const partial = db
    .prepare(`SELECT ${rowSums} FROM requests WHERE ts >= ? AND ts < ? GROUP BY 1, 2`)
    .all(sinceMs, firstHour * HOUR_MS) as ModelSums[];
  partial.push(...fellThroughSums(db, by, sinceMs, firstHour * HOUR_MS));
  // An hour's requests without a provider had no model called: no model of theirs is named.
  const hourModel = `CASE WHEN provider = '${NO_PROVIDER}' THEN NULL ELSE model END AS model`;
  const hours = db
    .prepare(
      `SELECT ${hourlyKey} AS key, ${hourModel}, ${HOURLY_SUMS}, ${searchSums(db, "usage_hourly")} FROM usage_hourly WHERE hour >= ? GROUP BY 1, 2`,
    )
    .all(firstHour) as ModelSums[];
  const failures = failuresInHours(db, key, firstHour).map((counts) => ({
    ...zeroUsageSums(),
    ...counts,
    model: null,
  }));
  const merged = mergedSums([...hours, ...partial, ...failures]);
  return {
    sums: [...merged.values()],
    removed: note(partialGone ? firstHour * HOUR_MS : undefined),
  };
}

/**
 * Request rows older than `gateway.ledger.keepDays` were removed within the report's range:
 * from when (`before`), and from when its counts are complete (`countedFrom`): null when the
 * hourly totals answer for all of it (by model, provider or day over whole hours).
 */
export interface RowsRemovedNote {
  /** ISO time: request rows from before it were removed. */
  before: string;
  /** The `gateway.ledger.keepDays` that removed them. */
  keepDays: number;
  /** ISO time the report's counts are complete from; null when hourly totals cover it all. */
  countedFrom: string | null;
}

/**
 * `sums` as a group: the average latency, its estimated requests told apart, and its cancelled
 * requests apart from its errors.
 */
function toGroup(
  sums: UsageSums,
  cutShort: number,
  cancelledCount: number,
): Omit<UsageGroup, "key" | "models"> {
  const { latencyMs, requests, errors, ...counts } = sums;
  const cutShortRequests = Math.min(cutShort, sums.estimatedRequests);
  const cancelled = Math.min(cancelledCount, errors);
  return {
    requests,
    errors: errors - cancelled,
    cancelled,
    ...counts,
    avgLatencyMs: sums.requests > 0 ? Math.round((latencyMs / sums.requests) * 10) / 10 : null,
    cutShortRequests,
    usageNotReportedRequests: sums.estimatedRequests - cutShortRequests,
  };
}

/** A ledger path naming a directory: permissions have nothing to do with it. */
function ledgerIsDirectory(path: string): OpenClawError {
  return new OpenClawError(
    "usage.ledger_unreadable",
    `cannot open the usage ledger ${path}: it is a directory`,
    {
      hint: "the ledger is a file (<state>/usage.sqlite unless gateway.ledger.path names another): move the directory away, or set gateway.ledger.path to a file such as <dir>/usage.sqlite",
    },
  );
}

/**
 * The error for a ledger file this user may not read (its mode, or another user's file), else
 * undefined. SQLite says only "unable to open database file": the reason is asked of the system.
 */
export function ledgerNotReadable(path: string): OpenClawError | undefined {
  try {
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "EACCES" && code !== "EPERM") return undefined;
    return new OpenClawError(
      "usage.ledger_unreadable",
      `the usage ledger ${path} cannot be read: this user may not read it (permission denied)`,
      {
        hint: `give this user read access to it (ls -l ${path} shows its owner and mode), or set gateway.ledger.path to another file`,
      },
    );
  }
}

/**
 * The ledger, for reading only; a clear error when it cannot be opened. Opened so that nothing is
 * left beside it and nothing in it changed (see openSqliteToRead): every report once left
 * `usage.sqlite-wal` and `-shm` behind, and a report on another program's database stopped with
 * its log still there copied that log into its file and deleted it. `open` is how (a copy: see
 * readLedger).
 */
function openLedgerToRead(
  path: string,
  open: (path: string) => Database.Database,
): Database.Database {
  try {
    return open(path);
  } catch (error) {
    if (isOpenClawError(error)) throw error;
    const notReadable = ledgerNotReadable(path);
    if (notReadable) throw notReadable;
    if (isSqliteBindingMissing(error))
      throw sqliteBindingError("usage.ledger_unreadable", path, error);
    throw new OpenClawError("usage.ledger_unreadable", `cannot open the usage ledger ${path}`, {
      hint: "check the file's permissions, or move it away to start a new ledger",
      cause: error,
    });
  }
}

/**
 * Runs `read` on the ledger, read-only. Undefined when there is no ledger yet: no file, or an
 * empty one (the gateway creates the file before its writer sets it up, and sets up an empty file
 * as a new ledger). A file SQLite cannot read, or a database without the ledger's `requests`, is
 * an error naming the file and what to do.
 * @internal (left out of the shipped declarations: they would name better-sqlite3's types)
 */
export function readLedger<T>(path: string, read: (db: Database.Database) => T): T | undefined {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw ledgerIsDirectory(path);
    size = stats.size;
  } catch (error) {
    if (isOpenClawError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    // A file where its directory should be: which one, not "check the file's permissions".
    const blocking = code === "ENOTDIR" ? ledgerBlockedBy(path) : undefined;
    if (blocking !== undefined)
      throw new OpenClawError(
        "usage.ledger_unreadable",
        `cannot open the usage ledger ${path}: ${blockedLedgerWhy(blocking)}`,
        { hint: blockedLedgerReadHint(blocking) },
      );
    size = 1; // let the open say what is wrong
  }
  if (size === 0) return undefined;
  try {
    return readOpened(path, openSqliteToRead, read);
  } catch (error) {
    // Beside the file a symlink names: where SQLite keeps the log and wants to make its -shm.
    if (!needsWritableDirectory(error, sqliteFile(path))) throw error;
    // Nothing can be writing it, since the gateway could not either.
    return readOpened(path, openSqliteCopy, read);
  }
}

/**
 * A database with nothing in it: no table, view or index, no `user_version`. A gateway starting on
 * a new state dir makes the ledger's file so (its WAL mode written at once) a moment before it
 * creates every table in one transaction; `usage` run in that moment read it as "not a ledger"
 * (exit 1, with advice to move the file away) instead of as no ledger yet.
 */
function isNewDatabase(db: Database.Database): boolean {
  const objects = db.prepare("SELECT count(*) FROM sqlite_master").pluck().get() as number;
  return objects === 0 && db.pragma("user_version", { simple: true }) === 0;
}

/**
 * `read` on the ledger at `path` opened by `open`; undefined for a new database the gateway has
 * yet to set up, read as an empty file is.
 */
function readOpened<T>(
  path: string,
  open: (path: string) => Database.Database,
  read: (db: Database.Database) => T,
): T | undefined {
  const db = openLedgerToRead(path, open);
  try {
    const requests = db
      .prepare("SELECT 1 FROM sqlite_master WHERE name = 'requests' AND type IN ('table', 'view')")
      .get();
    if (requests === undefined && isNewDatabase(db)) return undefined;
    if (requests === undefined) {
      throw notALedgerError(path, tablesOf(db));
    }
    // A newer layout (or a view made again by hand) without a column read here would fail with
    // SQLite's "no such column"; a newer one with every column is read as it is.
    const named = new Set(
      db.prepare("SELECT name FROM pragma_table_info('requests')").pluck().all() as string[],
    );
    const missing = LEDGER_BASE_COLUMNS.filter((name) => !named.has(name));
    if (missing.length > 0) {
      const version = db.pragma("user_version", { simple: true }) as number;
      throw ledgerMissingColumnsError(path, missing, version, LEDGER_VERSION);
    }
    return read(db);
  } catch (error) {
    if (isDamagedFileError(error)) throw damagedLedgerError(path, error);
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Whether SQLite could not read the ledger because its directory is read-only: the ledger is in
 * WAL mode, and even a read-only reader creates `usage.sqlite-shm` beside it ("unable to open
 * database file"), say on a state dir mounted read-only or copied off a backup. A file this user
 * may write in a directory it may not (a state dir made 555) opens, then fails its first read
 * with "attempt to write a readonly database" (SQLITE_READONLY_DIRECTORY).
 */
function needsWritableDirectory(error: unknown, path: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "SQLITE_CANTOPEN" && code !== "SQLITE_READONLY_DIRECTORY") return false;
  try {
    accessSync(dirname(path), constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** What `ledger_pruned` says of the ledger at `path`; undefined when rows were never removed. */
export function readRowsRemoved(path: string): RowsRemoved | undefined {
  return readLedger(path, (db) => rowsRemoved(db));
}

export function readUsage(options: {
  ledgerPath: string;
  since: string;
  by: UsageGrouping;
  now?: number;
  /** What a `since` it cannot read is called in the error (default `--since`). */
  sinceName?: SinceName;
}): UsageReport {
  const sinceMs = parseSince(options.since, options.now, options.sinceName);
  const read = readLedger(options.ledgerPath, (db) =>
    readSums(db, sinceMs, options.by, options.now),
  );
  const sums = read?.sums ?? [];
  const groups: UsageGroup[] = sums.map((entry) => {
    const clean = zeroUsageSums();
    addUsageSums(clean, entry);
    return {
      key: entry.key,
      ...toGroup(clean, entry.cutShortRequests ?? 0, entry.cancelledRequests ?? 0),
      models: [...entry.models].sort(),
    };
  });
  groups.sort((a, b) =>
    options.by === "day"
      ? a.key.localeCompare(b.key)
      : b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key),
  );
  const all = zeroUsageSums();
  for (const entry of sums) addUsageSums(all, entry);
  const cutShort = groups.reduce((n, group) => n + group.cutShortRequests, 0);
  const cancelled = groups.reduce((n, group) => n + group.cancelled, 0);
  return {
    since: new Date(sinceMs).toISOString(),
    by: options.by,
    ledger: options.ledgerPath,
    groups,
    total: toGroup(all, cutShort, cancelled),
    rowsRemoved: read?.removed ?? null,
  };
}
