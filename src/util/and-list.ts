/** Items as a sentence lists them: `a`, `a and b`, `a, b and c`; empty for none. Pure. */
export function andList(items: readonly string[]): string {
  return items.length < 2
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
