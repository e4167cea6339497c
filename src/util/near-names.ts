/**
 * Close matches for a name typed with a slip, spelling aside: case, spaces and the `-`, `_` and `.`
 * between words do not count (`Kimi K2 Trubo` is one swap from `kimi-k2-turbo`), and the edits
 * allowed grow with the length (one per four letters), so a short name or a different one gets
 * none rather than a guess. A long enough name may also be the first words of a longer one with a
 * slip in them (`kimi-k2-trubo` for `kimi-k2-turbo-preview`); such a match ranks after whole ones.
 */
import { editDistance } from "./suggest.js";

export interface NearCandidate {
  /** What a suggestion shows: a ref or an alias. */
  label: string;
  /** The texts it may have been meant as: its ref, model id, model name or alias. */
  spellings: readonly string[];
  /** For an alias, the label of what it stands for: that is not offered beside it. */
  standsFor?: string;
}

export interface NearMatch {
  label: string;
  /** The spelling that came closest. */
  spelling: string;
}

/** Letters and digits only, lower case: `Kimi K2.5` and `kimi-k2.5` both read `kimik25`. */
export function squashed(text: string): string {
  return text.toLowerCase().replace(/[\s\-_.]+/g, "");
}

/** Names shorter than this (squashed) only match when equal: too little to tell a slip apart. */
const SHORTEST_FUZZY = 4;

/** Edits allowed between two squashed names, `a` being the shorter. */
function editsAllowed(length: number): number {
  return length < SHORTEST_FUZZY ? 0 : Math.max(1, Math.floor(length / 4));
}

/** The words of a name: what spaces, `-`, `_` and `.` separate. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s\-_.]+/)
    .filter(Boolean);
}

/** Names this long (squashed) or longer may match the first words of a longer name. */
const SHORTEST_PREFIX = 8;

/**
 * How far `needle` (squashed, of `needleWords` words) is from `spelling`, or undefined when too
 * far to be a slip. The first as many words of a longer spelling count too, a half edit behind.
 */
function score(needle: string, needleWords: number, spelling: string): number | undefined {
  const hay = squashed(spelling);
  if (hay === "") return undefined;
  if (needle === hay) return 0;
  const allowed = editsAllowed(Math.min(needle.length, hay.length));
  if (allowed > 0 && Math.abs(needle.length - hay.length) <= allowed) {
    const distance = editDistance(needle, hay);
    if (distance <= allowed) return distance;
  }
  const spelled = words(spelling);
  if (needle.length < SHORTEST_PREFIX || spelled.length <= needleWords) return undefined;
  const start = spelled.slice(0, needleWords).join("");
  const startAllowed = editsAllowed(Math.min(needle.length, start.length));
  if (Math.abs(needle.length - start.length) > startAllowed) return undefined;
  const distance = editDistance(needle, start);
  return distance <= startAllowed ? distance + 0.5 : undefined;
}

/** The candidates `input` is a slip of, best first, at most `limit`; ties in label order. */
export function nearNames(
  input: string,
  candidates: Iterable<NearCandidate>,
  limit = 3,
): NearMatch[] {
  const needle = squashed(input);
  if (needle === "") return [];
  const needleWords = words(input).length;
  const found: (NearMatch & { score: number; standsFor: string | undefined })[] = [];
  for (const candidate of candidates) {
    let best: { spelling: string; score: number } | undefined;
    for (const spelling of candidate.spellings) {
      const distance = score(needle, needleWords, spelling);
      if (distance !== undefined && (best === undefined || distance < best.score))
        best = { spelling, score: distance };
    }
    if (best) found.push({ label: candidate.label, standsFor: candidate.standsFor, ...best });
  }
  found.sort((x, y) => x.score - y.score || x.label.localeCompare(y.label));
  const covered = new Set(found.flatMap((match) => match.standsFor ?? []));
  return found
    .filter((match) => !covered.has(match.label))
    .slice(0, limit)
    .map(({ label, spelling }) => ({ label, spelling }));
}
