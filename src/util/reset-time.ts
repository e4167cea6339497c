/**
 * When a quota resets, in the words a person reads: absolute to the minute in UTC, and from now.
 * One wording for the refusal's hint and for `models status --probe`, so both read alike.
 */

/** `2026-12-05 09:55 UTC`; a year past 9999 as ISO writes it, `+010000-01-01 00:00 UTC`. */
export function utcMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  const at = iso.indexOf("T");
  return `${iso.slice(0, at)} ${iso.slice(at + 1, at + 6)} UTC`;
}

/** `2 d 3 h`, `5 h 20 min`, `12 min`, `under a minute`: whole units, rounded down. */
export function timeLeft(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * `2026-12-05 09:55 UTC, in 2 d 3 h` (`reset` and `now` in ms since the epoch); a time already
 * past is said as such, `2026-07-01 00:00 UTC, already passed`, since a stale answer's time
 * read as to come would mislead.
 */
export function resetWhen(reset: number, now: number): string {
  return reset > now
    ? `${utcMinute(reset)}, in ${timeLeft(reset - now)}`
    : `${utcMinute(reset)}, already passed`;
}
