/**
 * How long a provider asks to be left alone: its `Retry-After` headers, or the wait its message
 * names; and a wait as a person reads it.
 */
import { type HeaderBag, headerValue } from "./response-headers.js";

/**
 * The three forms of an HTTP date (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`,
 * `Sunday, 06-Nov-94 08:49:37 GMT` and `Sun Nov  6 08:49:37 1994`: a day's name, then a time.
 */
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? .*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * A wait read from a date to the second, in whole seconds (rounded up): read against this clock's
 * milliseconds it would name a wait as finely as 29.874 s, a precision the provider never gave.
 */
function wholeSeconds(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

/**
 * `Retry-After` as milliseconds: seconds (a fraction some providers send is kept) or an HTTP date
 * (in whole seconds); `retry-after-ms` when present, and `x-retry-after` (seconds) when neither
 * standard one is.
 */
export function parseRetryAfter(
  headers: HeaderBag | undefined,
  now = Date.now(),
): number | undefined {
  const ms = headerValue(headers, "retry-after-ms");
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const value = (
    headerValue(headers, "retry-after") ?? headerValue(headers, "x-retry-after")
  )?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only an HTTP date: JavaScript's date parser also takes "-5" or "soon 2" (days of 2001),
  // which would read as a wait already over and retry at once instead of backing off.
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return wholeSeconds(Math.max(0, date - now));
}

/**
 * A wait as a person reads it: seconds up to two minutes, then minutes, hours, days; a wait
 * past a year is no real schedule (a broken header) and is said as such.
 */
export function describeWait(ms: number): string {
  const secondsLeft = Math.ceil(ms / 1000);
  if (secondsLeft <= 120) return `${secondsLeft} s`;
  if (secondsLeft <= 2 * 3600) return `${Math.ceil(secondsLeft / 60)} min`;
  if (secondsLeft <= 2 * 86_400) return `${Math.ceil(secondsLeft / 3600)} h`;
  if (secondsLeft <= 365 * 86_400) return `${Math.ceil(secondsLeft / 86_400)} days`;
  return "more than a year";
}

const WAIT_IN_MESSAGE =
  /\b(?:try|retry) again (?:after|in) (\d+(?:\.\d+)?) ?(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)\b/i;

/**
 * The wait a refusal's message asks for, in milliseconds: Moonshot's 429 sends no `Retry-After`
 * and says "…, please try again after 1 seconds" instead.
 */
export function retryAfterFromMessage(message: string): number | undefined {
  const match = WAIT_IN_MESSAGE.exec(message);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? "s").toLowerCase();
  const scale =
    unit.startsWith("ms") || unit.startsWith("milli") ? 1 : unit.startsWith("m") ? 60_000 : 1000;
  return Number.isFinite(amount) ? Math.round(amount * scale) : undefined;
}
