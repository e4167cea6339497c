/**
 * What a working key has left to spend: the Moonshot account balance (`GET /users/me/balance`,
 * USD on .ai, CNY on .cn) or the Kimi Code plan quota (`GET /usages`). Shown by `models status
 * --probe`; `doctor --probe` warns before an empty balance turns every request into a 429.
 */

import { unsendableHeaderError } from "../providers/header-values.js";
import { UpstreamHttpError } from "../providers/http1-pool.js";
import type { ProxySettings } from "../providers/proxy.js";
import type { CancelSignal } from "../util/cancellation.js";
import { isRecord } from "../util/is-record.js";
import { resetWhen, utcMinute } from "../util/reset-time.js";
import { getWithKey, headerTarget, type KeyCheckEndpoint, networkReason } from "./key-check.js";
import { keyFamilyOf } from "./key-shape.js";
import {
  finite,
  kimiQuotaWindows,
  type QuotaWindow,
  weekWindow,
  windowAmountText,
} from "./kimi-usages.js";

export { kimiQuotaWindows, type QuotaWindow } from "./kimi-usages.js";

/** What a working key has left: a Moonshot account balance (`balance`), or a Kimi Code plan quota (`quota`). */
export type Credit =
  | {
      /** A Moonshot account balance (`GET /users/me/balance`). */
      kind: "balance";
      /** What can be spent (`available_balance`), in `currency`. */
      available: number;
      /** The part of it from vouchers (`voucher_balance`; 0 when not reported). */
      voucher: number;
      /** The part of it paid in (`cash_balance`; 0 when not reported). */
      cash: number;
      /** USD on api.moonshot.ai, CNY on api.moonshot.cn. */
      currency: "USD" | "CNY";
    }
  | {
      /** A Kimi Code plan quota (`GET /usages`). */
      kind: "quota";
      /**
       * The week's count (`usage`): the fields scripts read before `windows`. Absent when the week
       * is reported only as a ratio (`usages`), since there is no count to tell.
       */
      limit?: number;
      /** What is left of the week's `limit`; absent with it. */
      remaining?: number;
      /** ISO time the week resets, when reported. */
      resetTime: string | undefined;
      /**
       * Every window `/usages` reports, the week's first (see kimiQuotaWindows): Kimi Code refuses
       * requests while any of them is used up, not only the week.
       */
      windows?: QuotaWindow[];
      /**
       * How many windows the answer reported past the MAX_SHOWN_WINDOWS kept in `windows`; absent
       * when none was left out.
       */
      windowsLeftOut?: number;
    };

/** Which kind of account an endpoint keeps. */
export type CreditSource = "moonshot-ai" | "moonshot-cn" | "kimi-code";

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
 * The plan quota of a `/usages` answer (see kimiQuotaWindows): the week's counts when it has
 * them, with every window under `windows`; undefined when it reports no window at all.
 */
export function parseKimiUsage(body: unknown, now = Date.now()): Credit | undefined {
  if (!isRecord(body)) return undefined;
  const reported = kimiQuotaWindows(body, now);
  if (reported.length === 0) return undefined;
  const windows = shownWindows(reported);
  const counted = weekWindow(body, now);
  const week = windows.find((window) => window.window === "week");
  return {
    kind: "quota",
    ...(counted ? { limit: counted.limit, remaining: counted.remaining } : {}),
    resetTime: week?.resetTime,
    windows,
    ...(windows.length < reported.length
      ? { windowsLeftOut: reported.length - windows.length }
      : {}),
  };
}

/**
 * The most windows a probe keeps (Kimi Code reports three or four): an answer from whatever stands
 * at its base URL could name thousands, a line each on the terminal and in --json.
 */
export const MAX_SHOWN_WINDOWS = 8;

/**
 * At most MAX_SHOWN_WINDOWS of `windows`, in their order: the week and every used-up one before
 * the rest, so that a plan cut short still reads as used up when it is.
 */
function shownWindows(windows: readonly QuotaWindow[]): QuotaWindow[] {
  if (windows.length <= MAX_SHOWN_WINDOWS) return [...windows];
  const first = (window: QuotaWindow) => window.window === "week" || window.usedUp;
  const kept = new Set(
    [...windows.filter(first), ...windows.filter((window) => !first(window))].slice(
      0,
      MAX_SHOWN_WINDOWS,
    ),
  );
  return windows.filter((window) => kept.has(window));
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
  const found = await lookUpCredit(endpoint, source, key, timeoutMs, proxy, signal);
  return found !== undefined && "credit" in found ? found.credit : undefined;
}

/** An account API's answer as the credit it tells: Kimi Code's plan quota, or a balance. */
function parseCredit(source: CreditSource, body: unknown): Credit | undefined {
  return source === "kimi-code"
    ? parseKimiUsage(body)
    : parseBalance(body, source === "moonshot-cn" ? "CNY" : "USD");
}

/**
 * The account a provider keeps by its id, whatever its `baseUrl`: `moonshot` and the other
 * `moonshot-*` ids (`moonshot-cn` in CNY), `kimi-code` (and `kimi-coding`), the ids whose keys are
 * checked as Moonshot's or Kimi Code's (keyFamilyOf). A `compat` that speaks Moonshot's dialect
 * names a wire format, not an account: such a custom provider is not asked.
 */
export function creditSourceOfProvider(providerId: string): CreditSource | undefined {
  if (providerId === "moonshot-cn") return "moonshot-cn";
  const family = keyFamilyOf(providerId);
  if (family === "moonshot") return "moonshot-ai";
  if (family === "kimi-code") return "kimi-code";
  return undefined;
}

/** What a credit lookup found: the credit, or why the endpoint's answer was not one. */
export type CreditLookup =
  | {
      /** What the key has left. */
      credit: Credit;
    }
  | {
      /** Why the answer was not a balance or a quota, in a few words (`HTTP 404`, `not JSON`). */
      unreadable: string;
    };

/**
 * probeCredit for a Moonshot or Kimi Code provider at an address of its own (a company proxy, a
 * regional mirror): the same request at its `baseUrl`, and when the answer is not a balance or a
 * plan quota, why in a few words (`HTTP 404`, `not JSON`, `no balance in the answer`,
 * `not reached: …`) so the user is told instead of shown nothing. Undefined when `signal` stops it.
 */
export async function lookUpCredit(
  endpoint: KeyCheckEndpoint,
  source: CreditSource,
  key: string,
  timeoutMs = 8000,
  proxy?: ProxySettings,
  signal?: CancelSignal,
): Promise<CreditLookup | undefined> {
  const unsendable = unsendableHeaderError(endpoint.headers ?? {}, headerTarget(endpoint), key);
  if (unsendable) throw unsendable;
  let response: { status: number; text: string };
  try {
    response = await getWithKey(endpoint, key, creditPath(source), timeoutMs, signal, proxy);
  } catch (error) {
    if (signal?.aborted) return undefined;
    const reason = networkReason(error, timeoutMs);
    // An answer that came but could not be taken (longer than 4 MiB, a malformed head) was
    // reached: "not reached" would send the user looking at the network instead of the address.
    const answered = error instanceof UpstreamHttpError && error.code === "BAD_RESPONSE";
    return { unreadable: answered ? reason : `not reached: ${reason}` };
  }
  if (response.status < 200 || response.status >= 300)
    return { unreadable: `HTTP ${response.status}` };
  let body: unknown;
  try {
    body = JSON.parse(response.text) as unknown;
  } catch {
    return { unreadable: "not JSON" };
  }
  const credit = parseCredit(source, body);
  if (credit) return { credit };
  return {
    unreadable: source === "kimi-code" ? "no plan quota in the answer" : "no balance in the answer",
  };
}

/** The account API's path under a base URL: Kimi Code's `/usages`, Moonshot's balance. */
export function creditPath(source: CreditSource): string {
  return source === "kimi-code" ? "/usages" : "/users/me/balance";
}

/**
 * When a used-up Kimi Code plan takes requests again (ms since the epoch), read from its
 * `GET /usages`: the latest reset among the windows it reports with nothing left (see
 * kimiQuotaWindows), in counts (`usage`, `limits[]`) or as ratio pools (`usages`: the 5 hours,
 * the week, the month, a ratio of 1 or more used up). Kimi Code refuses any of them in the same
 * words, so the weekly reset alone would tell a user stopped by the 5-hour window to wait days.
 * Undefined when none is used up (a refusal for a limit `/usages` does not report) or one that is
 * names no time.
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
 * `$49.50 (voucher $46.50, cash $3.00)` or `80 of 100 left, resets 2026-07-01 00:00 UTC, in 2 d`;
 * an amount owed is written as money is, the sign before the currency: `-$1.20`. A plan that
 * reports more than the week (or the week only as a ratio) is told window by window, each as
 * models status says it (quotaWindowText): `week 60 of 100 left, resets …; 5 h 0 of 100 left
 * (used up), resets …`. Resets are said from `now`.
 */
export function describeCredit(credit: Credit, now = Date.now()): string {
  if (credit.kind === "balance") {
    const symbol = credit.currency === "USD" ? "$" : "¥";
    const money = (value: number) => {
      const digits = Math.abs(value).toFixed(2);
      // A debt that rounds to nothing is no debt: "$0.00", not "-$0.00".
      return `${value < 0 && digits !== "0.00" ? "-" : ""}${symbol}${digits}`;
    };
    return `${money(credit.available)} (voucher ${money(credit.voucher)}, cash ${money(credit.cash)})`;
  }
  const windows = credit.windows ?? [];
  // Only the week reported (or no window at all): its count alone. Any other window is told too,
  // each as models status tells it: the 5-hour one is what stops a request first.
  if (credit.limit !== undefined && credit.remaining !== undefined && windows.length <= 1) {
    const reset = credit.resetTime ? Date.parse(credit.resetTime) : Number.NaN;
    // Past when it was asked (a stale answer): said so, as models status says it.
    const week = windows.find((window) => window.window === "week");
    const passed = week !== undefined && week.resetsIn === undefined;
    // When to come as every window says it (`…, in 5 d 23 h`), not the bare time.
    const when = Number.isNaN(reset)
      ? ""
      : `, resets ${passed ? `${utcMinute(reset)}, already passed` : resetWhen(reset, now)}`;
    return `${credit.remaining} of ${credit.limit} left${when}`;
  }
  const leftOut = credit.windowsLeftOut ? [windowsLeftOutText(credit.windowsLeftOut)] : [];
  return [
    ...windows.map((window) => `${window.window} ${quotaWindowText(window, now)}`),
    ...leftOut,
  ].join("; ");
}

/** `3 more windows not shown`: what a probe left out of a long answer (see MAX_SHOWN_WINDOWS). */
export function windowsLeftOutText(count: number): string {
  return `${count} more ${count === 1 ? "window" : "windows"} not shown`;
}

/**
 * One window's state, `0 of 100 left (used up), resets 2026-12-03 10:30 UTC, in 3 h 20 min` or
 * `37% used`: the one wording of models status --probe, onboarding and doctor --probe.
 */
export function quotaWindowText(window: QuotaWindow, now = Date.now()): string {
  const reset = window.resetTime === undefined ? Number.NaN : Date.parse(window.resetTime);
  const when = Number.isNaN(reset) ? "" : `, resets ${resetWhen(reset, now)}`;
  return `${windowAmountText(window)}${window.usedUp ? " (used up)" : ""}${when}`;
}

/**
 * True when nothing is left: requests will be refused until a top-up or a reset. A plan is used
 * up when any window it reports is, the 5-hour one as much as the week.
 */
export function creditExhausted(credit: Credit): boolean {
  if (credit.kind === "balance") return credit.available <= 0;
  if (credit.windows && credit.windows.length > 0)
    return credit.windows.some((window) => window.usedUp);
  return credit.remaining !== undefined && credit.remaining <= 0;
}

/** What happens while nothing is left, and what to do: the same words wherever it is reported. */
export function creditUsedUpAdvice(credit: Credit): string {
  return credit.kind === "balance"
    ? `requests will be refused (exceeded_current_quota_error) until you top up at platform.moonshot.${credit.currency === "CNY" ? "cn" : "ai"}`
    : "requests will be refused until the quota resets, unless you upgrade the plan";
}
