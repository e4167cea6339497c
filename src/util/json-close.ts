/**
 * Whether a JSON object or array that arrives in pieces has closed: its outermost `}` or `]` has
 * come (outside strings). After that it cannot grow; a well-formed text has nothing but
 * whitespace after its end. Used to tell a streamed tool call's arguments are complete while
 * other calls' fragments still come (an upstream may interleave them by index).
 *
 * Incremental: each call scans only what was appended since the last one, so watching a value
 * grow costs one pass over it in all, however many pieces it comes in (a JSON.parse per piece
 * would be quadratic on long arguments).
 */
export class JsonCloseWatch {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The first character that is not whitespace is `{` or `[`. */
  private opened = false;
  /** It began as anything else (a bare string or number): it is never called closed. */
  private notContainer = false;
  private closed = false;
  /** How much of the text was scanned already. */
  private scanned = 0;

  /**
   * Whether `text` is closed. `text` is the value so far: each call's text must begin with the
   * text of the call before (the pieces appended), as a streamed value grows.
   */
  closedIn(text: string): boolean {
    if (this.closed || this.notContainer) return this.closed;
    for (let at = this.scanned; at < text.length; at++) {
      const char = text.charCodeAt(at);
      if (!this.opened) {
        if (isWhitespace(char)) continue;
        if (char !== OPEN_BRACE && char !== OPEN_BRACKET) {
          this.notContainer = true;
          break;
        }
        this.opened = true;
        this.depth = 1;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === BACKSLASH) this.escaped = true;
        else if (char === QUOTE) this.inString = false;
        continue;
      }
      if (char === QUOTE) this.inString = true;
      else if (char === OPEN_BRACE || char === OPEN_BRACKET) this.depth++;
      else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          this.closed = true;
          break;
        }
      }
    }
    this.scanned = text.length;
    return this.closed;
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWhitespace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;
}
