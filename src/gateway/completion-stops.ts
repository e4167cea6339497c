/**
 * Stop sequences of a text completion beyond what an endpoint takes. Continue's tab autocomplete
 * sends ten (its fill-in-the-middle template's seven and three of its own) where Moonshot and
 * Kimi Code take at most 5 of at most 32 bytes: the chat route refuses such a list, which would
 * fail every keystroke. On /v1/completions the first sequences that fit go upstream, and the
 * gateway stops the text at the others itself, as the endpoint would have: the text ends before
 * the sequence and the finish reason is "stop". Pure.
 */

/** What every endpoint here takes (Moonshot's documented limits, the lowest of the built-ins). */
const MOST_SENT = 5;
const LONGEST_SENT_BYTES = 32;

/** A stop list split into what goes upstream and what the gateway applies itself. */
export interface SplitStops {
  sent: string[];
  /** Undefined when every sequence goes upstream (the usual case: nothing more to do). */
  held: string[] | undefined;
}

/** Splits `stop` (already checked as the chat route checks it) for the upstream and the gateway. */
export function splitStops(stop: readonly string[]): SplitStops {
  const sent: string[] = [];
  const held: string[] = [];
  for (const entry of stop) {
    if (entry === "") continue;
    if (sent.length < MOST_SENT && Buffer.byteLength(entry, "utf8") <= LONGEST_SENT_BYTES)
      sent.push(entry);
    else held.push(entry);
  }
  return { sent, held: held.length > 0 ? held : undefined };
}

/** Where the first of `stops` begins in `text`, or -1. */
function firstStop(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/** A whole answer's text cut before the first of `stops`, and whether one was met. */
export function cutAtStops(text: string, stops: readonly string[]): { text: string; met: boolean } {
  const at = firstStop(text, stops);
  return at < 0 ? { text, met: false } : { text: text.slice(0, at), met: true };
}

/**
 * A streamed answer's text cut before the first of `stops`: each piece is passed on but for the
 * end that could be the start of a stop sequence, held until the next piece tells.
 */
export class StreamedStops {
  private held = "";
  private metStop = false;

  constructor(private readonly stops: readonly string[]) {}

  /** Whether a stop sequence was met: nothing after it is passed on. */
  get met(): boolean {
    return this.metStop;
  }

  /** The text of `delta` that can go to the client now. */
  push(delta: string): string {
    if (this.metStop) return "";
    const text = this.held + delta;
    const at = firstStop(text, this.stops);
    if (at >= 0) {
      this.metStop = true;
      this.held = "";
      return text.slice(0, at);
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
