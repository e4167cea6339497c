/**
 * Kimi models sometimes write a tool call's arguments with raw control characters inside JSON
 * strings: a multi-line commit message with real line breaks where `\n` belongs
 * (MoonshotAI/kimi-cli#1378, seen with kimi-k2.5 on the Moonshot platform). JSON forbids them
 * there, so JSON.parse, Python's json.loads and the SDKs that use them refuse the whole
 * arguments: the tool is not run, and the call, kept in the history, breaks the session's later
 * turns. Such a character can only mean itself, so it is written as its escape (`\n`, `\t`,
 * `\u0000`): the value is the one the model meant, and every parser reads it. Line breaks and tabs
 * between tokens are JSON whitespace and stay as they are.
 *
 * Incremental, for arguments that arrive in pieces: each piece is scanned once, and only once a
 * piece holds a control character at all (the usual piece has none: one look at each character).
 */

function escapeOf(code: number): string {
  switch (code) {
    case 0x08:
      return "\\b";
    case 0x09:
      return "\\t";
    case 0x0a:
      return "\\n";
    case 0x0c:
      return "\\f";
    case 0x0d:
      return "\\r";
    default:
      return `\\u${code.toString(16).padStart(4, "0")}`;
  }
}

/** Whether `piece` holds a control character (U+0000 to U+001F) at all, in a string or not. */
export function hasRawControl(piece: string): boolean {
  for (let at = 0; at < piece.length; at++) if (piece.charCodeAt(at) < 0x20) return true;
  return false;
}

export class RawControlEscaper {
  private inString = false;
  private escaped = false;
  /** How much of the text before the next piece was scanned already (it is scanned lazily). */
  private scanned = 0;

  /**
   * `piece`, with the control characters it has inside strings escaped. `before` is the text the
   * earlier pieces came to, as this returned them.
   */
  next(before: string, piece: string): string {
    if (!hasRawControl(piece)) return piece;
    for (; this.scanned < before.length; this.scanned++) this.step(before.charCodeAt(this.scanned));
    let out = "";
    let from = 0;
    for (let at = 0; at < piece.length; at++) {
      const code = piece.charCodeAt(at);
      if (this.inString && code < 0x20) {
        // A backslash right before it (a shell line continuation, `\` then a line break) is the
        // model's own character too: it is doubled, so the value keeps both the backslash and
        // the line break rather than turning into a backslash and an `n`.
        out += piece.slice(from, at) + (this.escaped ? "\\" : "") + escapeOf(code);
        from = at + 1;
        this.escaped = false;
        continue;
      }
      this.step(code);
    }
    const result = from === 0 ? piece : out + piece.slice(from);
    this.scanned = before.length + result.length;
    return result;
  }

  private step(code: number): void {
    if (this.escaped) this.escaped = false;
    else if (code === 0x5c) this.escaped = this.inString;
    else if (code === 0x22) this.inString = !this.inString;
  }
}

/** Whole arguments, with the raw control characters inside their strings escaped. */
export function escapeRawControls(text: string): string {
  return new RawControlEscaper().next("", text);
}
