/**
 * When a used-up Kimi Code plan comes back. Its refusal ("You've reached your weekly (7-day)
 * usage limit. Your quota will reset when the current 7-day window ends…") names no time; Kimi
 * Code's `GET /usages` does (the `resetTime` of each window it reports used up). It is asked with
 * the refused key, briefly, and its answer remembered a minute per key, so that a burst of
 * refused requests asks once; a lookup that fails or is slow leaves the refusal as it was, and
 * the key is never part of what is told.
 */
import { probeKimiPlanBackAt } from "../auth/index.js";
import { keyCheckEndpointOfModel } from "../auth/model-key-endpoint.js";
import type { ResolvedKey } from "../auth/types.js";
import type { ResolvedModel } from "../catalog/types.js";
import { endpointOf } from "../providers/endpoint-kind.js";
import { ProviderError } from "../providers/errors.js";
import { KIMI_PLAN_RESET_UNKNOWN, kimiPlanUsedUpHint } from "../providers/kimi-plan-hint.js";
import type { ProxySettings } from "../providers/proxy.js";
import { resetWhen } from "../util/reset-time.js";

export { timeLeft } from "../util/reset-time.js";

/** The longest a refusal waits for `/usages` before it is told without the time. */
export const QUOTA_RESET_TIMEOUT_MS = 2_000;
/** How long one key's answer (or its failure) stands before `/usages` is asked again. */
export const QUOTA_RESET_TTL_MS = 60_000;
/** Keys remembered at most; the table is emptied past it. */
const REMEMBERED_KEYS = 64;

/** When the plan behind `key` at `model`'s endpoint resets (ms since the epoch), or undefined. */
export type FindQuotaReset = (
  model: ResolvedModel,
  key: ResolvedKey,
) => Promise<number | undefined>;

/** How the reset time is read: `/usages` with the key, within `timeoutMs`; undefined if unknown. */
export type ReadQuotaReset = (
  model: ResolvedModel,
  key: string,
  timeoutMs: number,
) => Promise<number | undefined>;

export interface QuotaResetFinderOptions {
  /** The proxies `/usages` is asked through; the process environment's by default. */
  proxy?: ProxySettings;
  /** A clock that only moves forward, for how long an answer is remembered. */
  clock: () => number;
  timeoutMs?: number;
  read?: ReadQuotaReset;
}

/**
 * `GET {baseUrl}/usages` with the model's headers (Kimi Code's User-Agent) and the key: when the
 * windows it reports used up reset (the 5-hour one's, not the week's, when only it is used up).
 */
function usagesReader(proxy: ProxySettings | undefined): ReadQuotaReset {
  return async (model, key, timeoutMs) =>
    probeKimiPlanBackAt(keyCheckEndpointOfModel(model), key, timeoutMs, proxy);
}

/**
 * A lookup of when Kimi Code plans reset: at most one `/usages` request per endpoint and key a
 * minute, each waited for at most `timeoutMs` (a slower answer still fills the table for the
 * next refusal). Never rejects.
 */
export function createQuotaResetFinder(options: QuotaResetFinderOptions): FindQuotaReset {
  const timeoutMs = options.timeoutMs ?? QUOTA_RESET_TIMEOUT_MS;
  const read = options.read ?? usagesReader(options.proxy);
  const asked = new Map<string, { at: number; reset: Promise<number | undefined> }>();
  return (model, key) => {
    const memo = `${model.baseUrl}\u0000${key.fingerprint}`;
    const now = options.clock();
    let entry = asked.get(memo);
    if (entry === undefined || now - entry.at >= QUOTA_RESET_TTL_MS) {
      if (asked.size >= REMEMBERED_KEYS) asked.clear();
      entry = { at: now, reset: read(model, key.value, timeoutMs).catch(() => undefined) };
      asked.set(memo, entry);
    }
    return withinTimeout(entry.reset, timeoutMs);
  };
}

/** `pending`, or undefined once `ms` have passed without it. */
function withinTimeout<T>(pending: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
    timer.unref();
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

/** Whether `error` is a used-up Kimi Code plan whose hint does not say when it comes back. */
export function needsQuotaReset(error: unknown): error is ProviderError {
  return (
    error instanceof ProviderError &&
    error.errorClass === "quota" &&
    error.hint?.includes(KIMI_PLAN_RESET_UNKNOWN) === true
  );
}

/**
 * `error` (see needsQuotaReset) with its hint saying when the plan resets (`reset`, ms since the
 * epoch), absolute in UTC and from `now`; as it is when the time is unknown or already past.
 */
export function withQuotaReset(
  error: ProviderError,
  reset: number | undefined,
  now: number,
): ProviderError {
  if (reset === undefined || reset <= now || error.hint === undefined) return error;
  return error.retold({
    message: error.message,
    hint: error.hint.replace(KIMI_PLAN_RESET_UNKNOWN, `it resets ${resetWhen(reset, now)}`),
  });
}

/**
 * Whether `error` may be a used-up Kimi Code plan told as a rate limit: Kimi Code answers a plan
 * whose window is used up with 429 `rate_limit_reached_error` too ("We're receiving too many
 * requests at the moment. Please wait a moment and try again."; the reference's "also Kimi Code
 * quota"), which sent again fails the same until the window resets, hours later. A rate limit
 * that names its wait (Retry-After, or "try again after N seconds") is a rate limit.
 */
export function mayBeUsedUpPlan(error: ProviderError, baseUrl: string): boolean {
  return (
    error.errorClass === "rate_limit" &&
    error.retryAfterMs === undefined &&
    endpointOf(baseUrl).kind === "kimi-code"
  );
}

/**
 * `error` (see mayBeUsedUpPlan) told as the used-up plan it is when Kimi Code's `/usages`
 * reports a window used up, resetting at `reset` (ms since the epoch, after `now`): class quota,
 * so that it is not sent again, its key is benched, a fallback answers and a gateway's client is
 * told not to retry; with when the plan resets. As it is otherwise: a rate limit.
 */
export function rateLimitAsUsedUpPlan(
  error: ProviderError,
  reset: number | undefined,
  now: number,
): ProviderError {
  if (reset === undefined || reset <= now) return error;
  return error.retold({
    errorClass: "quota",
    hint: kimiPlanUsedUpHint(
      `it resets ${resetWhen(reset, now)} (Kimi Code's /usages reports a window of the plan used up; Kimi Code says "too many requests" of a used-up plan too)`,
    ),
  });
}
