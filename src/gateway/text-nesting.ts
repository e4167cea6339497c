/**
 * How deep a request body nests, read from its text before it is parsed. JSON.parse takes about
 * a microsecond a level and 60 bytes of heap for each: an 8 MB body of `[` kept the event loop
 * (every other client's stream with it) busy for 5 s, only to be refused for its depth once
 * parsed. Counting brackets outside strings takes milliseconds. Pure.
 */

/** Steps kept of the way to a too-deep part: more than any path the refusal shows. */
const STEPS_KEPT = 16;

/** A part of a body nested past a limit: the way there (keys and indices) and its depth. */
export interface TextNesting {
  /** The keys and indices from the body down to the first part past the limit (the first few). */
  steps: Array<string | number>;
  /** The levels down that part: the body is level 1. */
  depth: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** The end (index after the closing quote) of the string starting at `start`, a quote. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    // A quote after an odd number of backslashes is part of the string.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** A key as JSON reads it; its raw text when it is not a valid JSON string. */
function keyOf(raw: string): string {
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === "string" ? key : raw;
  } catch {
    return raw;
  }
}

/**
 * The first part of the JSON `text` (in reading order) at level `maxDepth + 1` with levels under
 * it past `refuseFrom`, and how deep it goes; undefined when there is none. Only brackets outside
 * strings count, so text that is not JSON still gets an answer (its parse says what is wrong).
 */
export function nestingPastLimit(
  text: string,
  maxDepth: number,
  refuseFrom: number = maxDepth,
): TextNesting | undefined {
  let depth = 0;
  // Per level up to STEPS_KEPT: whether it is an array, its current index, or its current key
  // (and whether the next string in it is a key).
  const isArray: boolean[] = [];
  const index: number[] = [];
  /** Where each level's current key starts and ends in `text`: read only for a part's steps. */
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const expectsKey: boolean[] = [];
  /** The part at level maxDepth + 1 being read, if any. */
  let part: TextNesting | undefined;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      const end = stringEnd(text, at);
      if (depth <= STEPS_KEPT && expectsKey[depth]) {
        keyStart[depth] = at;
        keyEnd[depth] = end;
        expectsKey[depth] = false;
      }
      at = end - 1;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++;
      if (depth === maxDepth + 1) part = { steps: stepsTo(depth), depth };
      else if (part !== undefined && depth > part.depth) part.depth = depth;
      if (depth <= STEPS_KEPT) {
        isArray[depth] = code === OPEN_ARRAY;
        index[depth] = 0;
        expectsKey[depth] = code === OPEN_OBJECT;
      }
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
      if (part !== undefined && depth === maxDepth) {
        // The part is closed: every level under it is counted.
        if (part.depth > refuseFrom) return part;
        part = undefined;
      }
    } else if (code === COMMA && depth <= STEPS_KEPT) {
      if (isArray[depth]) index[depth] = (index[depth] ?? 0) + 1;
      else expectsKey[depth] = true;
    }
  }
  return part !== undefined && part.depth > refuseFrom ? part : undefined;

  /** The keys and indices of the levels above a part opening at level `level`. */
  function stepsTo(level: number): Array<string | number> {
    const steps: Array<string | number> = [];
    for (let parent = 1; parent < level && parent <= STEPS_KEPT; parent++)
      steps.push(
        isArray[parent]
          ? (index[parent] ?? 0)
          : keyOf(text.slice(keyStart[parent] ?? 0, keyEnd[parent] ?? 0)),
      );
    return steps;
  }
}
