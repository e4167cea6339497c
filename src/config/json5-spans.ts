/**
 * A reader of JSON5 text that keeps where each value, object member and list element is written:
 * what rewriting a config in place and pointing a person at a line both need. It reads what the
 * config files hold (JSON5 as written by hand); anything beyond it throws `Unreadable`. Pure.
 */
import { parseJson5Quietly } from "./json5-quiet.js";

export type Node =
  | { kind: "object"; start: number; end: number; members: Member[] }
  | { kind: "array"; start: number; end: number; elements: Item[] }
  | { kind: "scalar"; start: number; end: number };

/** A list element, or (with its key) an object member. */
export interface Item {
  /** Where the member's key starts (its quote, if quoted), or the element's value. */
  start: number;
  /** Just after the value, or after the comma that follows it. */
  end: number;
  hasComma: boolean;
  value: Node;
}

export interface Member extends Item {
  key: string;
  quotedKey: boolean;
}

export class Unreadable extends Error {}

/** Blank space between tokens beside the four common ones, which are tested first. */
const BLANK = /\s|\uFEFF/;
/** What ends a bare word (a number, `true`, an unquoted key). */
const DELIMITER = /[\s,:[\]{}/"']/;

/** A reader of JSON5 that keeps where each value and member is in the text. */
export class SpanReader {
  private at = 0;
  /** The first backslash at or after where strings were last searched; -1 when none is left. */
  private nextBackslash = -2;
  /**
   * @param shallow read only the top level: the values of the root's members (and elements) are
   *   passed over and stand as spans of kind "scalar", nothing inside them built — for a question
   *   about top-level keys alone, on a config of megabytes.
   */
  constructor(
    private readonly text: string,
    private readonly shallow = false,
  ) {}

  /** The first backslash at or after `at` (-1: none), the text searched once from end to end. */
  private backslashFrom(at: number): number {
    if (this.nextBackslash !== -1 && this.nextBackslash < at)
      this.nextBackslash = this.text.indexOf("\\", at);
    return this.nextBackslash;
  }

  document(): Node {
    const node = this.value();
    this.skipBlank();
    if (this.at !== this.text.length) throw new Unreadable("text after the value");
    return node;
  }

  private skipBlank(): void {
    const text = this.text;
    for (;;) {
      const char = text[this.at];
      if (char === undefined) return;
      if (char === " " || char === "\n" || char === "\t" || char === "\r" || BLANK.test(char)) {
        this.at++;
      } else if (char === "/" && text[this.at + 1] === "/") {
        const newline = text.indexOf("\n", this.at);
        this.at = newline < 0 ? text.length : newline;
      } else if (char === "/" && text[this.at + 1] === "*") {
        const close = text.indexOf("*/", this.at + 2);
        if (close < 0) throw new Unreadable("unclosed comment");
        this.at = close + 2;
      } else return;
    }
  }

  private value(): Node {
    this.skipBlank();
    const char = this.text[this.at];
    if (char === "{") return this.object();
    if (char === "[") return this.array();
    const start = this.at;
    if (char === '"' || char === "'") this.passString();
    else this.bare();
    return { kind: "scalar", start, end: this.at };
  }

  private string(): string {
    const start = this.at;
    const escaped = this.passString();
    // Only an escape needs JSON5 to read it; most of a config's strings have none.
    return escaped
      ? (parseJson5Quietly(this.text.slice(start, this.at)) as string)
      : this.text.slice(start + 1, this.at - 1);
  }

  /** Moves past the quoted string that starts here; whether it holds an escape. */
  private passString(): boolean {
    const text = this.text;
    const quote = text[this.at] as string;
    let escaped = false;
    let at = this.at + 1;
    for (;;) {
      const close = text.indexOf(quote, at);
      const backslash = this.backslashFrom(at);
      if (backslash >= 0 && (close < 0 || backslash < close)) {
        escaped = true;
        at = backslash + 2;
      } else if (close < 0) {
        this.at = text.length;
        throw new Unreadable("unclosed string");
      } else {
        this.at = close + 1;
        return escaped;
      }
    }
  }

  /** The value that starts here, passed over whole: an object or list as one span. */
  private passedOver(): Node {
    this.skipBlank();
    const start = this.at;
    const first = this.text[this.at];
    if (first !== "{" && first !== "[") return this.value();
    let depth = 0;
    for (;;) {
      this.skipBlank();
      const char = this.text[this.at];
      if (char === undefined) throw new Unreadable("unclosed object or list");
      if (char === '"' || char === "'") {
        this.passString();
        continue;
      }
      this.at++;
      if (char === "{" || char === "[") depth++;
      else if ((char === "}" || char === "]") && --depth === 0) break;
    }
    return { kind: "scalar", start, end: this.at };
  }

  /** A number, `true`, `Infinity`, an unquoted key…: everything up to a delimiter. */
  private bare(): string {
    const start = this.at;
    while (this.at < this.text.length && !DELIMITER.test(this.text[this.at] as string)) this.at++;
    if (this.at === start) throw new Unreadable(`unexpected "${this.text[this.at] ?? "end"}"`);
    return this.text.slice(start, this.at);
  }

  private expect(char: string): void {
    this.skipBlank();
    if (this.text[this.at] !== char) throw new Unreadable(`expected "${char}"`);
    this.at++;
  }

  private object(): Node {
    const start = this.at;
    this.at++;
    const members: Member[] = [];
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] === "}") break;
      const memberStart = this.at;
      const quotedKey = this.text[this.at] === '"' || this.text[this.at] === "'";
      const key = quotedKey ? this.string() : this.bare();
      this.expect(":");
      const value = this.shallow ? this.passedOver() : this.value();
      const member: Member = {
        key,
        start: memberStart,
        end: value.end,
        quotedKey,
        hasComma: false,
        value,
      };
      members.push(member);
      this.skipBlank();
      if (this.text[this.at] === ",") {
        this.at++;
        member.end = this.at;
        member.hasComma = true;
      } else if (this.text[this.at] !== "}") throw new Unreadable('expected "," or "}"');
    }
    this.at++;
    return { kind: "object", start, end: this.at, members };
  }

  private array(): Node {
    const start = this.at;
    this.at++;
    const elements: Item[] = [];
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] === "]") break;
      const value = this.shallow ? this.passedOver() : this.value();
      const element: Item = { start: value.start, end: value.end, hasComma: false, value };
      elements.push(element);
      this.skipBlank();
      if (this.text[this.at] === ",") {
        this.at++;
        element.end = this.at;
        element.hasComma = true;
      } else if (this.text[this.at] !== "]") throw new Unreadable('expected "," or "]"');
    }
    this.at++;
    return { kind: "array", start, end: this.at, elements };
  }
}
