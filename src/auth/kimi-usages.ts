/**
 * The windows of a Kimi Code plan, read from its `GET /usages` answer. Kimi Code answers it in two
 * shapes, and some accounts get both at once:
 *
 * - counts: the week's `usage` and `limits[]` (the 5-hour window, `{duration: 300, timeUnit:
 *   "TIME_UNIT_MINUTE"}`), each `{limit, used, remaining, resetTime}` as decimal strings;
 * - ratio pools (since September 2026): `usages` keyed by window, `limit_5h`, `limit_7d`,
 *   `limit_month_total` (`limit5h`, `limit7d` on some accounts), each the share used as a number
 *   from 0 (`used_ratio` or `usedRatio`, 0.0338 is 3.38 %) and when it resets (`reset_time` or
 *   `resetAt`, ISO), without any `usage`; `limit_month_code`, Kimi Code's part of the month's
 *   total, is left out.
 *
 * A window both report is read from its counts: answers were recorded with a ratio of 0 beside
 * counts that had use, and beside a week Kimi Code was refusing as used up.
 */

import { cutToWidth, displayWidth } from "../cli/display-width.js";
import { isRecord, type JsonObject } from "../util/is-record.js";
import { hasUnprintable, printable } from "../util/printable.js";
import { timeLeft } from "../util/reset-time.js";

/** What every window of a Kimi Code plan's quota says: its length, when it resets, whether it is used up. */
export interface QuotaWindowBase {
  /** The window in words: `week`, `5 h`, `month`, `30 min`, `1 d`. */
  window: string;
  /** Its length in minutes, when known (a month's is not). */
  minutes?: number;
  /** ISO time it resets, as reported. */
  resetTime?: string;
  /** How long from the lookup until it resets (`3 h 20 min`), when that time is still to come. */
  resetsIn?: string;
  /** Nothing left: Kimi Code refuses every request until it resets. */
  usedUp: boolean;
}

/** A window reported in counts (`usage`, `limits[]`). */
export interface CountedQuotaWindow extends QuotaWindowBase {
  /** The window's allowance, in the plan's own units, as reported. */
  limit: number;
  /** What is left of it (`limit - used` when only `used` is reported). */
  remaining: number;
}

/** A window reported only as the share used (`usages`): no count to tell. */
export interface RatioQuotaWindow extends QuotaWindowBase {
  /** The share used as reported: 0.37 is 37 %; 1 or more is used up. */
  usedRatio: number;
}

/** One window of a Kimi Code plan's quota, as `GET /usages` reports it. */
export type QuotaWindow = CountedQuotaWindow | RatioQuotaWindow;

export const WEEK_MINUTES = 7 * 24 * 60;

/**
 * Every window of a `/usages` answer, the week's first, then `limits[]`, then the ratio pools no
 * count reports. A count window's `remaining` is `limit - used` when only `used` is given; one
 * with neither, or no limit above 0, is left out. `now` (ms since the epoch) is when it was asked.
 */
export function kimiQuotaWindows(body: unknown, now: number): QuotaWindow[] {
  if (!isRecord(body)) return [];
  const week = weekWindow(body, now);
  const counted = [...(week ? [week] : []), ...limitWindows(body, now)];
  const pools = ratioWindows(body, now).filter(
    (pool) => !counted.some((window) => sameWindow(window, pool)),
  );
  const windows = [...counted, ...pools];
  // The week leads, as the plan's own figure did before the ratio shape.
  return [
    ...windows.filter((window) => window.window === "week"),
    ...windows.filter((window) => window.window !== "week"),
  ];
}

/** The plan's `usage` in counts, which names no window: Kimi Code's refusal of it says "weekly". */
export function weekWindow(body: JsonObject, now: number): CountedQuotaWindow | undefined {
  return countedWindow(body.usage, { window: "week", minutes: WEEK_MINUTES }, now);
}

/** Each of `limits[]` that reads as a window (the 5-hour one). */
function limitWindows(body: JsonObject, now: number): CountedQuotaWindow[] {
  const limits = Array.isArray(body.limits) ? body.limits : [];
  return limits.flatMap((limit, index) => {
    if (!isRecord(limit)) return [];
    const detail = isRecord(limit.detail) ? limit.detail : limit;
    return countedWindow(detail, windowLength(limit.window, index), now) ?? [];
  });
}

/**
 * `usages`, or the same map inside `data.quota` (the envelope of kimi-code#3908's recording):
 * each pool with a ratio, named by its key.
 */
function ratioWindows(body: JsonObject, now: number): RatioQuotaWindow[] {
  const quota = isRecord(body.data) && isRecord(body.data.quota) ? body.data.quota : undefined;
  const usages = isRecord(body.usages) ? body.usages : quota?.usages;
  if (!isRecord(usages)) return [];
  return Object.entries(usages).flatMap(([key, pool]) => {
    // Kimi Code's part of the month's total, not a limit of its own: the total is the window.
    if (!isRecord(pool) || PART_POOLS.has(key)) return [];
    const usedRatio = finite(pool.used_ratio ?? pool.usedRatio);
    if (usedRatio === undefined || usedRatio < 0) return [];
    const resetTime = firstTime(pool.reset_time, pool.resetTime, pool.resetAt, pool.reset_at);
    return [
      { ...poolLength(key), usedRatio, ...resetFields(resetTime, now), usedUp: usedRatio >= 1 },
    ];
  });
}

/** Pools that break another down rather than limit anything (`limit_month_code`). */
const PART_POOLS = new Set(["limit_month_code", "limitMonthCode"]);

/**
 * A pool's key in words: `limit_5h`/`limit5h` → `5 h`, `limit_7d` → `week`, `limit_month_total`
 * → `month`; a key not known is named as written.
 */
function poolLength(key: string): { window: string; minutes?: number } {
  const name = key.replace(/^limit_?/i, "").toLowerCase();
  const span = /^(\d+)_?(min|m|h|d|w)$/.exec(name);
  if (span) {
    const perUnit = { min: 1, m: 1, h: 60, d: 24 * 60, w: WEEK_MINUTES }[span[2] as string] ?? 1;
    const minutes = Number(span[1]) * perUnit;
    // Too long to say in whole seconds (`limit_1000000000000000000000d`): named as written.
    if (!isTellableLength(minutes)) return { window: shownName(key) };
    return { window: durationWords(minutes), minutes };
  }
  if (name === "week" || name === "weekly") return { window: "week", minutes: WEEK_MINUTES };
  if (name === "day" || name === "daily") return { window: "1 d", minutes: 24 * 60 };
  if (name === "month_total" || name === "monthtotal" || name === "month")
    return { window: "month" };
  return { window: shownName(key) };
}

/** The same window told twice, in counts and as a ratio: the same length, or the same name. */
function sameWindow(counted: QuotaWindow, pool: QuotaWindow): boolean {
  return pool.minutes !== undefined
    ? counted.minutes === pool.minutes
    : counted.window === pool.window;
}

/** Minutes per `timeUnit` of a `limits[]` window (`TIME_UNIT_MINUTE`, or bare `MINUTE`). */
const UNIT_MINUTES: Record<string, number> = { SECOND: 1 / 60, MINUTE: 1, HOUR: 60, DAY: 24 * 60 };

/** A `limits[]` entry's `window: {duration, timeUnit}` in words and minutes. */
function windowLength(raw: unknown, index: number): { window: string; minutes?: number } {
  const duration = isRecord(raw) ? finite(raw.duration) : undefined;
  const unit = isRecord(raw) && typeof raw.timeUnit === "string" ? raw.timeUnit : "";
  const perUnit = UNIT_MINUTES[unit.replace(/^TIME_UNIT_/, "")];
  if (duration === undefined || duration <= 0) return { window: `window ${index + 1}` };
  // A unit not known: the window as Kimi Code writes it, rather than a guessed length.
  if (perUnit === undefined) return { window: shownName(`${duration} ${unit || "units"}`) };
  const minutes = duration * perUnit;
  // A length no words tell truly (`Infinity s` from 1e308 hours, `1e+308 min`, `0 s`): unknown,
  // as a missing one is.
  if (!isTellableLength(minutes)) return { window: `window ${index + 1}` };
  return { window: durationWords(minutes), minutes };
}

/**
 * Whether durationWords can say `minutes` in plain digits: at least a second, and short enough
 * that its count of seconds is written without an exponent (`1e+21`), as usedPercentText bounds a
 * share.
 */
function isTellableLength(minutes: number): boolean {
  const seconds = Math.round(minutes * 60);
  return Number.isFinite(seconds) && seconds >= 1 && seconds < MAX_SECONDS;
}

/** Past this many seconds, a count would be written in exponent form. */
const MAX_SECONDS = 1e21;

/** `week`, `1 d`, `5 h`, `30 min`: the largest whole unit. */
function durationWords(minutes: number): string {
  if (minutes === WEEK_MINUTES) return "week";
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return Number.isInteger(minutes) ? `${minutes} min` : `${Math.round(minutes * 60)} s`;
}

function countedWindow(
  raw: unknown,
  length: { window: string; minutes?: number },
  now: number,
): CountedQuotaWindow | undefined {
  if (!isRecord(raw)) return undefined;
  const limit = finite(raw.limit);
  const used = finite(raw.used);
  const remaining =
    finite(raw.remaining) ?? (limit !== undefined && used !== undefined ? limit - used : undefined);
  // A limit of 0 counts nothing (a redacted or placeholder window): not a used-up one.
  if (limit === undefined || limit <= 0 || remaining === undefined) return undefined;
  const resetTime = firstTime(raw.resetTime);
  // More used than the limit (a last request that ran over it) leaves nothing, not "-5 left".
  const left = Math.max(0, remaining);
  return { ...length, limit, remaining: left, ...resetFields(resetTime, now), usedUp: left <= 0 };
}

function resetFields(
  resetTime: string | undefined,
  now: number,
): { resetTime?: string; resetsIn?: string } {
  if (resetTime === undefined) return {};
  const reset = Date.parse(resetTime);
  return { resetTime, ...(reset > now ? { resetsIn: timeLeft(reset - now) } : {}) };
}

/**
 * The first of `values` that is a time: a string Date.parse reads, of a time's length, with no
 * control character. Whatever else answers in Kimi Code's place is not printed: `--plain` writes a
 * reset time as it is, and a line break in one would start a line of its own.
 */
function firstTime(...values: unknown[]): string | undefined {
  return values.find(
    (value): value is string =>
      typeof value === "string" &&
      value.length <= MAX_TIME_CHARS &&
      !hasUnprintable(value) &&
      !Number.isNaN(Date.parse(value)),
  );
}

/** Longer than any way of writing a time (`2026-12-05T09:55:00.000+08:00` is 29). */
const MAX_TIME_CHARS = 64;

/**
 * A window's name made from the answer's own words (a pool's key, a unit not known), as it may
 * be shown: control characters escaped, so that no escape sequence reaches the terminal, and cut
 * to MAX_NAME_CELLS terminal cells and a `…`: a name of Chinese characters or emoji takes two
 * cells each, and is cut whole clusters at a time (never half an emoji).
 */
function shownName(text: string): string {
  const shown = printable(text);
  return displayWidth(shown) > MAX_NAME_CELLS
    ? cutToWidth(shown, MAX_NAME_CELLS + displayWidth("…"))
    : shown;
}

const MAX_NAME_CELLS = 40;

/**
 * A number, or a decimal string of one (Kimi Code writes its counts as strings). Number() alone
 * would read more: `0x64` as 100, `0b11` as 3, `0o7` as 7; no account writes a count so.
 */
export function finite(value: unknown): number | undefined {
  if (typeof value === "string" && !DECIMAL.test(value)) return undefined;
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : undefined;
}

/** `100`, `-5`, `0.0338`, `.5`, `1e3`, spaces around allowed. */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;

/**
 * `37% used`, `3.4% used`, `105% used`: the share a ratio window reports, to a tenth. A window not
 * used up never reads `100% used` (a ratio of 0.9996 is `99.9% used`): that is a used-up one's.
 */
export function usedPercentText(window: RatioQuotaWindow): string {
  const tenths = Math.round(window.usedRatio * 1000);
  // A ratio whose share is too large to write as a number (Infinity, or 1e+300%): what is true of
  // it is that more than all was used.
  if (!Number.isFinite(tenths) || tenths >= MAX_TENTHS) return "over 100% used";
  return `${(window.usedUp ? tenths : Math.min(tenths, 999)) / 10}% used`;
}

/** Past this many tenths of a percent, a share would be written in exponent form (`1e+21`). */
const MAX_TENTHS = 1e21;

/** What is left of a window in words: `60 of 100 left` in counts, `37% used` for a ratio. */
export function windowAmountText(window: QuotaWindow): string {
  return "usedRatio" in window
    ? usedPercentText(window)
    : `${window.remaining} of ${window.limit} left`;
}
