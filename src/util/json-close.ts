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
    let at = this.scanned;
    if (!this.opened) {
      while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
      if (at === text.length) {
        this.scanned = at;
        return false;
      }
      const first = text.charCodeAt(at);
      if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
        this.notContainer = true;
        return false;
      }
      this.opened = true;
      this.depth = 1;
      at++;
    }
    // From one character that matters to the next by a regular expression: long runs of
    // numbers or string content are skipped natively, not a character at a time.
    while (at < text.length) {
      if (this.inString && this.escaped) {
        this.escaped = false;
        at++;
        continue;
      }
      const seek = this.inString ? IN_STRING : STRUCTURE;
      seek.lastIndex = at;
      const found = seek.exec(text);
      if (!found) {
        at = text.length;
        break;
      }
      at = found.index + 1;
      const char = found[0];
      if (this.inString) {
        if (char === "\\") this.escaped = true;
        else this.inString = false;
      } else if (char === '"') this.inString = true;
      else if (char === "{" || char === "[") this.depth++;
      else if (--this.depth === 0) {
        this.closed = true;
        break;
      }
    }
    this.scanned = at;
    return this.closed;
  }
}

/** What ends or escapes inside a string. */
const IN_STRING = /["\\]/g;
/** What opens a string or opens or closes an object or array, outside strings. */
const STRUCTURE = /["{}[\]]/g;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

function isWhitespace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;
}
