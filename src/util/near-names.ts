/**
 * Close matches for a name typed with a slip, spelling aside: case, spaces and the `-`, `_` and `.`
 * between words do not count (`Kimi K2 Trubo` is one swap from `kimi-k2-turbo`), and the edits
 * allowed grow with the length (one per four letters), so a short name or a different one gets
 * none rather than a guess. A long enough name may also be the first words of a longer one with a
 * slip in them (`kimi-k2-trubo` for `kimi-k2-turbo-preview`); such a match ranks after whole ones.
 */
import { byText, firstInOrder } from "./first-in-order.js";
import { editDistanceWithin } from "./suggest.js";

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
 * Names longer than this are not matched at all: no ref or alias is nearly that long, and
 * squashing and comparing a client's kilobytes against thousands of names is work for nothing.
 */
export const LONGEST_MATCHED = 512;

/** Whether `input` is too long to be a slip of any name (see LONGEST_MATCHED). */
export function tooLongToMatch(input: string): boolean {
  return input.length > LONGEST_MATCHED;
}

/** A spelling as matching reads it, worked out once. */
interface PreparedSpelling {
  text: string;
  squashed: string;
  /** Where each word ends in `squashed`: its first k words are `squashed.slice(0, ends[k - 1])`. */
  ends: number[];
}

interface PreparedCandidate {
  label: string;
  standsFor: string | undefined;
  spellings: PreparedSpelling[];
}

/**
 * Candidates made ready once (squashed, split in words) for many `nearNames` calls over the same
 * list: the gateway answers every unknown model from one, built again with its directory on each
 * reload, and the resolver keeps one per catalog.
 */
export class NearIndex {
  readonly candidates: readonly PreparedCandidate[];
  /** The longest squashed spelling: a needle much longer matches nothing. */
  readonly longest: number;
  constructor(candidates: Iterable<NearCandidate>) {
    let longest = 0;
    this.candidates = Array.from(candidates, (candidate) => ({
      label: candidate.label,
      standsFor: candidate.standsFor,
      spellings: candidate.spellings.map((text) => {
        const parts = words(text);
        let end = 0;
        const ends = parts.map((word) => {
          end += word.length;
          return end;
        });
        // The words joined are the squashed name: one split instead of two passes.
        const prepared = { text, squashed: parts.join(""), ends };
        longest = Math.max(longest, prepared.squashed.length);
        return prepared;
      }),
    }));
    this.longest = longest;
  }
}

/**
 * How far `needle` (squashed, of `needleWords` words) is from `spelling`, or undefined when too
 * far to be a slip. The first as many words of a longer spelling count too, a half edit behind.
 * Lengths are compared before any table is built, and the table stops once past what is allowed.
 */
function score(
  needle: string,
  needleWords: number,
  spelling: PreparedSpelling,
): number | undefined {
  const hay = spelling.squashed;
  if (hay === "") return undefined;
  if (needle === hay) return 0;
  const allowed = editsAllowed(Math.min(needle.length, hay.length));
  if (allowed > 0 && Math.abs(needle.length - hay.length) <= allowed) {
    const distance = editDistanceWithin(needle, hay, allowed);
    if (distance <= allowed) return distance;
  }
  if (needle.length < SHORTEST_PREFIX || spelling.ends.length <= needleWords) return undefined;
  const start = hay.slice(0, spelling.ends[needleWords - 1]);
  const startAllowed = editsAllowed(Math.min(needle.length, start.length));
  if (Math.abs(needle.length - start.length) > startAllowed) return undefined;
  const distance = editDistanceWithin(needle, start, startAllowed);
  return distance <= startAllowed ? distance + 0.5 : undefined;
}

/**
 * The candidates `input` is a slip of, best first, at most `limit`; ties in label order. Give a
 * NearIndex when asking many times over the same candidates. An input longer than
 * LONGEST_MATCHED, or than any spelling can be with its slips, matches nothing.
 */
export function nearNames(
  input: string,
  candidates: Iterable<NearCandidate> | NearIndex,
  limit = 3,
): NearMatch[] {
  if (tooLongToMatch(input)) return [];
  const index = candidates instanceof NearIndex ? candidates : new NearIndex(candidates);
  const needle = squashed(input);
  // A whole match allows one edit per four letters of the shorter; a start is never longer.
  if (needle === "" || needle.length > index.longest + Math.floor(index.longest / 4)) return [];
  const needleWords = words(input).length;
  const found: (NearMatch & { score: number; standsFor: string | undefined })[] = [];
  for (const candidate of index.candidates) {
    let best: { spelling: string; score: number } | undefined;
    for (const spelling of candidate.spellings) {
      const distance = score(needle, needleWords, spelling);
      if (distance !== undefined && (best === undefined || distance < best.score))
        best = { spelling: spelling.text, score: distance };
    }
    if (best) found.push({ label: candidate.label, standsFor: candidate.standsFor, ...best });
  }
  const covered = new Set(found.flatMap((match) => match.standsFor ?? []));
  return firstInOrder(
    found.filter((match) => !covered.has(match.label)),
    limit,
    (x, y) => x.score - y.score || byText(x.label, y.label),
  ).map(({ label, spelling }) => ({ label, spelling }));
}
