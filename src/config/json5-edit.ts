/**
 * Rewriting a JSON5 config so that it holds a new value while everything a person wrote around
 * the values — comments, blank lines, key order, quoting, trailing commas — stays as it was.
 * Only what changed is touched: a changed value is replaced where it stands, a removed key or
 * list element is cut out with its line, a new key is added at the end of its object and a new
 * element at the end of its list. A key written twice (JSON5 keeps the later one) is edited where
 * it takes effect; the earlier one stays as written. The result is parsed back and compared with
 * the value asked for; when it differs (or the text is beyond this reader), `undefined` tells the
 * caller to write the value out whole instead. Pure.
 */
import JSON5 from "json5";

type Node =
  | { kind: "object"; start: number; end: number; members: Member[] }
  | { kind: "array"; start: number; end: number; elements: Item[] }
  | { kind: "scalar"; start: number; end: number };

/** A list element, or (with its key) an object member. */
interface Item {
  /** Where the member's key starts (its quote, if quoted), or the element's value. */
  start: number;
  /** Just after the value, or after the comma that follows it. */
  end: number;
  hasComma: boolean;
  value: Node;
}

interface Member extends Item {
  key: string;
  quotedKey: boolean;
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
    const elements: Item[] = [];
    for (;;) {
      this.skipBlank();
      if (this.text[this.at] === "]") break;
      const value = this.value();
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

/** Cuts a member or element out, with its line (and a comment ending it) when it has one to itself. */
function removal(text: string, member: Item): Edit {
  const lineStart = text.lastIndexOf("\n", member.start - 1) + 1;
  const before = text.slice(lineStart, member.start);
  const newline = text.indexOf("\n", member.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const after = text.slice(member.end, lineEnd);
  // A comment after it on its line is about it, and goes with it.
  if (/^[ \t]*$/.test(before) && /^[ \t]*(\/\/.*)?$/.test(after))
    return { start: lineStart, end: newline < 0 ? lineEnd : newline + 1, text: "" };
  return { start: member.start, end: member.end, text: "" };
}

/**
 * Adds members (or elements) at the end of an object (or list) that has some, in the style of its
 * last one: on their own lines (after a comment that ends the last one's line) or on the same
 * line, with a trailing comma only if the last one had one. `render` writes one entry, given the
 * indentation of later lines (undefined: all on one line).
 */
function appendItems<T>(
  text: string,
  node: { end: number },
  items: readonly Item[],
  entries: readonly T[],
  render: (entry: T, indent: string | undefined) => string,
  edits: Edit[],
): void {
  const last = items.at(-1) as Item;
  const first = items[0] as Item;
  const indent = lineIndent(text, last.start);
  const sameLine = !text.slice(first.start, node.end).includes("\n");
  const body = entries
    .map((entry) => render(entry, sameLine ? undefined : indent))
    .join(sameLine ? ", " : `,\n${indent}`);
  const trailing = last.hasComma ? "," : "";
  if (!last.hasComma) edits.push({ start: last.end, end: last.end, text: "," });
  if (sameLine) {
    edits.push({ start: last.end, end: last.end, text: ` ${body}${trailing}` });
    return;
  }
  // After whatever ends the last one's line (a comment about it stays with it).
  const newline = text.indexOf("\n", last.end);
  const restOfLine = newline < 0 ? "" : text.slice(last.end, newline);
  const at =
    newline >= 0 && newline < node.end && /^[ \t]*(\/\/.*)?$/.test(restOfLine) ? newline : last.end;
  edits.push({ start: at, end: at, text: `\n${indent}${body}${trailing}` });
}

function additions(
  text: string,
  node: Extract<Node, { kind: "object" }>,
  entries: [string, unknown][],
  json: boolean,
  edits: Edit[],
): void {
  const quoted = node.members.every((member) => member.quotedKey);
  const keyText = (key: string) => (!quoted && IDENTIFIER.test(key) ? key : JSON.stringify(key));
  const render = ([key, value]: [string, unknown], indent: string | undefined) =>
    `${keyText(key)}: ${valueText(value, json, indent)}`;
  appendItems(text, node, node.members, entries, render, edits);
}

/**
 * When the object's last member was cut out and the one now last has a comma the old last one
 * did not, that comma goes too: a trailing comma is JSON5, and a file kept as strict JSON (read
 * by other tools too) must stay JSON.
 */
function closeAfterRemovedLast(
  text: string,
  items: readonly Item[],
  kept: readonly Item[],
  edits: Edit[],
): void {
  const last = items.at(-1) as Item;
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

function diffObject(
  text: string,
  node: Extract<Node, { kind: "object" }>,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  json: boolean,
  edits: Edit[],
): void {
  // JSON5 keeps the last of a key written twice: that one is edited, earlier ones stay as written
  // (they had no effect and still have none), and a removed key goes everywhere it is written.
  const lastOf = new Map<string, Member>();
  for (const member of node.members) lastOf.set(member.key, member);
  const kept: Member[] = [];
  for (const member of node.members) {
    if (!Object.hasOwn(after, member.key)) {
      edits.push(removal(text, member));
      continue;
    }
    kept.push(member);
    if (lastOf.get(member.key) === member)
      diff(text, member.value, before[member.key], after[member.key], json, edits);
  }
  closeAfterRemovedLast(text, node.members, kept, edits);
  const added = Object.entries(after).filter(([key]) => !lastOf.has(key));
  if (added.length > 0) additions(text, node, added, json, edits);
}

/**
 * A list changed element by element: the elements both have in common are edited in place, and
 * either new ones are added at the end or a run of removed ones is cut out (with their lines).
 */
function diffArray(
  text: string,
  node: Extract<Node, { kind: "array" }>,
  before: unknown[],
  after: unknown[],
  json: boolean,
  edits: Edit[],
): void {
  const elements = node.elements;
  if (after.length >= before.length) {
    elements.forEach((element, index) => {
      diff(text, element.value, before[index], after[index], json, edits);
    });
    const added = after.slice(before.length);
    if (added.length > 0) {
      const render = (value: unknown, indent: string | undefined) => valueText(value, json, indent);
      appendItems(text, node, elements, added, render, edits);
    }
    return;
  }
  // Fewer: where the two first differ, a run of removed elements, if the rest then matches;
  // else the elements are compared in place and the extra ones at the end removed.
  const removed = before.length - after.length;
  let at = 0;
  while (at < after.length && sameValue(before[at], after[at])) at++;
  const run = after
    .slice(at)
    .every((value, index) => sameValue(value, before[at + removed + index]));
  const gone = run ? new Set(Array.from({ length: removed }, (_, index) => at + index)) : undefined;
  const kept: Item[] = [];
  elements.forEach((element, index) => {
    const cut = gone ? gone.has(index) : index >= after.length;
    if (cut) {
      edits.push(removal(text, element));
      return;
    }
    kept.push(element);
    if (!gone) diff(text, element.value, before[index], after[index], json, edits);
  });
  closeAfterRemovedLast(text, elements, kept, edits);
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
    diffObject(text, node, before, after, json, edits);
    return;
  }
  if (
    node.kind === "array" &&
    Array.isArray(before) &&
    Array.isArray(after) &&
    node.elements.length === before.length &&
    before.length > 0 &&
    after.length > 0
  ) {
    diffArray(text, node, before, after, json, edits);
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

/** A key written twice (or more) in one object: JSON5 keeps the last, the others have no effect. */
export interface DuplicateKey {
  /** The key's path (a list element by its index). */
  path: (string | number)[];
  /** The lines it is written on, in order (1-based). */
  lines: number[];
}

/** Every key written more than once in the same object of a JSON5 text; [] if it cannot be read. */
export function duplicateKeys(text: string): DuplicateKey[] {
  let root: Node;
  try {
    root = new SpanReader(text).document();
  } catch {
    return [];
  }
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  const out: DuplicateKey[] = [];
  const visit = (node: Node, path: (string | number)[]) => {
    if (node.kind === "array") {
      node.elements.forEach((element, index) => {
        visit(element.value, [...path, index]);
      });
      return;
    }
    if (node.kind !== "object") return;
    const byKey = new Map<string, Member[]>();
    for (const member of node.members) {
      const same = byKey.get(member.key);
      if (same) same.push(member);
      else byKey.set(member.key, [member]);
    }
    for (const [key, members] of byKey) {
      if (members.length > 1)
        out.push({ path: [...path, key], lines: members.map((member) => lineAt(member.start)) });
      // What follows is read from the one that takes effect.
      visit((members.at(-1) as Member).value, [...path, key]);
    }
  };
  visit(root, []);
  return out;
}
