/**
 * Times as `openclaw usage` and `openclaw gateway --log-requests` print them for a person: the
 * local time of this machine (its `TZ`), with the zone said once; and for `--json`, ISO 8601 with
 * the `Z` of UTC, which a script reads back without knowing the zone.
 */

const two = (value: number) => String(value).padStart(2, "0");

/** `2026-11-30 09:00:01` (with `withDate`) or `09:00:01`, in local time. */
export function localClock(ts: number, withDate = false): string {
  const date = new Date(ts);
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return withDate ? `${localDay(ts)} ${time}` : time;
}

/** `2026-11-30`, the local day. */
export function localDay(ts: number): string {
  const date = new Date(ts);
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** `2026-11-30 09:00`, a local minute (for a `since`). */
export function localMinute(ts: number): string {
  const date = new Date(ts);
  return `${localDay(ts)} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** `UTC+09:00`, `UTC-08:00`, `UTC` at that moment (daylight saving time included). */
export function utcOffset(ts: number): string {
  const minutes = -new Date(ts).getTimezoneOffset();
  if (minutes === 0) return "UTC";
  const sign = minutes > 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/**
 * The zone's name when the system knows one (`Asia/Tokyo`), else undefined: `TZ` as the person
 * wrote it when it names the same zone (ICU calls `Asia/Kolkata` by its old name, Asia/Calcutta).
 */
function zoneName(): string | undefined {
  try {
    const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (typeof name !== "string" || name === "") return undefined;
    const written = process.env.TZ?.replace(/^:/, "");
    if (written && written !== name && sameZone(written, name)) return written;
    return name;
  } catch {
    return undefined;
  }
}

/** Whether two zone names are one zone to ICU (an alias and its canonical name). */
function sameZone(a: string, b: string): boolean {
  try {
    return Intl.DateTimeFormat("en", { timeZone: a }).resolvedOptions().timeZone === b;
  } catch {
    return false;
  }
}

/**
 * `local time, Asia/Tokyo (UTC+09:00)`, the offset at `ts`; when `until` crosses a change of
 * offset (daylight saving time), both: `America/Los_Angeles (UTC-07:00, then UTC-08:00)`.
 */
export function zoneNote(ts: number, until = ts): string {
  const first = utcOffset(ts);
  const last = utcOffset(until);
  const offsets = first === last ? first : `${first}, then ${last}`;
  const name = zoneName();
  return name && name !== "UTC" ? `local time, ${name} (${offsets})` : `local time, ${offsets}`;
}

/** ISO 8601 in UTC with its `Z`, for --json. */
export function isoTime(ts: number): string {
  return new Date(ts).toISOString();
}
