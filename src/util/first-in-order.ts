/**
 * The first `count` of `items` in the order `compare` sets, without sorting them all: a refusal
 * may find thousands of names about as close (a catalog of `provider-N/model-M`), of which it
 * shows three or five.
 */
export function firstInOrder<T>(
  items: Iterable<T>,
  count: number,
  compare: (a: T, b: T) => number,
): T[] {
  const first: T[] = [];
  if (count <= 0) return first;
  for (const item of items) {
    if (first.length === count && compare(item, first[count - 1] as T) >= 0) continue;
    // Kept in order; equal items stay in the order they came, as a stable sort leaves them.
    let at = first.length;
    while (at > 0 && compare(item, first[at - 1] as T) < 0) at--;
    first.splice(at, 0, item);
    if (first.length > count) first.pop();
  }
  return first;
}

let collator: Intl.Collator | undefined;

/**
 * Text in the order `localeCompare` gives, its collator made once, on first use rather than when
 * the module loads: every CLI command loads this, and most never compare names.
 */
export function byText(a: string, b: string): number {
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}
