/**
 * Rewriting a JSON5 config so that it holds a new value while everything a person wrote around
 * the values — comments, blank lines, key order, quoting, trailing commas — stays as it was.
 * Only what changed is touched: a changed value is replaced where it stands, a removed key is
 * cut out with its line, a new key is added at the end of its object. The result is parsed back
 * and compared with the value asked for; when it differs (or the text is beyond this reader),
 * `undefined` tells the caller to write the value out whole instead. Pure.
 */
import JSON5 from "json5";

type Node =
  | { kind: "object"; start: number; end: number; members: Member[] }
  | { kind: "array"; start: number; end: number }
  | { kind: "scalar"; start: number; end: number };

interface Member {
  key: string;
  /** Where the key starts (its quote, if quoted). */
  start: number;
  /** Just after the value, or after the comma that follows it. */
  end: number;
  quotedKey: boolean;
  hasComma: boolean;
  value: Node;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

class Unreadable extends Error {}

/** A reader of JSON5 that keeps where each value and member is in the text. */
class SpanReader {
  private at = 0;
  constructor(private readonly text: string) {}

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
      if (/\s|\uFEFF/.test(char)) {
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
    if (char === '"' || char === "'") this.string();
    else this.bare();
    return { kind: "scalar", start, end: this.at };
  }

  private string(): string {
    const quote = this.text[this.at];
    const start = this.at;
    this.at++;
    while (this.at < this.text.length) {
      const char = this.text[this.at];
      if (char === "\\") this.at += 2;
      else if (char === quote) {
        this.at++;
        return JSON5.parse(this.text.slice(start, this.at)) as string;
      } else this.at++;
    }
    throw new Unreadable("unclosed string");
  }

  /** A number, `true`, `Infinity`, an unquoted key…: everything up to a delimiter. */
  private bare(): string {
    const start = this.at;
    while (this.at < this.text.length && !/[\s,:[\]{}/"']/.test(this.text[this.at] as string))
      this.at++;
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
      const value = this.value();
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
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] === "]") break;
      this.value();
      this.skipBlank();
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "]") throw new Unreadable('expected "," or "]"');
    }
    this.at++;
    return { kind: "array", start, end: this.at };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
    );
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

/** The indentation of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

/**
 * `value` written as the file writes: JSON when every key in the file is quoted, else JSON5 with
 * bare keys; over several lines (later ones indented to sit at `indent`) or on one.
 */
function valueText(value: unknown, json: boolean, indent: string | undefined): string {
  const space = indent === undefined ? undefined : 2;
  const text = json
    ? JSON.stringify(value, null, space)
    : JSON5.stringify(value, { space, quote: '"' });
  return indent === undefined ? text : text.replace(/\n/g, `\n${indent}`);
}

/** Whether every key in the document is quoted (a JSON file, kept JSON). */
function allKeysQuoted(node: Node): boolean {
  return node.kind !== "object"
    ? true
    : node.members.every((member) => member.quotedKey && allKeysQuoted(member.value));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Cuts a member out, with its own line when it has one to itself. */
function removal(text: string, member: Member): Edit {
  const lineStart = text.lastIndexOf("\n", member.start - 1) + 1;
  const before = text.slice(lineStart, member.start);
  const newline = text.indexOf("\n", member.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const after = text.slice(member.end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after))
    return { start: lineStart, end: newline < 0 ? lineEnd : newline + 1, text: "" };
  return { start: member.start, end: member.end, text: "" };
}

/**
 * Adds members at the end of an object that has some, in the style of its last one: on their own
 * lines (after a comment that ends the last member's line) or on the same line, with a trailing
 * comma only if the last member had one.
 */
function additions(
  text: string,
  node: Extract<Node, { kind: "object" }>,
  entries: [string, unknown][],
  json: boolean,
  edits: Edit[],
): void {
  const last = node.members.at(-1) as Member;
  const first = node.members[0] as Member;
  const indent = lineIndent(text, last.start);
  const sameLine = !text.slice(first.start, node.end).includes("\n");
  const quoted = node.members.every((member) => member.quotedKey);
  const keyText = (key: string) => (!quoted && IDENTIFIER.test(key) ? key : JSON.stringify(key));
  const member = ([key, value]: [string, unknown]) =>
    `${keyText(key)}: ${valueText(value, json, sameLine ? undefined : indent)}`;
  const body = entries.map(member).join(sameLine ? ", " : `,\n${indent}`);
  const trailing = last.hasComma ? "," : "";
  if (!last.hasComma) edits.push({ start: last.end, end: last.end, text: "," });
  if (sameLine) {
    edits.push({ start: last.end, end: last.end, text: ` ${body}${trailing}` });
    return;
  }
  // After whatever ends the last member's line (a comment about it stays with it).
  const newline = text.indexOf("\n", last.end);
  const restOfLine = newline < 0 ? "" : text.slice(last.end, newline);
  const at =
    newline >= 0 && newline < node.end && /^[ \t]*(\/\/.*)?$/.test(restOfLine) ? newline : last.end;
  edits.push({ start: at, end: at, text: `\n${indent}${body}${trailing}` });
}

/**
 * When the object's last member was cut out and the one now last has a comma the old last one
 * did not, that comma goes too: a trailing comma is JSON5, and a file kept as strict JSON (read
 * by other tools too) must stay JSON.
 */
function closeAfterRemovedLast(
  text: string,
  node: Extract<Node, { kind: "object" }>,
  kept: Member[],
  edits: Edit[],
): void {
  const last = node.members.at(-1) as Member;
  const nowLast = kept.at(-1);
  if (nowLast === undefined || nowLast === last || last.hasComma || !nowLast.hasComma) return;
  const comma = text.lastIndexOf(",", nowLast.end - 1);
  if (comma < nowLast.value.end) return;
  // On one line (`{"a": 1, "b": 2}`), the space that followed the comma goes with it.
  const spaces = /^[ \t]*/.exec(text.slice(comma + 1))?.[0] ?? "";
  const next = text[comma + 1 + spaces.length];
  const end =
    next === "\n" || next === "\r" || next === "/" ? comma + 1 : comma + 1 + spaces.length;
  edits.push({ start: comma, end, text: "" });
}

function diff(
  text: string,
  node: Node,
  before: unknown,
  after: unknown,
  json: boolean,
  edits: Edit[],
): void {
  if (sameValue(before, after)) return;
  if (
    node.kind === "object" &&
    node.members.length > 0 &&
    isPlainObject(before) &&
    isPlainObject(after)
  ) {
    const seen = new Set<string>();
    const kept: Member[] = [];
    for (const member of node.members) {
      if (seen.has(member.key)) throw new Unreadable(`key "${member.key}" twice`);
      seen.add(member.key);
      if (!Object.hasOwn(after, member.key)) {
        edits.push(removal(text, member));
        continue;
      }
      kept.push(member);
      diff(text, member.value, before[member.key], after[member.key], json, edits);
    }
    closeAfterRemovedLast(text, node, kept, edits);
    const added = Object.entries(after).filter(([key]) => !seen.has(key));
    if (added.length > 0) additions(text, node, added, json, edits);
    return;
  }
  edits.push({
    start: node.start,
    end: node.end,
    text: valueText(after, json, lineIndent(text, node.start)),
  });
}

/**
 * `text` (a JSON5 document holding `before`) changed to hold `after`, keeping its comments and
 * layout; undefined when that cannot be done safely (the caller writes `after` out whole).
 */
export function rewriteJson5(text: string, before: unknown, after: unknown): string | undefined {
  try {
    const root = new SpanReader(text).document();
    const edits: Edit[] = [];
    diff(text, root, before, after, allKeysQuoted(root), edits);
    // From the end backwards, so earlier offsets stay true; insertions at one place keep their
    // order (a comma before the members that follow it).
    const ordered = edits.map((edit, index) => ({ edit, index }));
    ordered.sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
    let out = text;
    let floor = Number.POSITIVE_INFINITY;
    for (const { edit } of ordered) {
      if (edit.end > floor) return undefined; // overlapping edits: not this reader's case
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      floor = edit.start;
    }
    return sameValue(JSON5.parse(out), after) ? out : undefined;
  } catch {
    return undefined;
  }
}
