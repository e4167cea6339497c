import { byText, firstInOrder } from "./first-in-order.js";

/**
 * Edit distance for "did you mean" hints: insertions, deletions, substitutions and a swap of two
 * neighbouring letters each count one (`kye` is one edit from `key`, `defualts` from `defaults`),
 * the typos people make most. Small and allocation-light.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length] ?? 0;
}

/**
 * `editDistance(whole, other)` when it is at most `limit`, else `limit + 1` without finishing the
 * table: once two rows running have nothing within `limit`, no later row can (a swap reaches back
 * two rows), so telling a slip from a different name costs a few rows, not the whole table.
 */
export function editDistanceWithin(whole: string, other: string, limit: number): number {
  if (whole === other) return 0;
  if (Math.abs(whole.length - other.length) > limit) return limit + 1;
  // What both begin and end with costs nothing: names of one catalog share long runs
  // (`provider-12/model-`), and only what lies between needs the table.
  let start = 0;
  while (start < whole.length && start < other.length && whole[start] === other[start]) start++;
  let endA = whole.length;
  let endB = other.length;
  while (endA > start && endB > start && whole[endA - 1] === other[endB - 1]) {
    endA--;
    endB--;
  }
  const a = whole.slice(start, endA);
  const b = other.slice(start, endB);
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  // Three rows of the table, kept between calls: a refusal asks thousands of times.
  if (rows.length < 3 * (b.length + 1)) rows = new Int32Array(3 * (b.length + 1) * 2);
  const width = b.length + 1;
  let beforePrevious = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j <= b.length; j++) rows[previous + j] = j;
  let previousLeast = 0;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = rows[previous + j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[beforePrevious + j - 2]! + 1);
      rows[current + j] = best;
      if (best < least) least = best;
    }
    if (least > limit && previousLeast > limit) return limit + 1;
    previousLeast = least;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  const distance = rows[previous + b.length]!;
  return distance > limit ? limit + 1 : distance;
}

/** The rows `editDistanceWithin` works in, grown when a longer name comes. */
let rows = new Int32Array(3 * 64);

/**
 * The last word of a camelCase, kebab-case or snake_case name (`apiKey` → `key`), when the name
 * has more than one: a typo of it (`kye`) points at the whole name, the key the person wanted.
 */
function lastWord(name: string): string | undefined {
  const words = name.split(/(?<=[a-z0-9])(?=[A-Z])|[-_\s.]+/).filter(Boolean);
  const last = words.at(-1);
  return words.length > 1 && last !== undefined && last.length >= 3
    ? last.toLowerCase()
    : undefined;
}

/** One candidate of `closestMatches`, with what every call would otherwise work out again. */
interface PreparedName {
  candidate: string;
  hay: string;
  tail: string | undefined;
}

/**
 * Candidate names made ready once (lower-cased, last word found) for many `closestMatches`
 * calls over the same list: a catalog of thousands of names asked for every refusal.
 */
export class PreparedNames {
  readonly names: readonly PreparedName[];
  constructor(candidates: Iterable<string>) {
    this.names = Array.from(candidates, (candidate) => ({
      candidate,
      hay: candidate.toLowerCase(),
      tail: lastWord(candidate),
    }));
  }
}

/**
 * The candidates closest to `input` (case-insensitive), best first. Only candidates within a
 * distance that still looks like a typo are returned, so the hint is never a random word.
 *
 * A candidate that contains the input (or is contained in it), or whose last word the input is
 * one typo away from (`kye` for `apiKey`), is kept however long the rest is, as if it were one
 * letter off, but it ranks by its real distance among those: otherwise "Kimi K2"
 * (contained in "Kimi K2 Thinkin") would tie with "Kimi K2 Thinking", the one-letter typo the
 * person meant, and win on alphabetical order.
 */
export function closestMatches(
  input: string,
  candidates: Iterable<string> | PreparedNames,
  limit = 3,
): string[] {
  const needle = input.toLowerCase();
  const scored: { candidate: string; score: number; distance: number }[] = [];
  const prepared = candidates instanceof PreparedNames ? candidates : new PreparedNames(candidates);
  for (const { candidate, hay, tail } of prepared.names) {
    const contains = hay.includes(needle) || needle.includes(hay);
    const typoOfTail =
      tail !== undefined &&
      Math.abs(needle.length - tail.length) <= 1 &&
      editDistance(needle, tail) <= 1;
    const tolerance = Math.max(2, Math.floor(Math.max(needle.length, hay.length) / 3));
    // The distance is at least the difference in length, and exactly that when one contains
    // the other: no table of needle × candidate is built for an input far longer than any
    // name (a client's megabyte "model" took seconds per candidate).
    const gap = Math.abs(needle.length - hay.length);
    if (!contains && !typoOfTail && gap > tolerance) continue;
    // A typo of the last word keeps a candidate at any distance, which then ranks it: counted
    // in full. Otherwise only a distance within the tolerance matters.
    const distance = contains
      ? gap
      : typoOfTail
        ? editDistance(needle, hay)
        : editDistanceWithin(needle, hay, tolerance);
    const score = contains || typoOfTail ? Math.min(distance, 1) : distance;
    if (score <= tolerance) scored.push({ candidate, score, distance });
  }
  return firstInOrder(
    scored,
    limit,
    (x, y) => x.score - y.score || x.distance - y.distance || byText(x.candidate, y.candidate),
  ).map((entry) => entry.candidate);
}

/** `did you mean "x"?` or an empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const [best] = closestMatches(input, candidates, 1);
  return best === undefined ? "" : `did you mean "${best}"?`;
}
