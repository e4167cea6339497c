/**
 * What a working key has left to spend: the Moonshot account balance (`GET /users/me/balance`,
 * USD on .ai, CNY on .cn) or the Kimi Code plan quota (`GET /usages`). Shown by `models status
 * --probe`; `doctor --probe` warns before an empty balance turns every request into a 429.
 */

import { unsendableHeaderError } from "../providers/header-values.js";
import type { ProxySettings } from "../providers/proxy.js";
import type { CancelSignal } from "../util/cancellation.js";
import { isRecord } from "../util/is-record.js";
import { timeLeft, utcMinute } from "../util/reset-time.js";
import { getWithKey, headerTarget, type KeyCheckEndpoint } from "./key-check.js";

export type Credit =
  | {
      kind: "balance";
      available: number;
      voucher: number;
      cash: number;
      currency: "USD" | "CNY";
    }
  | {
      kind: "quota";
      /** The plan's `usage`: the week's window (the fields scripts read before `windows`). */
      limit: number;
      remaining: number;
      /** ISO time the quota resets, when reported. */
      resetTime: string | undefined;
      /**
       * Every window `/usages` reports, the week's first, then `limits[]` (the 5-hour one): Kimi
       * Code refuses requests while any of them is used up, not only the week.
       */
      windows?: QuotaWindow[];
    };

/** One window of a Kimi Code plan's quota, as `GET /usages` reports it. */
export interface QuotaWindow {
  /** The window in words: `week` (the plan's `usage`), `5 h`, `30 min`, `1 d`. */
  window: string;
  /** Its length in minutes, when known. */
  minutes?: number;
  limit: number;
  remaining: number;
  /** ISO time it resets, as reported. */
  resetTime?: string;
  /** How long from the lookup until it resets (`3 h 20 min`), when that time is still to come. */
  resetsIn?: string;
  /** Nothing left: Kimi Code refuses every request until it resets. */
  usedUp: boolean;
}

/** Which kind of account an endpoint keeps. */
export type CreditSource = "moonshot-ai" | "moonshot-cn" | "kimi-code";

function finite(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : undefined;
}

/** `{data:{available_balance, voucher_balance, cash_balance}}`, or undefined for anything else. */
export function parseBalance(body: unknown, currency: "USD" | "CNY"): Credit | undefined {
  const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
  if (typeof data !== "object" || data === null) return undefined;
  const available = finite(data.available_balance);
  if (available === undefined) return undefined;
  return {
    kind: "balance",
    available,
    voucher: finite(data.voucher_balance) ?? 0,
    cash: finite(data.cash_balance) ?? 0,
    currency,
  };
}

/**
 * The windows of a Kimi Code `GET /usages` answer, the week's first:
 * `{usage:{limit,used,remaining,resetTime}, limits:[{window:{duration:300,
 * timeUnit:"TIME_UNIT_MINUTE"}, detail:{limit,used,remaining,resetTime}}]}`, its numbers as
 * decimal strings. A window's `remaining` is `limit - used` when only `used` is given; one with
 * neither, or no limit, is left out. `now` (ms since the epoch) is when it was asked.
 */
export function kimiQuotaWindows(body: unknown, now: number): QuotaWindow[] {
  if (!isRecord(body)) return [];
  const week = weekWindow(body, now);
  return [...(week ? [week] : []), ...limitWindows(body, now)];
}

/** The plan's `usage`, which names no window: Kimi Code's refusal of it says "weekly (7-day)". */
function weekWindow(body: Record<string, unknown>, now: number): QuotaWindow | undefined {
  return quotaWindow(body.usage, { window: "week", minutes: WEEK_MINUTES }, now);
}

/** Each of `limits[]` that reads as a window (the 5-hour one). */
function limitWindows(body: Record<string, unknown>, now: number): QuotaWindow[] {
  const limits = Array.isArray(body.limits) ? body.limits : [];
  return limits.flatMap((limit, index) => {
    if (!isRecord(limit)) return [];
    const detail = isRecord(limit.detail) ? limit.detail : limit;
    return quotaWindow(detail, windowLength(limit.window, index), now) ?? [];
  });
}

const WEEK_MINUTES = 7 * 24 * 60;
/** Minutes per `timeUnit` of a `limits[]` window (`TIME_UNIT_MINUTE`, or bare `MINUTE`). */
const UNIT_MINUTES: Record<string, number> = { SECOND: 1 / 60, MINUTE: 1, HOUR: 60, DAY: 24 * 60 };

/** A `limits[]` entry's `window: {duration, timeUnit}` in words and minutes. */
function windowLength(raw: unknown, index: number): { window: string; minutes?: number } {
  const duration = isRecord(raw) ? finite(raw.duration) : undefined;
  const unit = isRecord(raw) && typeof raw.timeUnit === "string" ? raw.timeUnit : "";
  const perUnit = UNIT_MINUTES[unit.replace(/^TIME_UNIT_/, "")];
  if (duration === undefined || duration <= 0) return { window: `window ${index + 1}` };
  // A unit not known: the window as Kimi Code writes it, rather than a guessed length.
  if (perUnit === undefined) return { window: `${duration} ${unit || "units"}`.trim() };
  const minutes = duration * perUnit;
  return { window: durationWords(minutes), minutes };
}

/** `week`, `1 d`, `5 h`, `30 min`: the largest whole unit. */
function durationWords(minutes: number): string {
  if (minutes === WEEK_MINUTES) return "week";
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return Number.isInteger(minutes) ? `${minutes} min` : `${Math.round(minutes * 60)} s`;
}

function quotaWindow(
  raw: unknown,
  length: { window: string; minutes?: number },
  now: number,
): QuotaWindow | undefined {
  if (!isRecord(raw)) return undefined;
  const limit = finite(raw.limit);
  const used = finite(raw.used);
  const remaining =
    finite(raw.remaining) ?? (limit !== undefined && used !== undefined ? limit - used : undefined);
  if (limit === undefined || remaining === undefined) return undefined;
  const resetTime = typeof raw.resetTime === "string" ? raw.resetTime : undefined;
  const reset = resetTime === undefined ? Number.NaN : Date.parse(resetTime);
  return {
    ...length,
    limit,
    remaining,
    ...(resetTime !== undefined ? { resetTime } : {}),
    ...(reset > now ? { resetsIn: timeLeft(reset - now) } : {}),
    usedUp: remaining <= 0,
  };
}

/**
 * The plan quota of a `/usages` answer (see kimiQuotaWindows): the week's figures, with every
 * window under `windows`; undefined without the week's `usage`.
 */
export function parseKimiUsage(body: unknown, now = Date.now()): Credit | undefined {
  if (!isRecord(body)) return undefined;
  const week = weekWindow(body, now);
  if (week === undefined) return undefined;
  return {
    kind: "quota",
    limit: week.limit,
    remaining: week.remaining,
    resetTime: week.resetTime,
    windows: [week, ...limitWindows(body, now)],
  };
}

/**
 * The credit behind a key: undefined when the endpoint does not say, or when `signal` stops the
 * lookup (Ctrl-C during onboarding), which ends its request at once. Throws only the config's
 * error (config.header_invalid) when a configured header or the key holds a line break, as a chat
 * request does: nothing is sent then, and "the endpoint does not say" would hide it.
 */
export async function probeCredit(
  endpoint: KeyCheckEndpoint,
  source: CreditSource,
  key: string,
  timeoutMs = 8000,
  /** The proxies to go through; the process environment's by default. */
  proxy?: ProxySettings,
  signal?: CancelSignal,
): Promise<Credit | undefined> {
  const path = source === "kimi-code" ? "/usages" : "/users/me/balance";
  const body = await getJsonWithKey(endpoint, key, path, timeoutMs, proxy, signal);
  if (body === undefined) return undefined;
  return source === "kimi-code"
    ? parseKimiUsage(body)
    : parseBalance(body, source === "moonshot-cn" ? "CNY" : "USD");
}

/**
 * When a used-up Kimi Code plan takes requests again (ms since the epoch), read from its
 * `GET /usages`: the latest reset among the windows it reports with nothing left, the plan's
 * `usage` (weekly) and each of `limits[]` (the 5-hour window). Kimi Code refuses either in the
 * same words, so the weekly reset alone would tell a user stopped by the 5-hour window to wait
 * days. Undefined when none is used up (a refusal for a limit `/usages` does not report, such as
 * the billing cycle's) or one that is names no time.
 */
export function kimiPlanBackAt(body: unknown): number | undefined {
  let backAt: number | undefined;
  for (const window of kimiQuotaWindows(body, 0)) {
    if (!window.usedUp) continue;
    const reset = window.resetTime === undefined ? Number.NaN : Date.parse(window.resetTime);
    if (Number.isNaN(reset)) return undefined;
    backAt = Math.max(backAt ?? reset, reset);
  }
  return backAt;
}

/**
 * kimiPlanBackAt of the plan behind `key`: undefined when it is not known (no used-up window, an
 * error, `timeoutMs` passed). Throws only the config's header error, as probeCredit does.
 */
export async function probeKimiPlanBackAt(
  endpoint: KeyCheckEndpoint,
  key: string,
  timeoutMs: number,
  proxy?: ProxySettings,
): Promise<number | undefined> {
  return kimiPlanBackAt(await getJsonWithKey(endpoint, key, "/usages", timeoutMs, proxy));
}

/** `GET {baseUrl}{path}` with the key: its JSON body on a 2xx, else undefined (see probeCredit). */
async function getJsonWithKey(
  endpoint: KeyCheckEndpoint,
  key: string,
  path: string,
  timeoutMs: number,
  proxy: ProxySettings | undefined,
  signal?: CancelSignal,
): Promise<unknown> {
  const unsendable = unsendableHeaderError(endpoint.headers ?? {}, headerTarget(endpoint), key);
  if (unsendable) throw unsendable;
  try {
    const response = await getWithKey(endpoint, key, path, timeoutMs, signal, proxy);
    if (response.status < 200 || response.status >= 300) return undefined;
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `$49.50 (voucher $46.50, cash $3.00)` or `80 of 100 left, resets 2026-07-01 00:00 UTC`; an
 * amount owed is written as money is, the sign before the currency: `-$1.20`.
 */
export function describeCredit(credit: Credit): string {
  if (credit.kind === "balance") {
    const symbol = credit.currency === "USD" ? "$" : "¥";
    const money = (value: number) => {
      const digits = Math.abs(value).toFixed(2);
      // A debt that rounds to nothing is no debt: "$0.00", not "-$0.00".
      return `${value < 0 && digits !== "0.00" ? "-" : ""}${symbol}${digits}`;
    };
    return `${money(credit.available)} (voucher ${money(credit.voucher)}, cash ${money(credit.cash)})`;
  }
  const reset = credit.resetTime ? Date.parse(credit.resetTime) : Number.NaN;
  const when = Number.isNaN(reset) ? "" : `, resets ${utcMinute(reset)}`;
  return `${credit.remaining} of ${credit.limit} left${when}`;
}

/** True when nothing is left: requests will be refused until a top-up or a reset. */
export function creditExhausted(credit: Credit): boolean {
  return credit.kind === "balance" ? credit.available <= 0 : credit.remaining <= 0;
}

/** What happens while nothing is left, and what to do: the same words wherever it is reported. */
export function creditUsedUpAdvice(credit: Credit): string {
  return credit.kind === "balance"
    ? `requests will be refused (exceeded_current_quota_error) until you top up at platform.moonshot.${credit.currency === "CNY" ? "cn" : "ai"}`
    : "requests will be refused until the quota resets, unless you upgrade the plan";
}
