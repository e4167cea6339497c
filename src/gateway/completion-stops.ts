/**
 * Stop sequences beyond what a model's endpoint takes (`compat.maxStopSequences`,
 * `compat.maxStopSequenceBytes`). Continue's tab autocomplete sends ten (its fill-in-the-middle
 * template's seven and three of its own) where Moonshot and Kimi Code take at most 5 of at most
 * 32 bytes, and a custom endpoint may take fewer: refused, every keystroke would fail. On every
 * route the first sequences that fit go upstream, and the gateway stops the text at the others
 * itself, as the endpoint would have: the text ends before the sequence and the finish reason is
 * "stop". Pure.
 */
import type { Compat } from "../catalog/types.js";

/** How many stop sequences an endpoint takes, and how long; undefined: no limit. */
export type StopLimits = Pick<Compat, "maxStopSequences" | "maxStopSequenceBytes">;

/** A stop list split into what goes upstream and what the gateway applies itself. */
export interface SplitStops {
  /** Empty when none fits (a limit of 1 and a first sequence too long): no `stop` is sent. */
  sent: string[];
  held: string[];
}

/**
 * `stop` split for an endpoint of `limits`, or undefined when all of it goes upstream (the usual
 * case, checked without allocating: a sequence of at most a third of the byte limit in UTF-16
 * units fits whatever its characters).
 */
export function splitStops(
  stop: string | readonly string[],
  limits: StopLimits,
): SplitStops | undefined {
  const most = limits.maxStopSequences ?? Number.POSITIVE_INFINITY;
  const longest = limits.maxStopSequenceBytes ?? Number.POSITIVE_INFINITY;
  if (typeof stop === "string") return fits(stop, longest) ? undefined : { sent: [], held: [stop] };
  if (stop.length <= most && stop.every((entry) => fits(entry, longest))) return undefined;
  const sent: string[] = [];
  const held: string[] = [];
  for (const entry of stop) {
    if (sent.length < most && fits(entry, longest)) sent.push(entry);
    else held.push(entry);
  }
  return { sent, held };
}

/** Whether one stop sequence is short enough for an endpoint taking `longest` bytes of one. */
function fits(entry: string, longest: number): boolean {
  return entry.length * 3 <= longest || Buffer.byteLength(entry, "utf8") <= longest;
}

/** The tightest of several endpoints' limits: what every model of a chain takes. */
export function tightestStopLimits(all: readonly StopLimits[]): StopLimits | undefined {
  let most: number | undefined;
  let longest: number | undefined;
  for (const limits of all) {
    const { maxStopSequences: m, maxStopSequenceBytes: b } = limits;
    if (m !== undefined) most = most === undefined ? m : Math.min(most, m);
    if (b !== undefined) longest = longest === undefined ? b : Math.min(longest, b);
  }
  if (most === undefined && longest === undefined) return undefined;
  return {
    ...(most === undefined ? {} : { maxStopSequences: most }),
    ...(longest === undefined ? {} : { maxStopSequenceBytes: longest }),
  };
}

/** The first of `stops` met in `text` (where it begins, which it is), or undefined. */
function firstStop(
  text: string,
  stops: readonly string[],
): { at: number; stop: string } | undefined {
  let first: { at: number; stop: string } | undefined;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (first === undefined || at < first.at)) first = { at, stop };
  }
  return first;
}

/** A whole answer's text cut before the first of `stops`, and the one met (undefined: none). */
export function cutAtStops(
  text: string,
  stops: readonly string[],
): { text: string; met: string | undefined } {
  const first = firstStop(text, stops);
  return first === undefined
    ? { text, met: undefined }
    : { text: text.slice(0, first.at), met: first.stop };
}

/**
 * A streamed answer's text cut before the first of `stops`: each piece is passed on but for the
 * end that could be the start of a stop sequence, held until the next piece tells.
 */
export class StreamedStops {
  private held = "";
  private metStop: string | undefined;

  constructor(private readonly stops: readonly string[]) {}

  /** The stop sequence met, if one was: nothing after it is passed on. */
  get met(): string | undefined {
    return this.metStop;
  }

  /** The text of `delta` that can go to the client now. */
  push(delta: string): string {
    if (this.metStop !== undefined) return "";
    const text = this.held + delta;
    const first = firstStop(text, this.stops);
    if (first !== undefined) {
      this.metStop = first.stop;
      this.held = "";
      return text.slice(0, first.at);
    }
    const keep = this.possibleStart(text);
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** What was held at the answer's end (no stop sequence followed it). */
  flush(): string {
    const rest = this.held;
    this.held = "";
    return rest;
  }

  /** The length of the longest end of `text` that begins one of the stop sequences. */
  private possibleStart(text: string): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
