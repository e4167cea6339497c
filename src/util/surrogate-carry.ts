/**
 * Streamed text written out a delta at a time, whole characters only. An upstream may cut a
 * delta between the two UTF-16 halves of a character outside the BMP (an emoji, a CJK Extension B
 * ideograph); each half written alone is encoded as U+FFFD, so the terminal, or the file the
 * answer is piped to, would get two replacement characters instead of the character.
 */
export interface SurrogateCarry {
  /** What of `delta` can be written now: a trailing first half waits for the next delta. */
  take(delta: string): string;
  /** What is still held (a first half that no second half followed), to write at the end. */
  flush(): string;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function createSurrogateCarry(): SurrogateCarry {
  let held = "";
  return {
    take(delta) {
      const text = held + delta;
      held = "";
      if (text !== "" && isHighSurrogate(text.charCodeAt(text.length - 1))) {
        held = text.slice(-1);
        return text.slice(0, -1);
      }
      return text;
    },
    flush() {
      const rest = held;
      held = "";
      return rest;
    },
  };
}
