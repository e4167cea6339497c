/**
 * Whether a JSON value that arrives in pieces is complete: an object or array once its outermost
 * `}` or `]` has come (outside strings), a string once its closing quote has, `true`, `false` or
 * `null` once spelt out, a number once whitespace follows it (until then more digits may come).
 * After that it cannot grow: a well-formed text has nothing but whitespace after its end. Used
 * to tell a streamed tool call's arguments are complete while other calls' fragments still come
 * (an upstream may interleave them by index).
 *
 * Incremental: each call scans only what was appended since the last one, so watching a value
 * grow costs one pass over it in all, however many pieces it comes in (a JSON.parse per piece
 * would be quadratic on long arguments).
 */
export class JsonCloseWatch {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** What the value is, from its first character that is not whitespace; unknown before. */
  private kind: "container" | "string" | "bare" | undefined;
  /** Where a bare value (number or literal) begins. */
  private bareStart = 0;
  private closed = false;
  /** How much of the text was scanned already. */
  private scanned = 0;

  /**
   * Whether `text` is closed. `text` is the value so far: each call's text must begin with the
   * text of the call before (the pieces appended), as a streamed value grows.
   */
  closedIn(text: string): boolean {
    if (this.closed) return true;
    let at = this.scanned;
    if (this.kind === undefined) {
      while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
      if (at === text.length) {
        this.scanned = at;
        return false;
      }
      const first = text.charCodeAt(at);
      if (first === OPEN_BRACE || first === OPEN_BRACKET) {
        this.kind = "container";
        this.depth = 1;
      } else if (first === QUOTE) {
        this.kind = "string";
        this.inString = true;
      } else {
        this.kind = "bare";
        this.bareStart = at;
      }
      at++;
    }
    if (this.kind === "bare") return this.bareClosedIn(text, at);
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
        else {
          this.inString = false;
          // A bare string ends with its closing quote.
          if (this.kind === "string") {
            this.closed = true;
            break;
          }
        }
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

  /** A number or literal: whole once whitespace follows it, or a literal once spelt out. */
  private bareClosedIn(text: string, from: number): boolean {
    let at = from;
    while (at < text.length && !isWhitespace(text.charCodeAt(at))) at++;
    this.scanned = at;
    // Only a short run can be a literal: a long number is not sliced again for each piece.
    const literal = at - this.bareStart <= 5 && LITERALS.has(text.slice(this.bareStart, at));
    if (at < text.length || literal) this.closed = true;
    return this.closed;
  }
}

/** What ends or escapes inside a string. */
const IN_STRING = /["\\]/g;
/** What opens a string or opens or closes an object or array, outside strings. */
const STRUCTURE = /["{}[\]]/g;
/** JSON's words: nothing can follow their last letter. */
const LITERALS = new Set(["true", "false", "null"]);

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const QUOTE = 0x22;

function isWhitespace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;
}
