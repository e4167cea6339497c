/**
 * Rewriting a JSON5 config so that it holds a new value while everything a person wrote around
 * the values — comments, blank lines, key order, quoting, trailing commas — stays as it was.
 * Only what changed is touched: a changed value is replaced where it stands, a removed key or
 * list element is cut out with its line and the comments about it, a new key is added at the
 * end of its object and a new element at the end of its list. What is added is written as the
 * file is: its indentation step, its line ending, a trailing comma where its blocks have one,
 * and on the line of an object written on one line. A key written twice (JSON5 keeps
 * the later one) is edited where it takes effect; the earlier one stays as written. The result
 * is parsed back and compared with the value asked for; when it differs (or the text is beyond
 * this reader), `undefined` tells the caller to write the value out whole instead. Pure.
 */
import JSON5 from "json5";
import { parseJson5Quietly } from "./json5-quiet.js";
import { type Item, type Member, type Node, SpanReader } from "./json5-spans.js";
import { lineIndex } from "./locate.js";

interface Edit {
  start: number;
  end: number;
  text: string;
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
 * How the file is laid out, so that inserted text looks like the text around it: its line
 * ending, its indentation step, whether the last entry of a block ends with a comma, and whether
 * every key is quoted (a JSON file, kept JSON).
 */
interface Style {
  newline: string;
  unit: string;
  trailingComma: boolean;
  json: boolean;
  /** The file writes its lists of plain values on one line (`input: ["text"]`). */
  scalarListsOnOneLine: boolean;
}

/** Whether an object or list is written on one line. */
function onOneLine(text: string, node: { start: number; end: number }): boolean {
  return !text.slice(node.start, node.end).includes("\n");
}

/** Whether `offset` is the first thing on its line (only blanks before it). */
function startsLine(text: string, offset: number): boolean {
  return BLANK.test(text.slice(lineStartOf(text, offset), offset));
}

/** Every object and list in the document, outermost first. */
function containers(node: Node): Exclude<Node, { kind: "scalar" }>[] {
  if (node.kind === "scalar") return [];
  const items: readonly Item[] = node.kind === "object" ? node.members : node.elements;
  return [node, ...items.flatMap((item) => containers(item.value))];
}

/** The most frequent of `values`, or undefined when there are none. */
function mostFrequent(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts)
    if (best === undefined || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

/**
 * The file's style, read from how it is written. With nothing to go by (no entry on a line of
 * its own) it is what a fresh file gets: two spaces, and trailing commas in JSON5 only.
 */
function fileStyle(text: string, root: Node): Style {
  const json = allKeysQuoted(root);
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1;
  const steps: string[] = [];
  let withComma = 0;
  let withoutComma = 0;
  let scalarListsInline = 0;
  let scalarListsInBlocks = 0;
  for (const node of containers(root)) {
    if (
      node.kind === "array" &&
      node.elements.length > 0 &&
      node.elements.every((element) => element.value.kind === "scalar")
    ) {
      if (onOneLine(text, node)) scalarListsInline++;
      else scalarListsInBlocks++;
    }
    const items: readonly Item[] = node.kind === "object" ? node.members : node.elements;
    const outer = lineIndent(text, node.start);
    for (const item of items) {
      if (!startsLine(text, item.start)) continue;
      const inner = lineIndent(text, item.start);
      if (inner.length > outer.length && inner.startsWith(outer))
        steps.push(inner.slice(outer.length));
    }
    const last = items.at(-1);
    // Only a block whose closing bracket is on a later line says how the file ends one.
    if (last !== undefined && text.slice(last.value.end, node.end - 1).includes("\n")) {
      if (last.hasComma) withComma++;
      else withoutComma++;
    }
  }
  const unit = mostFrequent(steps) ?? (/^\t/m.test(text) ? "\t" : "  ");
  return {
    newline: crlf * 2 > lf ? "\r\n" : "\n",
    unit,
    trailingComma: withComma === withoutComma ? !json : withComma > withoutComma,
    json,
    scalarListsOnOneLine: scalarListsInline > scalarListsInBlocks,
  };
}

/**
 * `value` written as the file writes: JSON when every key in the file is quoted, else JSON5 with
 * bare keys; in blocks (later lines indented to sit at `indent`, one step deeper inside) or on
 * one line, `{ key: value }` as a person writes it.
 */
function valueText(value: unknown, style: Style, indent: string | undefined): string {
  const inner = indent === undefined ? undefined : indent + style.unit;
  const block = (open: string, entries: string[], close: string): string => {
    if (entries.length === 0) return open + close;
    if (inner === undefined) {
      const pad = open === "{" ? " " : "";
      return `${open}${pad}${entries.join(", ")}${pad}${close}`;
    }
    const comma = style.trailingComma ? "," : "";
    const nl = style.newline;
    return `${open}${nl}${inner}${entries.join(`,${nl}${inner}`)}${comma}${nl}${indent}${close}`;
  };
  if (Array.isArray(value)) {
    // A list of plain values goes on one line in a file that writes them so (as the docs'
    // `input: ["text"]`), not item by item under a model the file wrote compactly.
    const plain = value.every((item) => item === null || typeof item !== "object");
    if (plain && style.scalarListsOnOneLine)
      return `[${value.map((item) => valueText(item ?? null, style, undefined)).join(", ")}]`;
    return block(
      "[",
      value.map((item) => valueText(item ?? null, style, inner)),
      "]",
    );
  }
  if (isPlainObject(value)) {
    const keyText = (key: string) =>
      !style.json && IDENTIFIER.test(key) ? key : JSON.stringify(key);
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return block(
      "{",
      entries.map(([key, item]) => `${keyText(key)}: ${valueText(item, style, inner)}`),
      "}",
    );
  }
  return style.json ? JSON.stringify(value) : JSON5.stringify(value, { quote: '"' });
}

/** Whether every key in the document is quoted (a JSON file, kept JSON). */
function allKeysQuoted(node: Node): boolean {
  return node.kind !== "object"
    ? true
    : node.members.every((member) => member.quotedKey && allKeysQuoted(member.value));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The comments in `text` from `start` to `end`, where there is nothing but blanks and comments. */
function commentsBetween(
  text: string,
  start: number,
  end: number,
): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let at = start;
  while (at < end) {
    if (text.startsWith("//", at)) {
      const newline = text.indexOf("\n", at);
      const close = newline < 0 || newline > end ? end : newline;
      out.push({ start: at, end: close });
      at = close;
    } else if (text.startsWith("/*", at)) {
      const close = text.indexOf("*/", at + 2);
      if (close < 0) return out;
      out.push({ start: at, end: close + 2 });
      at = close + 2;
    } else at++;
  }
  return out;
}

const BLANK = /^[ \t\r]*$/;

/** Where the line holding `offset` starts. */
function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Where the line holding `offset` ends (its newline, or the end of the text). */
function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline < 0 ? text.length : newline;
}

/**
 * The comments written before `item` that are about it, which go when it goes: the ones right
 * before it on its line (`"a", /* thinking *\/ "b"`) and the ones on their own lines directly
 * above it (no blank line between). A comment that ends the previous entry's line is that
 * entry's. A comment ending the line of a list's `[` labels the element on the next line (a list
 * element has no key to name it); one ending an object's `{` line is about the object and stays.
 * `gapStart` is where the previous entry (with its comma) or the opening bracket ends;
 * `listStart` says it is a list's `[`.
 */
function ownComments(
  text: string,
  item: Item,
  gapStart: number,
  listStart: boolean,
): { inline: number | undefined; above: number | undefined; bracketLine: number | undefined } {
  const comments = commentsBetween(text, gapStart, item.start);
  let inline: number | undefined;
  let above: number | undefined;
  let bracketLine: number | undefined;
  let cursor = item.start;
  for (let index = comments.length - 1; index >= 0; index--) {
    const comment = comments[index] as { start: number; end: number };
    const newlines = text.slice(comment.end, cursor).split("\n").length - 1;
    if (newlines > 1) break; // a blank line: a heading of what follows, not about this entry
    const ownLine = BLANK.test(text.slice(lineStartOf(text, comment.start), comment.start));
    const startsGap = lineStartOf(text, comment.start) <= gapStart;
    if (newlines === 0 && above === undefined) inline = comment.start;
    else if (ownLine && !startsGap) above = comment.start;
    else if (newlines === 0 && ownLine) above = comment.start;
    else if (listStart && startsGap) {
      bracketLine = comment.start;
      break;
    } else break;
    cursor = comment.start;
  }
  return { inline, above, bracketLine };
}

/**
 * Cuts a member or element out, with its line when it has one to itself, the comments written
 * before it that are about it (see ownComments), and a comment that ends its line.
 */
function removal(text: string, item: Item, gapStart: number, listStart: boolean): Edit[] {
  const { inline, above, bracketLine } = ownComments(text, item, gapStart, listStart);
  const start = inline ?? item.start;
  const lineStart = lineStartOf(text, start);
  const lineEnd = lineEndOf(text, item.end);
  const before = text.slice(lineStart, start);
  const after = text.slice(item.end, lineEnd);
  const edits: Edit[] = [];
  if (bracketLine !== undefined) {
    const blanks = /[ \t]*$/.exec(text.slice(0, bracketLine))?.[0].length ?? 0;
    edits.push({ start: bracketLine - blanks, end: lineEndOf(text, bracketLine), text: "" });
  }
  // Comments on their own lines above it: those lines, up to its own.
  if (above !== undefined)
    edits.push({ start: lineStartOf(text, above), end: lineStart, text: "" });
  const spacesAfter = /^[ \t]*/.exec(after)?.[0].length ?? 0;
  if (BLANK.test(before) && /^[ \t\r]*(\/\/[^\n]*|\/\*.*?\*\/[ \t\r]*)?$/.test(after)) {
    // A line (or lines) of its own, a comment ending it included (`// …`, its `\r` too in a
    // file written on Windows, or `/* … */`).
    edits.push({ start: lineStart, end: lineEnd < text.length ? lineEnd + 1 : lineEnd, text: "" });
  } else if (BLANK.test(before)) {
    // Others follow on its line: they move to where it started.
    edits.push({ start, end: item.end + spacesAfter, text: "" });
  } else if (BLANK.test(after)) {
    // It ended a line others start: the blanks before it go too.
    const blanks = /[ \t]*$/.exec(before)?.[0].length ?? 0;
    edits.push({ start: start - blanks, end: item.end, text: "" });
  } else {
    // Before the bracket that closes its object or list (`{ a: 1, b: 2 }`), the space stays.
    const closes = /^[}\]]/.test(after.slice(spacesAfter));
    edits.push({ start, end: closes ? item.end : item.end + spacesAfter, text: "" });
  }
  return edits;
}

/**
 * The indentation of an entry added to an object or list on lines of their own: that of the last
 * entry that starts a line; with none (`{ a: 1, // …` then `}`), one step inside the line of its
 * closing bracket, or of its opening one when the bracket ends a line (`b: 2 } }`).
 */
function entryIndent(
  text: string,
  node: { start: number; end: number },
  items: readonly Item[],
  style: Style,
): string {
  const onOwnLine = items.findLast((item) => startsLine(text, item.start));
  if (onOwnLine !== undefined) return lineIndent(text, onOwnLine.start);
  const close = node.end - 1;
  return lineIndent(text, startsLine(text, close) ? close : node.start) + style.unit;
}

/**
 * Adds members (or elements) at the end of an object (or list) that has some, in the style of its
 * last one: on their own lines (after a comment that ends the last one's line) or on the same
 * line, with a trailing comma only if the last one had one. `render` writes one entry, given the
 * indentation of later lines (undefined: all on one line).
 */
function appendItems<T>(
  text: string,
  node: { start: number; end: number },
  items: readonly Item[],
  entries: readonly T[],
  render: (entry: T, indent: string | undefined) => string,
  style: Style,
  edits: Edit[],
): void {
  const last = items.at(-1) as Item;
  const first = items[0] as Item;
  const indent = entryIndent(text, node, items, style);
  const sameLine = !text.slice(first.start, node.end).includes("\n");
  const body = entries
    .map((entry) => render(entry, sameLine ? undefined : indent))
    .join(sameLine ? ", " : `,${style.newline}${indent}`);
  const trailing = last.hasComma ? "," : "";
  if (!last.hasComma) edits.push({ start: last.end, end: last.end, text: "," });
  if (sameLine) {
    edits.push({ start: last.end, end: last.end, text: ` ${body}${trailing}` });
    return;
  }
  // After whatever ends the last one's line (a comment about it stays with it), before its line
  // break (`\r\n` in a file written on Windows).
  const newline = text.indexOf("\n", last.end);
  const lineBreak = newline > 0 && text[newline - 1] === "\r" ? newline - 1 : newline;
  const restOfLine = newline < 0 ? "" : text.slice(last.end, lineBreak);
  const at =
    newline >= 0 && newline < node.end && /^[ \t]*(\/\/.*)?$/.test(restOfLine)
      ? Math.max(lineBreak, last.end)
      : last.end;
  edits.push({ start: at, end: at, text: `${style.newline}${indent}${body}${trailing}` });
}

/**
 * Fills an object (or list) written empty (`{}`, `{  }`, `{ /* none *\/ }`), the comments in it
 * kept before what is added: on its line when it sits in an object or list written on one line
 * (`{ /* none *\/ key: "v" }`), else as a block with the entries on lines of their own.
 */
function fillEmpty<T>(
  text: string,
  node: { kind: "object" | "array"; start: number; end: number },
  entries: readonly T[],
  render: (entry: T, indent: string | undefined) => string,
  style: Style,
  inOneLine: boolean,
  edits: Edit[],
): void {
  const open = node.start + 1;
  const close = node.end - 1;
  const comments = commentsBetween(text, open, close);
  const first = comments[0];
  // After the last comment (a `//` one without the `\r` of its line break).
  const kept =
    first === undefined
      ? open
      : open + text.slice(open, (comments.at(-1) as { end: number }).end).trimEnd().length;
  if (inOneLine && !text.slice(open, close).includes("\n")) {
    const body = entries.map((entry) => render(entry, undefined)).join(", ");
    const pad = node.kind === "object" || close > open ? " " : "";
    const before = first === undefined ? "" : `${text.slice(first.start, kept)} `;
    edits.push({ start: open, end: close, text: `${pad}${before}${body}${pad}` });
    return;
  }
  const outer = lineIndent(text, startsLine(text, close) ? close : node.start);
  const ownLine = comments.find((comment) => startsLine(text, comment.start));
  const indent = ownLine === undefined ? outer + style.unit : lineIndent(text, ownLine.start);
  const nl = style.newline;
  const body = entries.map((entry) => render(entry, indent)).join(`,${nl}${indent}`);
  const trailing = style.trailingComma ? "," : "";
  edits.push({ start: kept, end: close, text: `${nl}${indent}${body}${trailing}${nl}${outer}` });
}

function additions(
  text: string,
  node: Extract<Node, { kind: "object" }>,
  entries: [string, unknown][],
  style: Style,
  edits: Edit[],
): void {
  const quoted = node.members.every((member) => member.quotedKey);
  const keyText = (key: string) => (!quoted && IDENTIFIER.test(key) ? key : JSON.stringify(key));
  const render = ([key, value]: [string, unknown], indent: string | undefined) =>
    `${keyText(key)}: ${valueText(value, style, indent)}`;
  appendItems(text, node, node.members, entries, render, style, edits);
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
  style: Style,
  edits: Edit[],
): void {
  // JSON5 keeps the last of a key written twice: that one is edited, earlier ones stay as written
  // (they had no effect and still have none), and a removed key goes everywhere it is written.
  const lastOf = new Map<string, Member>();
  for (const member of node.members) lastOf.set(member.key, member);
  const kept: Member[] = [];
  const oneLine = onOneLine(text, node);
  node.members.forEach((member, index) => {
    if (!Object.hasOwn(after, member.key)) {
      const gapStart = index === 0 ? node.start + 1 : (node.members[index - 1] as Member).end;
      edits.push(...removal(text, member, gapStart, false));
      return;
    }
    kept.push(member);
    if (lastOf.get(member.key) === member)
      diff(text, member.value, before[member.key], after[member.key], style, oneLine, edits);
  });
  closeAfterRemovedLast(text, node.members, kept, edits);
  const added = Object.entries(after).filter(([key]) => !lastOf.has(key));
  if (added.length > 0) additions(text, node, added, style, edits);
}

/**
 * The indexes of `before` to cut so that what is left is `after`, when `after` is `before` with
 * elements taken out (kept ones in the same order); undefined when it is not.
 */
function removedBetween(before: unknown[], after: unknown[]): Set<number> | undefined {
  const cut = new Set<number>();
  let next = 0;
  before.forEach((value, index) => {
    if (next < after.length && sameValue(value, after[next])) next++;
    else cut.add(index);
  });
  return next === after.length ? cut : undefined;
}

/**
 * A list changed element by element: the elements both have in common are edited in place, and
 * either new ones are added at the end or removed ones are cut out (with their lines).
 */
function diffArray(
  text: string,
  node: Extract<Node, { kind: "array" }>,
  before: unknown[],
  after: unknown[],
  style: Style,
  edits: Edit[],
): void {
  const elements = node.elements;
  const oneLine = onOneLine(text, node);
  if (after.length >= before.length) {
    elements.forEach((element, index) => {
      diff(text, element.value, before[index], after[index], style, oneLine, edits);
    });
    const added = after.slice(before.length);
    if (added.length > 0) {
      const render = (value: unknown, indent: string | undefined) =>
        valueText(value, style, indent);
      appendItems(text, node, elements, added, render, style, edits);
    }
    return;
  }
  // Fewer: where the two first differ, a run of removed elements, if the rest then matches; else
  // the elements kept in order with others taken from between them (a prune of several entries);
  // else the elements are compared in place and the extra ones at the end removed.
  const removed = before.length - after.length;
  let at = 0;
  while (at < after.length && sameValue(before[at], after[at])) at++;
  const run = after
    .slice(at)
    .every((value, index) => sameValue(value, before[at + removed + index]));
  const gone = run
    ? new Set(Array.from({ length: removed }, (_, index) => at + index))
    : removedBetween(before, after);
  const kept: Item[] = [];
  elements.forEach((element, index) => {
    const cut = gone ? gone.has(index) : index >= after.length;
    if (cut) {
      const gapStart = index === 0 ? node.start + 1 : (elements[index - 1] as Item).end;
      edits.push(...removal(text, element, gapStart, index === 0));
      return;
    }
    kept.push(element);
    if (!gone) diff(text, element.value, before[index], after[index], style, oneLine, edits);
  });
  closeAfterRemovedLast(text, elements, kept, edits);
}

/**
 * The edits that make `node` (holding `before`) hold `after`. `inOneLine`: it sits in an object
 * or list written on one line, so a value written anew stays on that line.
 */
function diff(
  text: string,
  node: Node,
  before: unknown,
  after: unknown,
  style: Style,
  inOneLine: boolean,
  edits: Edit[],
): void {
  if (sameValue(before, after)) return;
  // An object none of whose members stays, with others in their place, is written anew below:
  // the new members would go after the last old one, whose removal takes that very place.
  if (
    node.kind === "object" &&
    node.members.length > 0 &&
    isPlainObject(before) &&
    isPlainObject(after) &&
    (Object.keys(after).length === 0 ||
      node.members.some((member) => Object.hasOwn(after, member.key)))
  ) {
    diffObject(text, node, before, after, style, edits);
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
    diffArray(text, node, before, after, style, edits);
    return;
  }
  if (node.kind === "object" && node.members.length === 0 && isPlainObject(after)) {
    const render = ([key, value]: [string, unknown], indent: string | undefined) =>
      `${style.json || !IDENTIFIER.test(key) ? JSON.stringify(key) : key}: ${valueText(value, style, indent)}`;
    const entries = Object.entries(after).filter(([, value]) => value !== undefined);
    fillEmpty(text, node, entries, render, style, inOneLine, edits);
    return;
  }
  if (node.kind === "array" && node.elements.length === 0 && Array.isArray(after)) {
    const render = (value: unknown, indent: string | undefined) =>
      valueText(value ?? null, style, indent);
    fillEmpty(text, node, after, render, style, inOneLine, edits);
    return;
  }
  edits.push({
    start: node.start,
    end: node.end,
    text: valueText(after, style, inOneLine ? undefined : lineIndent(text, node.start)),
  });
}

/**
 * Cuts (edits that only remove text) that overlap made one: removing neighbours of a list, or a
 * comma and the element after it, may each take the blanks between them. A line the cuts leave
 * blank goes whole.
 */
function mergeCuts(text: string, edits: readonly Edit[]): Edit[] {
  const isCut = (edit: Edit) => edit.text === "" && edit.end > edit.start;
  const cuts = edits.filter(isCut).sort((a, b) => a.start - b.start);
  const merged: Edit[] = [];
  for (const cut of cuts) {
    const last = merged.at(-1);
    if (last && cut.start < last.end) last.end = Math.max(last.end, cut.end);
    else merged.push({ ...cut });
  }
  for (const cut of merged) {
    const lineStart = lineStartOf(text, cut.start);
    const lineEnd = lineEndOf(text, cut.end);
    if (
      lineEnd < text.length &&
      text[cut.end - 1] !== "\n" &&
      BLANK.test(text.slice(lineStart, cut.start)) &&
      BLANK.test(text.slice(cut.end, lineEnd))
    ) {
      cut.start = lineStart;
      cut.end = lineEnd + 1;
    }
  }
  return [...edits.filter((edit) => !isCut(edit)), ...merged];
}

/**
 * `text` (a JSON5 document holding `before`) changed to hold `after`, keeping its comments and
 * layout; undefined when that cannot be done safely (the caller writes `after` out whole).
 */
export function rewriteJson5(text: string, before: unknown, after: unknown): string | undefined {
  try {
    const root = new SpanReader(text).document();
    const edits: Edit[] = [];
    diff(text, root, before, after, fileStyle(text, root), false, edits);
    // From the end backwards, so earlier offsets stay true; insertions at one place keep their
    // order (a comma before the members that follow it).
    const ordered = mergeCuts(text, edits).map((edit, index) => ({ edit, index }));
    ordered.sort((a, b) => b.edit.start - a.edit.start || b.index - a.index);
    let out = text;
    let floor = Number.POSITIVE_INFINITY;
    for (const { edit } of ordered) {
      if (edit.end > floor) return undefined; // overlapping edits: not this reader's case
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      floor = edit.start;
    }
    return sameValue(parseJson5Quietly(out), after) ? out : undefined;
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

/**
 * Every key written more than once in the same object of a JSON5 text; [] if it cannot be read.
 * `topLevelOnly`: only the root object's own keys, its values passed over unread (far cheaper on
 * a big config).
 */
export function duplicateKeys(text: string, topLevelOnly = false): DuplicateKey[] {
  let root: Node;
  try {
    root = new SpanReader(text, topLevelOnly).document();
  } catch {
    return [];
  }
  // Lines are counted only once a key written twice is found: most configs have none.
  let lineAt: ((offset: number) => number) | undefined;
  const out: DuplicateKey[] = [];
  // One path, grown and shrunk on the way down and up; copied only into a finding.
  const path: (string | number)[] = [];
  const visit = (node: Node) => {
    if (node.kind === "array") {
      node.elements.forEach((element, index) => {
        path.push(index);
        visit(element.value);
        path.pop();
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
      path.push(key);
      if (members.length > 1) {
        lineAt ??= lineIndex(text);
        const at = lineAt;
        out.push({ path: [...path], lines: members.map((member) => at(member.start)) });
      }
      // What follows is read from the one that takes effect.
      visit((members.at(-1) as Member).value);
      path.pop();
    }
  };
  visit(root);
  return out;
}
