/**
 * The footer under a chat answer (`model · tokens: … · cost … · 1.2s`) fitted to the terminal on
 * one line where it can be: its labels go first ("tokens: ", then "cost " before a dollar
 * amount), then the time, the part a person needs least. A footer that still does not fit (a
 * cost explained at length, a fallback, a session id) is broken between its parts, the time left
 * out rather than left alone on a line of its own.
 */
import { displayWidth } from "./display-width.js";
import { fitSeparated } from "./output.js";

const SEPARATOR = " · ";
/** The time part of a footer (`0.4s`, `12.3s`). */
const TIME = /^\d+(?:\.\d+)?s$/;

/** The footer's parts shortened one more step each: the labels, then the time left out. */
const SHORTENINGS: ReadonlyArray<(parts: string[]) => string[]> = [
  (parts) => parts.map((part) => (part.startsWith("tokens: ") ? part.slice(8) : part)),
  (parts) => parts.map((part) => (part.startsWith("cost $") ? part.slice(5) : part)),
  (parts) => parts.filter((part) => !TIME.test(part)),
];

export function fitFooter(footer: string, width: number): string {
  if (!Number.isFinite(width) || displayWidth(footer) <= width) return footer;
  let parts = footer.split(SEPARATOR);
  for (const shorten of SHORTENINGS) {
    parts = shorten(parts);
    const line = parts.join(SEPARATOR);
    if (displayWidth(line) <= width) return line;
  }
  const withoutTime = footer.split(SEPARATOR).filter((part) => !TIME.test(part));
  return fitSeparated(withoutTime.join(SEPARATOR), width, SEPARATOR);
}
