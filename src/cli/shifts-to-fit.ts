/**
 * How far lines wrapped under a label go left so that a word too wide for the room there (a path,
 * a model ref, one argument of a command continued with ` \`) still fits the terminal, whole.
 * Shared by every layout that hangs lines under a label: errors and warnings, doctor's findings.
 */
import { displayWidth } from "./display-width.js";

/**
 * The cells each of `rows` goes left of `columns[at]`, the column it was to start at, so that it
 * ends by `width`: a row too wide for its place but not for the terminal goes left just enough,
 * whole; one wider than the terminal stays where it was, as no indent makes it fit. A command
 * continued with ` \` goes left as a whole, so its arguments stay under it, indented as written:
 * an argument alone moved left of its command read as another command. A row whose column is
 * `undefined` is beside a label and never moves (nor, as a whole, a command it starts).
 */
export function shiftsToFit(
  rows: readonly string[],
  columns: readonly (number | undefined)[],
  width: number,
): number[] {
  const shifts = rows.map((row, at) => {
    const column = columns[at];
    if (column === undefined) return 0;
    const cells = displayWidth(row);
    return cells > width ? 0 : Math.max(0, column + cells - width);
  });
  for (const [start, end] of continuedCommands(rows)) {
    if (columns[start] === undefined) continue;
    const shift = Math.max(...shifts.slice(start, end + 1));
    for (let at = start; at <= end; at++) shifts[at] = Math.min(shift, columns[at] ?? 0);
  }
  return shifts;
}

/**
 * Whether the first row of a text beside its label goes under the label instead, on a row of its
 * own: it is wider than the `room` left beside the label (wrapping puts a first word there
 * whatever its width: a path, a model ref) yet no wider than the terminal, so that under the label,
 * moved left by shiftsToFit as far as it must, it fits. Beside the label it ran past the edge. A
 * row wider than the terminal stays beside the label: a row more would not make it fit.
 */
export function firstRowGoesUnder(first: string, room: number, width: number): boolean {
  const cells = displayWidth(first);
  return first !== "" && cells > room && cells <= width;
}

/**
 * The first and last of `lines` of each command continued with ` \` (every line but its last ends
 * so), in order.
 */
function continuedCommands(lines: readonly string[]): [number, number][] {
  const found: [number, number][] = [];
  let start: number | undefined;
  lines.forEach((line, at) => {
    const continued = line.endsWith(" \\");
    if (continued) start ??= at;
    else if (start !== undefined) {
      found.push([start, at]);
      start = undefined;
    }
  });
  if (start !== undefined) found.push([start, lines.length - 1]);
  return found;
}
