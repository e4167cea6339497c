/**
 * Terminal output helpers: colour only on a TTY and never with NO_COLOR, tables that fit the
 * terminal, a spinner that only draws on a TTY, and error printing without stack traces.
 */
import { isOpenClawError } from "../errors.js";
import { displayUrl } from "../util/display-url.js";
import { forTerminal, unicodeEscape } from "../util/printable.js";

type Stream = NodeJS.WriteStream;

export function colorEnabled(stream: Stream = process.stdout): boolean {
  if ("NO_COLOR" in process.env && process.env.NO_COLOR !== undefined) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
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

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
export function visibleWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, "")) {
    const code = char.codePointAt(0) ?? 0;
    // CJK and other wide characters take two cells.
    width += code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xffdc)) ? 2 : 1;
  }
  return width;
}

function truncate(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const plain = text.replace(ANSI, "");
  let out = "";
  for (const char of plain) {
    if (visibleWidth(`${out}${char}`) > width - 1) break;
    out += char;
  }
  return `${out}…`;
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

export interface TableOptions {
  /** Width to fit; defaults to terminalWidth(). */
  width?: number;
  /**
   * The column that may be cut when the table is too wide (free text such as tags); no other
   * column is, since a cut model name or number is useless.
   */
  shrinkColumn?: number;
}

/** Narrowest a cut column gets. */
const MIN_CUT_WIDTH = 8;

/**
 * Renders rows as an aligned table that fits the terminal width: the `shrinkColumn` is cut
 * first; when the table still does not fit, each row is shown as a block of `Header  value`
 * lines instead, so nothing else has to be cut.
 */
export function renderTable(
  headers: string[],
  rows: string[][],
  options: TableOptions = {},
): string {
  const maxWidth = options.width ?? terminalWidth();
  const widths = headers.map((header, column) =>
    Math.max(visibleWidth(header), ...rows.map((row) => visibleWidth(row[column] ?? ""))),
  );
  const gap = 2;
  const total = () => widths.reduce((sum, width) => sum + width, 0) + gap * (widths.length - 1);
  const cut = options.shrinkColumn;
  const cutWidth = cut === undefined ? undefined : widths[cut];
  if (cut !== undefined && cutWidth !== undefined && total() > maxWidth)
    widths[cut] = Math.max(Math.min(MIN_CUT_WIDTH, cutWidth), cutWidth - (total() - maxWidth));
  if (total() > maxWidth) return renderStacked(headers, rows, maxWidth);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const fitted = truncate(cell, width);
        return column === cells.length - 1
          ? fitted
          : fitted + " ".repeat(Math.max(0, width - visibleWidth(fitted)));
      })
      .join(" ".repeat(gap))
      .trimEnd();
  return [line(headers.map((header) => style.bold(header))), ...rows.map(line)].join("\n");
}

/** Each row as a block of `Header  value` lines, blocks apart by a blank line: for narrow terminals. */
function renderStacked(headers: string[], rows: string[][], maxWidth: number): string {
  const labelWidth = Math.max(...headers.map((header) => visibleWidth(header)));
  const valueWidth = Math.max(MIN_CUT_WIDTH, maxWidth - labelWidth - 2);
  return rows
    .map((row) =>
      headers
        .map((header, column) => {
          const padding = " ".repeat(labelWidth - visibleWidth(header) + 2);
          return `${style.bold(header)}${padding}${truncate(row[column] ?? "", valueWidth)}`.trimEnd();
        })
        .join("\n"),
    )
    .join("\n\n");
}

export interface Spinner {
  update(text: string): void;
  stop(finalText?: string): void;
}

/** A spinner on stderr while waiting on the network; silent when stderr is not a TTY. */
export function startSpinner(text: string, stream: Stream = process.stderr): Spinner {
  if (!stream.isTTY) {
    return { update() {}, stop() {} };
  }
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let frame = 0;
  let label = text;
  const draw = () => {
    stream.write(`\r\u001b[2K${style.cyan(frames[frame % frames.length] ?? "", stream)} ${label}`);
    frame++;
  };
  draw();
  const timer = setInterval(draw, 80);
  timer.unref();
  return {
    update(next) {
      label = next;
    },
    stop(finalText) {
      clearInterval(timer);
      stream.write("\r\u001b[2K");
      if (finalText) stream.write(`${finalText}\n`);
    },
  };
}

/** Prints an error for a person: message, where, hint. Stack traces only with OPENCLAW_DEBUG. */
export function printError(error: unknown, stream: Stream = process.stderr): void {
  // Messages may quote a provider's own words: on a terminal those are shown, not obeyed. A
  // password written into a URL (a base URL, a proxy) is never shown.
  const safe = (text: string) => forTerminal(displayUrl(text), stream);
  if (isOpenClawError(error)) {
    stream.write(`${style.red("error", stream)}: ${safe(error.message)}\n`);
    if (error.where && !error.message.includes(error.where)) {
      stream.write(`  ${style.dim("at", stream)} ${safe(error.where)}\n`);
    }
    if (error.hint) stream.write(`${style.yellow("hint", stream)}: ${safe(error.hint)}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    stream.write(`${style.red("error", stream)}: ${safe(message)}\n`);
    stream.write(
      `${style.yellow("hint", stream)}: this looks like a bug in openclaw; run again with OPENCLAW_DEBUG=1 and report the output\n`,
    );
  }
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

/** Writes a value as pretty JSON on stdout (for `--json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${jsonText(value, 2)}\n`);
}

let pipesTolerated = false;

/**
 * A closed pipe on stdout or stderr (`openclaw … | head`, a log collector that went away) makes
 * the next write fail with EPIPE. That is the reader's choice, not the command's failure: later
 * output is dropped and the command finishes as it would have (an agent still saves its session,
 * the gateway keeps serving and writes its ledger) instead of dying with a stack trace.
 */
export function tolerateClosedPipes(): void {
  if (pipesTolerated) return;
  pipesTolerated = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
}

export { forTerminal, printable } from "../util/printable.js";
