/** Edit distance (Levenshtein), small and allocation-light: used for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates closest to `input` (case-insensitive), best first. Only candidates within a
 * distance that still looks like a typo are returned, so the hint is never a random word.
 *
 * A candidate that contains the input (or is contained in it) is kept however long the rest is,
 * as if it were one letter off, but it ranks by its real distance among those: otherwise "Kimi K2"
 * (contained in "Kimi K2 Thinkin") would tie with "Kimi K2 Thinking", the one-letter typo the
 * person meant, and win on alphabetical order.
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const scored: { candidate: string; score: number; distance: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    const distance = editDistance(needle, hay);
    const contains = hay.includes(needle) || needle.includes(hay);
    const score = contains ? Math.min(distance, 1) : distance;
    const tolerance = Math.max(2, Math.floor(Math.max(needle.length, hay.length) / 3));
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
