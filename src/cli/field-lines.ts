/**
 * `Label:      value` lines (the summaries of onboard and models status) fitted to a width.
 */
import { visibleWidth, wrapText } from "./output.js";

/** Below this many cells beside the label, a value is not wrapped there (it would be a column). */
const MIN_VALUE_ROOM = 10;

/**
 * `label` (padded to the width its value starts at) and `value`, fitted to `width`: as one line
 * when it fits; else the value wrapped at its spaces, its further lines under its start. A first
 * word too wide to go beside the label (a path, a URL) puts the value under the label, its lines
 * moved left together just as far as that word needs to fit; a later such word has a line of its
 * own, moved left just as far as it needs. Such a word is kept whole, to be copied; one wider than
 * the terminal starts at the left edge, where it runs the least past it.
 */
export function fieldLines(label: string, value: string, width: number): string[] {
  const line = `${label}${value}`;
  const labelWidth = visibleWidth(label);
  const room = width - labelWidth;
  if (!Number.isFinite(width) || visibleWidth(line) <= width || room < MIN_VALUE_ROOM)
    return [line];
  const parts = wrapText(value, room).split("\n");
  /** The column a line of the value starts at under the label: as far left as it must, no more. */
  const column = (part: string) => {
    const cells = visibleWidth(part);
    return cells > width ? 0 : Math.min(labelWidth, width - cells);
  };
  // Its first word too wide beside the label: the whole value under the label, its lines in one
  // column, the one its widest line needs.
  if (visibleWidth(parts[0] ?? "") > room) {
    const indent = " ".repeat(Math.min(...parts.map(column)));
    return [label.trimEnd(), ...parts.map((part) => `${indent}${part}`)];
  }
  return parts.map((part, index) =>
    index === 0 ? `${label}${part}` : `${" ".repeat(column(part))}${part}`,
  );
}
