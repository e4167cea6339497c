/**
 * `Label:      value` lines (the summaries of onboard and models status) fitted to a width.
 */
import { visibleWidth, wrapText } from "./output.js";

/** Below this many cells beside the label, a value is not wrapped there (it would be a column). */
const MIN_VALUE_ROOM = 10;

/**
 * `label` (padded to the width its value starts at) and `value`, fitted to `width`: as one line
 * when it fits; else the value wrapped at its spaces, its further lines under its start. A first
 * word too wide to go beside the label (a path, a URL) puts the value under the label, from the
 * left edge; a later one has a line of its own there. Such a word is kept whole, to be copied.
 */
export function fieldLines(label: string, value: string, width: number): string[] {
  const line = `${label}${value}`;
  const labelWidth = visibleWidth(label);
  const room = width - labelWidth;
  if (!Number.isFinite(width) || visibleWidth(line) <= width || room < MIN_VALUE_ROOM)
    return [line];
  const hanging = " ".repeat(labelWidth);
  const parts = wrapText(value, room).split("\n");
  // Its first word too wide beside the label: the whole value under the label, from the left
  // edge, so that its words keep one column.
  if (visibleWidth(parts[0] ?? "") > room)
    return [label.trimEnd(), ...wrapText(value, width).split("\n")];
  return parts.map((part, index) =>
    index === 0 ? `${label}${part}` : visibleWidth(part) <= room ? `${hanging}${part}` : part,
  );
}
