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
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const scored: { candidate: string; score: number; distance: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    const contains = hay.includes(needle) || needle.includes(hay);
    const tail = lastWord(candidate);
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
    const distance = contains ? gap : editDistance(needle, hay);
    const score = contains || typoOfTail ? Math.min(distance, 1) : distance;
    if (score <= tolerance) scored.push({ candidate, score, distance });
  }
  scored.sort(
    (x, y) =>
      x.score - y.score || x.distance - y.distance || x.candidate.localeCompare(y.candidate),
  );
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** `did you mean "x"?` or an empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const [best] = closestMatches(input, candidates, 1);
  return best === undefined ? "" : `did you mean "${best}"?`;
}
