/**
 * How many terminal cells text takes, as terminals draw it: a user-perceived character (a
 * grapheme cluster: a letter with its combining marks, an emoji with its modifiers and joined
 * parts) is one cell, or two when it is East Asian Wide or Fullwidth or shown as an emoji; marks,
 * joiners, variation selectors and control characters take none. Escape sequences (colours,
 * links) take none either.
 */

/**
 * East Asian Wide and Fullwidth code points (UAX #11) that are not emoji (those are found by
 * their Emoji_Presentation property below). Taken from Unicode 14's EastAsianWidth.txt, with
 * ranges joined across code points not yet assigned, and planes 2 and 3 whole (the standard
 * gives them width W by default).
 */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x3247], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, …
  [0x3250, 0x4dbf], // enclosed CJK, CJK compatibility, CJK Extension A
  [0x4e00, 0xa4c6], // CJK Unified Ideographs, Yi
  [0xa960, 0xa97c], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff01, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x1b2ff], // Tangut, Khitan, Nushu, Kana supplements
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x3fffd], // CJK Extension B and later (planes 2 and 3)
];

function isWide(codePoint: number): boolean {
  for (const [first, last] of WIDE) {
    if (codePoint < first) return false;
    if (codePoint <= last) return true;
  }
  return false;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The grapheme clusters of `text`. The segmenter is made on first use: making one cost
 * `openclaw --version` about 14 ms of CPU, which output that is all Latin-1 never needs.
 */
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return segmenter.segment(text);
}

/** Clusters that draw nothing: controls, marks alone, joiners, selectors, other invisibles. */
const INVISIBLE = /^(?:\p{Cc}|\p{M}|\p{Default_Ignorable_Code_Point})+$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;
const EMOJI = /^\p{Emoji}/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}/u;
const VS15 = "\ufe0e";
const VS16 = "\ufe0f";
const ZWJ = "\u200d";

/** The cells one grapheme cluster takes. */
function clusterWidth(cluster: string): number {
  if (INVISIBLE.test(cluster)) return 0;
  const first = cluster.codePointAt(0) ?? 0;
  // A text presentation selector asks for the narrow, text form of an emoji (❤︎).
  if (cluster.includes(VS15) && EMOJI.test(cluster)) return isWide(first) ? 2 : 1;
  if (EMOJI_PRESENTATION.test(cluster)) return 2;
  // ❤️, 1️⃣: VS16 asks for the emoji form; a ZWJ sequence is drawn as one emoji.
  if (cluster.includes(VS16) && EMOJI.test(cluster)) return 2;
  if (cluster.includes(ZWJ) && PICTOGRAPHIC.test(cluster)) return 2;
  return isWide(first) ? 2 : 1;
}

/** CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
export const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/**
 * Printable ASCII and Latin-1 (`·`, `é`, `£`, no-break space): one cell each, one cluster each.
 * The soft hyphen (U+00AD) is left out: it draws nothing. So are the dashes, `…` and `→` that
 * openclaw's own lines are full of (`openclaw → moonshot/kimi-k2.5`, a cut `kimi-k2-t…`): the
 * way through the segmenter gives each one cell too, but took the gateway's --log-requests a
 * tenth of a millisecond a line.
 */
const ONE_CELL_EACH = /^[\x20-\x7e\xa0-\xac\xae-\xff\u2013\u2014\u2026\u2192]*$/;

/** The cells `text` takes on a terminal; escape sequences count for nothing. */
export function displayWidth(text: string): number {
  if (ONE_CELL_EACH.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes(text.replace(ESCAPES, ""))) {
    width += clusterWidth(segment);
  }
  return width;
}

/**
 * `text` cut to at most `width` cells, ending with `…` when it was cut. Whole clusters only (an
 * emoji or a letter with its accent is never split); a cut text loses its escape sequences.
 */
export function cutToWidth(text: string, width: number, ellipsis = "…"): string {
  if (displayWidth(text) <= width) return text;
  const room = width - displayWidth(ellipsis);
  if (room < 0) return "";
  let out = "";
  let used = 0;
  for (const { segment } of graphemes(text.replace(ESCAPES, ""))) {
    const cells = clusterWidth(segment);
    if (used + cells > room) break;
    out += segment;
    used += cells;
  }
  return `${out}${ellipsis}`;
}

/** Punctuation a line does not start with (it closes what comes before it): ，。、：！？）」… */
const NO_BREAK_BEFORE =
  /^[、。，．：；！？）」』》〉】〕｝’”…‥・ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ!%),.:;?\]}]/u;
/** Punctuation a line does not end with (it opens what comes after it): （「『《〈【“… */
const NO_BREAK_AFTER = /[（「『《〈【〔｛‘“([{]$/u;

/**
 * A word (text with no spaces) cut where East Asian text may be broken across lines: between
 * two characters of which one is wide (an ideograph, kana, a fullwidth sign), but not before
 * closing punctuation nor after opening punctuation. Chinese prose has no spaces, so without
 * this a sentence is one word, too wide for a narrow terminal, which then cuts it anywhere and
 * without the indent of the lines around it. Latin words, numbers and refs in it stay whole.
 */
export function eastAsianBreaks(word: string): string[] {
  if (ONE_CELL_EACH.test(word)) return [word];
  const pieces: string[] = [];
  let piece = "";
  let previous = "";
  for (const { segment } of graphemes(word)) {
    const breakable =
      piece !== "" &&
      (clusterWidth(previous) === 2 || clusterWidth(segment) === 2) &&
      !NO_BREAK_BEFORE.test(segment) &&
      !NO_BREAK_AFTER.test(previous);
    if (breakable) {
      pieces.push(piece);
      piece = "";
    }
    piece += segment;
    previous = segment;
  }
  if (piece !== "") pieces.push(piece);
  return pieces;
}
