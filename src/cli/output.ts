/**
 * Terminal output helpers: colour only on a TTY and never with NO_COLOR, tables that fit the
 * terminal, a spinner that only draws on a TTY, and error printing without stack traces.
 */

import { constants as osConstants } from "node:os";
import { isOpenClawError } from "../errors.js";
import { displayUrl } from "../util/display-url.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";
import { forTerminal, unicodeEscape } from "../util/printable.js";
import { cutToWidth, displayWidth, eastAsianBreaks } from "./display-width.js";
import { continuedExampleLines } from "./example-lines.js";
import { firstRowGoesUnder, shiftsToFit } from "./shifts-to-fit.js";

type Stream = NodeJS.WriteStream;

/**
 * Colour on a terminal, never with NO_COLOR set to anything but the empty string (as no-color.org
 * defines it: `NO_COLOR=` alone turns nothing off). FORCE_COLOR, as Node and most tools read it:
 * `0` or `false` turns colour off even on a terminal; any other value (`1`, `2`, `3`, `true`,
 * empty) turns it on even in a pipe. NO_COLOR wins over both.
 */
export function colorEnabled(stream: Stream = process.stdout): boolean {
  if (process.env.NO_COLOR) return false;
  const forced = process.env.FORCE_COLOR;
  if (forced !== undefined) return forced !== "0" && forced.toLowerCase() !== "false";
  return Boolean(stream.isTTY) && process.env.TERM !== "dumb";
}

function wrap(open: number, close: number) {
  return (text: string, stream: Stream = process.stdout): string =>
    colorEnabled(stream) ? `\u001b[${open}m${text}\u001b[${close}m` : text;
}

export const style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

/** The cells text takes on a terminal (wide CJK and emoji count two, marks none). */
export const visibleWidth = displayWidth;

function truncate(text: string, width: number): string {
  return cutToWidth(text, width);
}

/**
 * Width to fit: the terminal's on a TTY, else $COLUMNS, else unlimited (piped output is for
 * grep and scripts, so it is never cut).
 */
export function terminalWidth(stream: Stream = process.stdout): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnv = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Number.POSITIVE_INFINITY;
}

/** Words that end a command quoted in prose (`… --add to see them`), not arguments of it. */
const AFTER_COMMAND = new Set([
  "and",
  "or",
  "then",
  "to",
  "the",
  "when",
  "if",
  "for",
  "with",
  "in",
  "on",
  "so",
  "but",
  "which",
  "that",
  "—",
  "–",
  "-",
  // The verb of a sentence the command is the subject of (`(openclaw config get
  // gateway.auth.token --reveal prints it again)`, `openclaw agent -m "go on" --session-id <id>
  // continues it`): not an argument, as no subcommand is named so. Wrapped over lines with ` \`,
  // a verb taken into the command would be pasted into the shell as one more argument.
  "adds",
  "can",
  "checks",
  "continues",
  "counts",
  "creates",
  "does",
  "gives",
  "leaves",
  "lists",
  "makes",
  "once",
  "prints",
  "puts",
  "reads",
  "removes",
  "says",
  "shows",
  "stores",
  "tells",
  "writes",
  "would",
]);

/** A word that is a number, and one that is a unit of time after it (with a `,` or `;` of the prose). */
const NUMBER = /^[(]?\d[\d,.]*$/;
const TIME_UNIT = /^(?:d|h|min|s|ms)[,;:.)…]*$/;

/** A word of wordsKeepingCommands that is a command quoted in the prose. */
const QUOTED_COMMAND = /^[`(]?(?:[A-Z][A-Z0-9_]*=\S+ )*openclaw /;

/** Whether `text` starts with an `openclaw` command (with the variables it is run with). */
export function startsWithCommand(text: string): boolean {
  return QUOTED_COMMAND.test(text);
}

/** A variable set for the command after it (`OPENCLAW_CONFIG_PATH=/srv/gw.json openclaw …`). */
const ENV_ASSIGNMENT = /^[A-Z][A-Z0-9_]*=\S+$/;

/**
 * How many words from `at` are variables set for an `openclaw` that follows them (0: none, or
 * they set nothing for a command), and the opener the first one has (`` ` `` or `(`).
 */
function envPrefixOf(words: readonly string[], at: number): { count: number; opener: string } {
  const opener = /^[`(]/.exec(words[at] ?? "")?.[0] ?? "";
  let next = at;
  while (ENV_ASSIGNMENT.test((words[next] ?? "").slice(next === at ? opener.length : 0))) next++;
  return next > at && words[next] === "openclaw"
    ? { count: next - at, opener }
    : { count: 0, opener };
}

/**
 * The words of a paragraph, with a command quoted in it (`openclaw models scan --provider
 * moonshot --add`) as one word, so that wrapping never splits it inside an argument: it goes on
 * the next line whole, and one wider than the line goes on at its arguments with ` \` (see
 * wrapText), to be copied as one command. A command runs from
 * `openclaw` to the word that ends a clause (`…--add;`, `…k2.5)`), to a quote's end (a quoted
 * argument's spaces are the command's), or up to a word that is prose again (`to`, `or`, `(the`).
 */
function wordsKeepingCommands(paragraph: string): string[] {
  const words = paragraph.split(" ");
  const out: string[] = [];
  for (let at = 0; at < words.length; at++) {
    // A number and its unit of time (`5 d`, `23 h`, `40 min`) stay on one line: `in 5` at a
    // line's end and `d 23 h` under it, or a `5 h` window cut to `5` and `h 95 of 100 left`,
    // read as other words.
    if (NUMBER.test(words[at] ?? "") && TIME_UNIT.test(words[at + 1] ?? "")) {
      out.push(`${words[at]} ${words[at + 1]}`);
      at++;
      continue;
    }
    // The variables a command is run with are part of it: a line break after one would set it
    // in the shell and run the command without it.
    const prefix = envPrefixOf(words, at);
    const start = at;
    at += prefix.count;
    const word = words[at] ?? "";
    // `openclaw …` in backticks or in brackets (`(openclaw chat < lines.txt)`) runs to the closer.
    const opener = prefix.count > 0 ? prefix.opener : /^([`(]?)openclaw$/.exec(word)?.[1];
    if (opener === undefined) {
      out.push(word);
      continue;
    }
    const closer = opener === "(" ? ")" : opener;
    let command = words.slice(start, at + 1).join(" ");
    let quote: string | undefined;
    while (at + 1 < words.length) {
      const next = words[at + 1] ?? "";
      if (quote === undefined) {
        if (next === "" || AFTER_COMMAND.has(next)) break;
        if (next.startsWith("(") && closer === "") break;
        // An argument in quotes may hold spaces: it runs to its closing quote, which may have
        // the prose's punctuation after it (`remove "Deep", then: …`).
        const opening = /^['"]/.exec(next)?.[0];
        if (opening && next.indexOf(opening, 1) < 0) quote = opening;
      } else if (next.includes(quote)) quote = undefined;
      command += ` ${next}`;
      at++;
      if (quote !== undefined) continue;
      if (closer !== "" ? next.includes(closer) : /[;,:.)`]$/.test(next)) break;
    }
    out.push(command);
  }
  return out;
}

/**
 * Prose wrapped to `width` cells at spaces (a word longer than the width stays whole on its own
 * line; an `openclaw …` command in it counts as one word, and one wider than the width goes on
 * over more lines at argument boundaries, continued with ` \` as examples are, so that it is
 * still copied as one command). Line breaks already in the text are kept. No line it breaks
 * ends in a space. `taken`: cells of the first line already used (a label written before the
 * text), so that line holds fewer words; its first word stays beside them all the same.
 */
export function wrapText(text: string, width: number, taken = 0): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split("\n")
    .map((paragraph, paragraphIndex) => {
      const lines: string[] = [];
      let line = "";
      const limit = () => (paragraphIndex === 0 && lines.length === 0 ? width - taken : width);
      for (const word of wordsKeepingCommands(paragraph)) {
        const commandLines =
          QUOTED_COMMAND.test(word) && visibleWidth(word) > width
            ? continuedExampleLines(word, width)
            : [word];
        if (commandLines.length > 1) {
          // Lines of its own: prose after its last argument would read as one more.
          if (line !== "") lines.push(line.trimEnd());
          lines.push(...commandLines);
          line = "";
          continue;
        }
        // Chinese or Japanese prose too wide for a line is broken between its characters; a
        // path, a URL or a command stays whole, to be copied.
        const pieces =
          visibleWidth(word) > width && !/[\s/\\`]/.test(word) ? eastAsianBreaks(word) : [word];
        pieces.forEach((piece, index) => {
          const joint = index === 0 ? " " : "";
          if (line !== "" && visibleWidth(`${line}${joint}${piece}`) > limit()) {
            // Words set apart by several spaces leave empty words, joined as spaces: a line
            // that ends there would end in them.
            lines.push(line.trimEnd());
            line = piece;
          } else line = line === "" ? piece : `${line}${joint}${piece}`;
        });
      }
      // A command on lines of its own may have ended the paragraph: no empty line after it.
      if (line !== "" || lines.length === 0) lines.push(line);
      return lines.join("\n");
    })
    .join("\n");
}

/**
 * An indented line (an example) as written when it fits; else a `# comment` after the command
 * goes under it, and a command still too wide goes on over more lines at argument boundaries,
 * continued with ` \` (see continuedExampleLines): never broken inside a word, to be copied.
 */
function exampleLines(line: string, width: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  // A comment line of its own is words to read, not a command: wrapped elsewhere or left as is.
  if (line.trimStart().startsWith("#")) return [line];
  const comment = line.indexOf("  # ");
  if (comment < 0) return continuedExampleLines(line, width);
  const indent = `${/^\s*/.exec(line)?.[0] ?? ""}    # `;
  const words = wrapText(line.slice(comment + 4), Math.max(10, width - visibleWidth(indent)));
  return [
    ...continuedExampleLines(line.slice(0, comment).trimEnd(), width),
    ...words.split("\n").map((part) => indent + part),
  ];
}

/**
 * A row of a two-column table in help text (`  /think [level]   set thinking`): indented, a term,
 * two spaces or more, a description. Not an example's `# comment`, whatever its own text holds:
 * the term stops short of a `  #` (a comment such as `# 12:00:01  200  moonshot/…` has gaps of
 * two spaces, which would otherwise end a term inside it).
 */
const HELP_TABLE_ROW = /^( +)(\S(?:(?! {2}#).)*?)( {2,})([^\s#].*)$/;

/** The fewest cells a help table's description is wrapped to beside its term; else under it. */
const MIN_DESCRIPTION_WIDTH = 24;

/** Where a help table's description goes when there is no room for it beside its term. */
const STACKED_INDENT = "      ";

interface HelpTableRow {
  indent: string;
  term: string;
  /** The description's words, its lines written under it joined. */
  description: string;
}

/**
 * A table of terms and descriptions (tags, chat commands) made to fit `width`, as commander lays
 * out the options: as written when every line fits; else each description wrapped in its column;
 * too narrow for that, each under its term, indented, as the options are then.
 */
function tableLines(rows: readonly HelpTableRow[], column: number, width: number): string[] {
  if (width - column >= MIN_DESCRIPTION_WIDTH) {
    const under = " ".repeat(column);
    return rows.flatMap((row) =>
      wrapText(row.description, width - column)
        .split("\n")
        .map((part, index) =>
          index === 0 ? `${row.indent}${row.term}`.padEnd(column) + part : under + part,
        ),
    );
  }
  const room = Math.max(20, width - STACKED_INDENT.length);
  return rows.flatMap((row) => [
    `${row.indent}${row.term}`,
    ...wrapText(row.description, room)
      .split("\n")
      .map((part) => `${STACKED_INDENT}${part}`),
  ]);
}

/**
 * Help text after the options (examples, notes) made to fit `width`: a paragraph of prose (lines
 * that do not start with a space) with a line too wide is wrapped again; a two-column table with
 * a line too wide is laid out again (see tableLines); examples and what fits are left as
 * written, but for the comment of an example too wide (see exampleLines).
 */
export function reflowProse(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  const out: string[] = [];
  let paragraph: string[] = [];
  let table: { rows: HelpTableRow[]; column: number; written: string[] } | undefined;
  const flush = () => {
    if (paragraph.length > 0) {
      const fits = paragraph.every((line) => visibleWidth(line) <= width);
      out.push(fits ? paragraph.join("\n") : wrapText(paragraph.join(" "), width));
      paragraph = [];
    }
    if (table) {
      const fits = table.written.every((line) => visibleWidth(line) <= width);
      out.push(...(fits ? table.written : tableLines(table.rows, table.column, width)));
      table = undefined;
    }
  };
  for (const line of text.split("\n")) {
    const row = HELP_TABLE_ROW.exec(line);
    const lead = /^ */.exec(line)?.[0].length ?? 0;
    const last = table?.rows.at(-1);
    if (table && last && line.trim() !== "" && lead === table.column) {
      // A description's further line, written under it.
      last.description += ` ${line.trim()}`;
      table.written.push(line);
    } else if (row) {
      const [, indent = "", term = "", gap = "", description = ""] = row;
      const column = indent.length + term.length + gap.length;
      if (table && table.column !== column) flush();
      if (paragraph.length > 0) flush();
      table ??= { rows: [], column, written: [] };
      table.rows.push({ indent, term, description });
      table.written.push(line);
    } else if (line.trim() === "" || /^\s/.test(line)) {
      flush();
      out.push(...exampleLines(line, width));
    } else {
      if (table) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out.join("\n");
}

export interface TableOptions {
  /** Width to fit; defaults to terminalWidth(). */
  width?: number;
  /**
   * The column that may be cut when the table is too wide (free text such as tags); no other
   * column is, since a cut model name or number is useless.
   */
  shrinkColumn?: number;
  /**
   * The column of free text (tags, notes) that wraps onto more lines when the table is too wide,
   * so that none of it is lost: broken after a comma first, then at spaces, a word wider than the
   * column last. Instead of `shrinkColumn`.
   */
  wrapColumn?: number;
  /**
   * Columns that may be left out when the table is too wide even with the `shrinkColumn` cut to
   * a readable width, the first listed going first. A line under the table names them.
   */
  optionalColumns?: number[];
  /** Said after the names of the columns left out, e.g. "--json has every column". */
  omittedHint?: string;
  /**
   * An optional column whose value is wanted whole however narrow the terminal (a failure's trace
   * id): left out of the table, it goes on a line of its own under each row that has one,
   * `label value`, under the second column, and is not named among the columns left out.
   */
  goesUnder?: { column: number; label: string };
}

/** Narrowest a cut column gets. */
const MIN_CUT_WIDTH = 8;
/** A cut column is kept this wide (when it is that wide) before optional columns are left out. */
const READABLE_CUT_WIDTH = 24;
const GAP = 2;

/**
 * Renders rows as an aligned table that fits the terminal width: the optional columns are left
 * out (while the `shrinkColumn` would have to be cut below a readable width), then the
 * `shrinkColumn` is cut; when the table still does not fit, each row is shown as a block of
 * `Header  value` lines instead, so nothing else has to be cut.
 */
export function renderTable(
  headers: string[],
  writtenRows: string[][],
  options: TableOptions = {},
): string {
  const maxWidth = options.width ?? terminalWidth();
  // A table is written through writeShown, which masks a key-shaped name (an alias written as a
  // key, `sk-kimi-***`): its columns are measured as they are printed, not as the config has them.
  const rows = writtenRows.map((row) => row.map((cell) => maskKeyShapedNames(cell)));
  const natural = headers.map((header, column) =>
    Math.max(visibleWidth(header), ...rows.map((row) => visibleWidth(row[column] ?? ""))),
  );
  const wrapped = options.wrapColumn;
  // A wrapped column is narrowed as a cut one is; its rows then take more lines instead of an ….
  const cut = wrapped ?? options.shrinkColumn;
  const total = (columns: number[], cutWidth?: number) =>
    columns.reduce(
      (sum, column) =>
        sum + (column === cut && cutWidth !== undefined ? cutWidth : (natural[column] ?? 0)),
      0,
    ) +
    GAP * (columns.length - 1);
  let shown = headers.map((_header, column) => column);
  const omitted: number[] = [];
  const readable = cut === undefined ? undefined : Math.min(natural[cut] ?? 0, READABLE_CUT_WIDTH);
  for (const column of options.optionalColumns ?? []) {
    if (total(shown, readable) <= maxWidth) break;
    if (column === cut || !shown.includes(column)) continue;
    shown = shown.filter((other) => other !== column);
    omitted.push(column);
  }
  // Room left once they are out (the cut column whole) takes back those left out, the last one
  // (the most needed) first, each that fits: one too wide for the room (a long client name) does
  // not keep out a narrower one left out before it.
  for (const column of [...omitted].reverse()) {
    const back = headers.map((_h, index) => index).filter((i) => shown.includes(i) || i === column);
    if (total(back) > maxWidth) continue;
    shown = back;
    omitted.splice(omitted.indexOf(column), 1);
  }
  const widths = [...natural];
  const narrowest = wrapped === undefined ? MIN_CUT_WIDTH : MIN_WRAP_WIDTH;
  if (cut !== undefined && shown.includes(cut) && total(shown) > maxWidth) {
    const cutWidth = natural[cut] ?? 0;
    widths[cut] = Math.max(Math.min(narrowest, cutWidth), cutWidth - (total(shown) - maxWidth));
  }
  const fits =
    shown.reduce((sum, column) => sum + (widths[column] ?? 0), 0) + GAP * (shown.length - 1);
  if (fits > maxWidth)
    return renderStacked(headers, rows, maxWidth, wrapped, wrapped ?? options.shrinkColumn);
  const line = (cells: string[]) =>
    shown
      .map((column, index) => {
        const width = widths[column] ?? 0;
        const fitted =
          column === wrapped ? (cells[column] ?? "") : truncate(cells[column] ?? "", width);
        return index === shown.length - 1
          ? fitted
          : fitted + " ".repeat(Math.max(0, width - visibleWidth(fitted)));
      })
      .join(" ".repeat(GAP))
      .trimEnd();
  // A row whose wrapped cell takes more lines goes on over them, its other cells blank.
  const rowLines = (cells: string[]): string[] => {
    if (wrapped === undefined || !shown.includes(wrapped)) return [line(cells)];
    const parts = wrapCell(cells[wrapped] ?? "", widths[wrapped] ?? 0);
    return parts.map((part, index) =>
      line(cells.map((cell, column) => (column === wrapped ? part : index === 0 ? cell : ""))),
    );
  };
  const under = options.goesUnder;
  const underLine =
    under !== undefined && omitted.includes(under.column)
      ? underLineOf(under, widths[shown[0] ?? 0] ?? 0, maxWidth)
      : undefined;
  const lines = [
    line(headers.map((header) => style.bold(header))),
    ...rows.flatMap((cells) => {
      const said = underLine?.(cells);
      return said === undefined ? rowLines(cells) : [...rowLines(cells), said];
    }),
  ];
  const named = omitted.filter((column) => underLine === undefined || column !== under?.column);
  if (named.length > 0) {
    const names = named.map((column) => headers[column]).join(", ");
    const note = `(not shown at ${maxWidth} columns: ${names}${options.omittedHint ? `; ${options.omittedHint}` : ""})`;
    lines.push(style.dim(wrapText(note, maxWidth)));
  }
  return lines.join("\n");
}

/**
 * The line under a row that says its `under.column` value, left out of the table: `label value`
 * under the second column (`firstWidth` is the first's), at the line's start when that is too
 * far for the value to fit; none for a row without a value. The value is never cut.
 */
function underLineOf(
  under: { column: number; label: string },
  firstWidth: number,
  maxWidth: number,
): (cells: string[]) => string | undefined {
  return (cells) => {
    const value = cells[under.column] ?? "";
    if (value === "") return undefined;
    return indentedWhenRoom(`${under.label} ${value}`, firstWidth + GAP, maxWidth);
  };
}

/**
 * `text` on a line of its own under a row, `indent` cells in when that still fits `width`, else
 * at the line's start: never cut, so a long value (a trace id) wraps whole.
 */
export function indentedWhenRoom(text: string, indent: number, width: number): string {
  return visibleWidth(text) + indent <= width ? `${" ".repeat(indent)}${text}` : text;
}

/**
 * Each row as a block of `Header  value` lines, blocks apart by a blank line: for narrow
 * terminals. An empty value has no line (a block of `Note` lines with nothing after them says
 * nothing); the `wrapped` column's value goes on over more lines, under itself. Only the `cut`
 * column is cut: any other value too wide beside its label (a model ref, which people copy into
 * their config) goes whole on a line of its own under the label.
 */
function renderStacked(
  headers: string[],
  rows: string[][],
  maxWidth: number,
  wrapped?: number,
  cut?: number,
): string {
  const labelWidth = Math.max(...headers.map((header) => visibleWidth(header)));
  const valueWidth = Math.max(MIN_CUT_WIDTH, maxWidth - labelWidth - GAP);
  const hanging = " ".repeat(labelWidth + GAP);
  const under = "  ";
  return rows
    .map((row) =>
      headers
        .flatMap((header, column) => {
          const value = row[column] ?? "";
          if (value.trim() === "") return [];
          if (column !== wrapped && column !== cut && visibleWidth(value) > valueWidth) {
            const indent = visibleWidth(under + value) <= maxWidth ? under : "";
            return [style.bold(header), `${indent}${value}`];
          }
          const padding = " ".repeat(labelWidth - visibleWidth(header) + GAP);
          const parts =
            column === wrapped ? wrapCell(value, valueWidth) : [truncate(value, valueWidth)];
          return parts.map((part, index) =>
            `${index === 0 ? `${style.bold(header)}${padding}` : hanging}${part}`.trimEnd(),
          );
        })
        .join("\n"),
    )
    .join("\n\n");
}

/** Narrowest a wrapped column gets before the table turns into blocks. */
const MIN_WRAP_WIDTH = 12;

/** An SGR colour around the whole of a cell (style.yellow(…)), to be put around each line of it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const WHOLE_CELL_STYLE = /^(\u001b\[[0-9;]*m)([^\u001b]*)(\u001b\[[0-9;]*m)$/;

/**
 * A cell's text as lines of at most `width` cells: items of a list (`a, b, c`) are kept whole
 * where they fit, else broken at spaces from the start of a line, and a word wider than the
 * column is broken last.
 */
export function wrapCell(text: string, width: number): string[] {
  const styled = WHOLE_CELL_STYLE.exec(text);
  if (styled) {
    const [, open = "", inner = "", close = ""] = styled;
    return wrapCell(inner, width).map((part) => `${open}${part}${close}`);
  }
  if (visibleWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = "";
  const add = (piece: string, separator: string) => {
    if (line !== "" && visibleWidth(`${line}${separator}${piece}`) <= width) {
      line = `${line}${separator}${piece}`;
      return;
    }
    if (line !== "") lines.push(line);
    line = piece;
  };
  for (const item of text.split(/(?<=,) /)) {
    if (visibleWidth(item) <= width) {
      add(item, " ");
      continue;
    }
    // An item broken over lines starts a line of its own: after the item before, its first words
    // would read as that item's end (`…kimi-k2.5, Kimi` / `Code → kimi-code/…`).
    if (line !== "") lines.push(line);
    line = "";
    // Pieces of a broken word fill their lines, so a space is never put between two of them.
    for (const word of item.split(" ")) for (const piece of breakWord(word, width)) add(piece, " ");
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** A model ref's provider and the `/` after it (`kimi-code/`), where a word starts with one. */
const PROVIDER_PREFIX = /^[\p{L}\p{N}._-]+\//u;

/**
 * A word cut into pieces of at most `width` cells, whole grapheme clusters only, after a `/` or
 * `-` where there is one. A model ref whose model fits on a line of its own breaks after its
 * provider (`kimi-code/` + `kimi-for-coding`), so the model's name stays whole; else after the
 * last `/` or `-` that fits.
 */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = word;
  const provider = PROVIDER_PREFIX.exec(word)?.[0];
  if (
    provider !== undefined &&
    visibleWidth(word) > width &&
    visibleWidth(provider) <= width &&
    visibleWidth(word.slice(provider.length)) <= width
  ) {
    return [provider, word.slice(provider.length)];
  }
  while (visibleWidth(rest) > width) {
    const most = cutToWidth(rest, width, "");
    const joint = Math.max(most.lastIndexOf("/"), most.lastIndexOf("-"));
    const piece = joint > 0 ? most.slice(0, joint + 1) : most;
    if (piece === "") break;
    pieces.push(piece);
    rest = rest.slice(piece.length);
  }
  pieces.push(rest);
  return pieces;
}

export interface Spinner {
  update(text: string): void;
  stop(finalText?: string): void;
}

/**
 * A spinner on stderr while waiting on the network; silent when stderr is not a TTY or the
 * terminal is dumb (it cannot erase a line), and silent when the command's `output` is not a
 * terminal either: with the output piped into a pager (`openclaw agent … | less`) the frames
 * would be drawn over the pager's screen, and with it redirected to a file the command is being
 * scripted. A frame never wraps: the label is cut to the terminal's width (read again on every
 * frame, so a resize is followed), since a wrapped frame is not erased by the next one and the
 * screen fills with copies.
 */
export function startSpinner(
  text: string,
  stream: Stream = process.stderr,
  output: Stream = process.stdout,
): Spinner {
  if (!stream.isTTY || !output.isTTY || process.env.TERM === "dumb") {
    return { update() {}, stop() {} };
  }
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let frame = 0;
  let label = text;
  const draw = () => {
    // The frame and a space take two cells; the last column stays free, as a character written
    // there leaves some terminals about to wrap.
    const room = (stream.columns || 80) - 3;
    const shown = room > 0 ? ` ${cutToWidth(label, room)}` : "";
    stream.write(`\r\u001b[2K${style.cyan(frames[frame % frames.length] ?? "", stream)}${shown}`);
    frame++;
  };
  // The handlers go in before the first frame is drawn: a Ctrl-C typed as soon as the frame
  // shows, with this process descheduled between the write and their install, would end it by
  // the default action and leave the frame on the screen.
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  const stop = (finalText?: string) => {
    clearInterval(timer);
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    stream.write("\r\u001b[2K");
    if (finalText) stream.write(`${finalText}\n`);
  };
  // Ctrl-C (or SIGTERM) while waiting: a command with no handler of its own dies at once, and
  // the frame it was drawing stayed on the screen with the prompt after it. The line is erased,
  // then the signal raised again, so the command still ends by it (the shell's 130). A command
  // that handles the signal itself (agent, onboarding) stops the spinner as it sees fit.
  function onSignal(signal: NodeJS.Signals): void {
    if (process.listenerCount(signal) > 1) return;
    stop();
    process.kill(process.pid, signal);
  }
  return {
    update(next) {
      label = next;
    },
    stop,
  };
}

/** The signals that end a command waiting behind a spinner. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/**
 * The fewest cells beside a label (or a `- ` item's lead) that its further lines are kept under
 * the text in: on a narrower terminal they start at the left edge instead, so that no line is
 * wider than the terminal (a floor on the room made `warning:` lines 29 cells at COLUMNS=25).
 */
const MIN_HANGING_ROOM = 10;

/**
 * `text` to be written after a label (`error: `, `hint: `, `warning: `) `labelWidth` cells wide,
 * fitted to `width` as doctor fits its findings: a line too wide is wrapped at spaces, the first
 * line's further lines going under its text (after the label), a `- ` item's under the item's
 * text. A word wider than the room (a path, a URL) keeps a line of its own, whole, to be copied,
 * moved left as far as it must to fit the width when it can (a command continued with ` \` moves
 * as a whole); other lines that start with spaces
 * (a code frame and its caret) are left as written.
 */
export function wrapAfterLabel(text: string, labelWidth: number, width: number): string {
  return fitBesideLabel(text, labelWidth, width, true);
}

/**
 * `text` that starts a line of its own (a note, the start of a message), fitted as wrapAfterLabel
 * fits it after a label `indent` cells wide, so that its further lines go `indent` cells in. Its
 * first word stays on the first line: nothing stands before it, so it already starts at the
 * edge, where moving it under would only leave an empty line above it.
 */
export function wrapHanging(text: string, indent: number, width: number): string {
  return fitBesideLabel(text, indent, width, false);
}

function fitBesideLabel(
  text: string,
  labelWidth: number,
  width: number,
  hasLabel: boolean,
): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split("\n")
    .flatMap((line, index) => {
      if (visibleWidth(line) + (index === 0 ? labelWidth : 0) <= width) return [line];
      const item = /^\s*- /.exec(line)?.[0];
      if (index > 0 && item === undefined && /^\s/.test(line)) return [line];
      const lead = index === 0 ? "" : (item ?? "");
      const before = index === 0 ? labelWidth : lead.length;
      const hangs = width - before >= MIN_HANGING_ROOM;
      const hanging = hangs ? " ".repeat(before) : "";
      const parts = hangs
        ? wrapText(line.slice(lead.length), width - before)
        : wrapText(line.slice(lead.length), width, before);
      const rows = parts.split("\n");
      // A first word too wide to sit beside the label goes under it, on a line of its own.
      if (hasLabel && index === 0 && firstRowGoesUnder(rows[0] ?? "", width - before, width))
        rows.unshift("");
      // A line too wide for the room under the label goes left just enough to fit, whole.
      const shifts = shiftsToFit(
        rows,
        rows.map((_, at) => (at === 0 ? undefined : hanging.length)),
        width,
      );
      return rows.map((part, at) =>
        at === 0 ? lead + part : " ".repeat(hanging.length - (shifts[at] ?? 0)) + part,
      );
    })
    .join("\n");
}

/**
 * A status line of parts joined by ` · ` (model · tokens · time · session) fitted to `width`: a
 * part that would go past the edge starts the next line instead, so no part is broken; a part
 * wider than the width on its own (a list of fallbacks, a session id after its label on a very
 * narrow terminal) is wrapped at its spaces, a word in it (a model ref, an id) kept whole.
 */
export function fitSeparated(line: string, width: number, separator = " · "): string {
  if (!Number.isFinite(width) || visibleWidth(line) <= width) return line;
  const lines: string[] = [];
  let current = "";
  for (const part of line.split(separator)) {
    if (visibleWidth(part) > width) {
      if (current !== "") lines.push(current);
      const wrapped = wrapText(part, width).split("\n");
      current = wrapped.pop() ?? "";
      lines.push(...wrapped);
    } else if (current !== "" && visibleWidth(`${current}${separator}${part}`) > width) {
      lines.push(current);
      current = part;
    } else current = current === "" ? part : `${current}${separator}${part}`;
  }
  lines.push(current);
  return lines.join("\n");
}

/** Spaces at the end of a label, before any colour codes that close it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const LABEL_END_SPACES = / +((?:\u001b\[[0-9;]*m)*)$/;

/**
 * `label` and the text wrapAfterLabel fitted after it. When the text's first word went under the
 * label (its first line is empty), the label stands alone on its line, with no space at its end;
 * an indent (a label of spaces only) is no label to leave alone, so that word's line, moved left as
 * far as it must, takes its place instead of a blank line.
 */
export function besideLabel(label: string, wrapped: string): string {
  if (!wrapped.startsWith("\n")) return `${label}${wrapped}`;
  if (label.trim() === "") return wrapped.slice(1);
  return `${label.replace(LABEL_END_SPACES, "$1")}${wrapped}`;
}

/**
 * `label: text` (`warning`, `note`, `hint`) for a person on `stream`, the label in yellow, wrapped
 * to `width` (its width, else $COLUMNS) as errors are: further lines under the text, a word too
 * wide (a path) whole on a line of its own.
 */
export function labelledText(
  label: string,
  text: string,
  stream: Stream = process.stderr,
  width = terminalWidth(stream),
): string {
  // A key pasted as a name (a provider's) is quoted by the messages that name it: never shown.
  const shown = maskKeyShapedNames(text);
  return besideLabel(
    `${style.yellow(label, stream)}: `,
    wrapAfterLabel(shown, label.length + 2, width),
  );
}

/** `warning: text`, laid out as labelledText lays it out. */
export function warningText(
  text: string,
  stream: Stream = process.stderr,
  width = terminalWidth(stream),
): string {
  return labelledText("warning", text, stream, width);
}

/**
 * Writes `text` for a person or a script with every key-shaped name in it masked (`sk-kimi-***`):
 * a key pasted where a name goes (a provider's key) is quoted by every line naming it, a path, a
 * ref, a table's row. Model output does not go through here: it is shown as the model wrote it.
 */
export function writeShown(stream: Stream, text: string): void {
  stream.write(maskKeyShapedNames(text));
}

/** A warning for a person on `stream`, wrapped to its width as errors are. */
export function printWarning(text: string, stream: Stream = process.stderr): void {
  stream.write(`${warningText(text, stream)}\n`);
}

/**
 * Prints an error for a person: message, where, hint, each wrapped to the terminal's width (or
 * $COLUMNS). Stack traces only with OPENCLAW_DEBUG.
 */
export function printError(error: unknown, stream: Stream = process.stderr): void {
  // Messages may quote a provider's own words: on a terminal those are shown, not obeyed. A
  // password written into a URL (a base URL, a proxy) is never shown, nor a key pasted as a name.
  const width = terminalWidth(stream);
  const safe = (text: string, label: string) =>
    wrapAfterLabel(forTerminal(maskKeyShapedNames(displayUrl(text)), stream), label.length, width);
  if (isOpenClawError(error)) {
    stream.write(
      `${besideLabel(`${style.red("error", stream)}: `, safe(error.message, "error: "))}\n`,
    );
    if (error.where && !error.message.includes(error.where)) {
      stream.write(`${besideLabel(`  ${style.dim("at", stream)} `, safe(error.where, "  at "))}\n`);
    }
    if (error.hint) {
      stream.write(
        `${besideLabel(`${style.yellow("hint", stream)}: `, safe(error.hint, "hint: "))}\n`,
      );
    }
  } else {
    const message = error instanceof Error ? error.message : String(error);
    stream.write(`${besideLabel(`${style.red("error", stream)}: `, safe(message, "error: "))}\n`);
    stream.write(`${labelledText("hint", unexpectedErrorHint(error), stream, width)}\n`);
  }
  printDebugStack(error, stream);
}

/**
 * What to do about an error openclaw did not expect. Running out of file descriptors is the
 * machine's limit, not a bug: under a low `ulimit -n` even loading openclaw's own modules fails.
 */
function unexpectedErrorHint(error: unknown): string {
  const code = systemErrorCode(error);
  if (code === "EMFILE")
    return "this process reached its open-files limit (ulimit -n shows it): raise it, e.g. ulimit -n 4096 in the shell, LimitNOFILE= under systemd, --ulimit nofile= for docker";
  if (code === "ENFILE")
    return "the whole system ran out of open files: close other programs or raise fs.file-max";
  return "this looks like a bug in openclaw; run again with OPENCLAW_DEBUG=1 and report the output";
}

/**
 * The errno name of a system error. Most of Node's say it in `code`; a libuv call made
 * synchronously (`os.networkInterfaces()`) throws `ERR_SYSTEM_ERROR` with only the number in
 * `info.errno` ("Unknown system error 24"), so EMFILE and ENFILE are read from that too.
 */
function systemErrorCode(error: unknown): unknown {
  const { code, info } = (error ?? {}) as { code?: unknown; info?: { errno?: unknown } };
  if (code !== "ERR_SYSTEM_ERROR" || typeof info?.errno !== "number") return code;
  const errno = Math.abs(info.errno);
  if (errno === osConstants.errno.EMFILE) return "EMFILE";
  if (errno === osConstants.errno.ENFILE) return "ENFILE";
  return code;
}

/** The stack of `error`, asked for with OPENCLAW_DEBUG (to report a bug), and only then. */
export function printDebugStack(error: unknown, stream: Stream = process.stderr): void {
  if (process.env.OPENCLAW_DEBUG && error instanceof Error && error.stack) {
    stream.write(`${style.dim(error.stack, stream)}\n`);
  }
}

/** DEL and the C1 controls, which JSON.stringify leaves raw and some terminals act on. */
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/**
 * JSON text that is safe on a terminal as well as in a pipe: JSON.stringify escapes C0 controls
 * but not DEL or C1 (`\u009b` is a CSI on terminals that honour 8-bit controls), so those are
 * written as `\u` escapes too. A parser reads back exactly the same value.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(RAW_IN_JSON, unicodeEscape);
}

let jsonPrinted = false;

/** How printJson shows key-shaped names. */
export interface JsonShowing {
  /** Secrets as they are (`config get --reveal`, asked for them): nothing is masked. */
  reveal?: boolean;
  /** Top-level keys holding a model's own words (an answer, tool arguments): shown as written. */
  asWritten?: readonly string[];
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  );
}

/** `value` with every key-shaped name in its keys and strings masked, `asWritten` keys aside. */
function namesMasked(input: unknown, asWritten: readonly string[], top = true): unknown {
  // What JSON.stringify would write of it (an error's or a Date's toJSON), masked.
  const value = hasToJson(input) ? input.toJSON() : input;
  if (typeof value === "string") return maskKeyShapedNames(value);
  if (Array.isArray(value)) return value.map((item) => namesMasked(item, asWritten, false));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      maskKeyShapedNames(key),
      top && asWritten.includes(key) ? item : namesMasked(item, asWritten, false),
    ]),
  );
}

/**
 * Writes a value as pretty JSON on stdout (for `--json`). A key pasted as a name (a provider's
 * key, an alias's ref) is shown as `sk-***` wherever the object has it, as a key or in a message;
 * only `reveal` (`config get --reveal`, asked for secrets as they are) prints it.
 */
export function printJson(value: unknown, options: JsonShowing = {}): void {
  jsonPrinted = true;
  const shown = options.reveal ? value : namesMasked(value, options.asWritten ?? []);
  process.stdout.write(`${jsonText(shown, 2)}\n`);
}

/** Whether this run has printed its JSON object (a failure then needs no other). */
export function jsonWasPrinted(): boolean {
  return jsonPrinted;
}

let pipesTolerated = false;

/**
 * A closed pipe on stdout or stderr (`openclaw … | head`, a log collector that went away) makes
 * the next write fail with EPIPE, and a terminal that was closed (its window, an ssh session
 * dropped) with EIO. That is the reader's choice, not the command's failure: later output is
 * dropped and the command finishes as it would have (an agent still saves its session, the
 * gateway drains and writes its ledger) instead of dying with a stack trace.
 */
export function tolerateClosedPipes(): void {
  if (pipesTolerated) return;
  pipesTolerated = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "EIO") throw error;
    });
  }
}

export { forTerminal, printable } from "../util/printable.js";
