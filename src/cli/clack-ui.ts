/** The prompts drawn by @clack/prompts: the frame, the arrows-and-Enter menus, the masked key. */
import { styleText } from "node:util";
import * as prompts from "@clack/prompts";
import { coverKeyShapedRuns } from "../util/key-shaped-names.js";
import { besideLabel, colorEnabled, startSpinner, style, wrapAfterLabel } from "./output.js";
import { type Answer, CANCEL, type PromptUi } from "./prompt-ui.js";

type Stream = NodeJS.WriteStream;

/** The columns a note's box takes around its text: `│  ` before, `  │` after (as clack draws it). */
const NOTE_FRAME_WIDTH = 6;

/** The columns clack's log draws before each line of a message: `▲  ` or `│  `. */
const LOG_PREFIX_WIDTH = 3;

/** The columns of a menu's marker before a choice's label: `● ` (or `○ `, `> `). */
const RADIO_WIDTH = 2;

/**
 * The columns clack takes from the terminal's width before a menu's choice, as it counts them: the
 * string length of its cyan bar and two spaces, the colour codes included when it colours (at 80
 * columns a choice goes on over a second line past 67, not 77). Counted by the same call clack
 * makes, so that colour on or off (NO_COLOR, not a terminal) the count is clack's.
 */
function menuPadding(): number {
  return `${styleText("cyan", prompts.S_BAR)}  `.length;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing colour codes is the point
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * The size clack assumes for a stream that has none: a terminal that reports 0×0 (`docker run -t`
 * or `script` from a CI job, an `expect` script) is given this size too.
 */
const SIZELESS_COLUMNS = 80;
const SIZELESS_ROWS = 20;

/**
 * The stream the prompts draw on. Without colour (NO_COLOR, FORCE_COLOR=0) colour and style codes
 * are taken out of what they write: the prompts' own check misses some (the strikethrough of a
 * cancelled answer), while cursor movement, which they need, stays. A terminal that reports no
 * size reads as 80×20: clack takes a 0 at its word, drawing a question one character per line and
 * a menu as its first choice and "...".
 */
function promptStream(stream: Stream): Stream {
  const sized = stream.columns === 0 || stream.rows === 0 ? sizedStream(stream) : stream;
  if (colorEnabled(stream)) return sized;
  return rewritingStream(sized, (text) => text.replace(SGR, ""));
}

/** `stream` with a size of 0 read as clack's own default size; all else as it is. */
function sizedStream(stream: Stream): Stream {
  return new Proxy(stream, {
    get(target, property) {
      if (property === "columns") return target.columns || SIZELESS_COLUMNS;
      if (property === "rows") return target.rows || SIZELESS_ROWS;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * `stream` with the text written to it passed through `rewrite` first; everything else (columns,
 * rows, listeners, binary chunks) as it is.
 */
function rewritingStream(stream: Stream, rewrite: (text: string) => string): Stream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (stream.write as (...args: unknown[]) => boolean)(
      typeof chunk === "string" ? rewrite(chunk) : chunk,
      ...rest,
    );
  return new Proxy(stream, {
    get(target, property) {
      if (property === "write") return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * `stream` for a text prompt: a key pasted at it (a prompt for a URL or a name) is drawn covered
 * (`sk-••••`), as typed, in the error that refuses it and when cancelled, so it is not left on the
 * screen or in the scrollback. clack draws the whole input line in one write, so the key is whole
 * in it (but the few characters typed before it takes a key's shape).
 */
function keyCoveringStream(stream: Stream): Stream {
  return rewritingStream(stream, coverKeyShapedRuns);
}

/** clack's own cancel symbol as ours; any other answer as it is. */
function cancelled<T>(value: T | symbol): Answer<T> {
  return prompts.isCancel(value) || typeof value === "symbol" ? CANCEL : value;
}

/**
 * Asks `ask` so that the end of the input cancels it, as Ctrl-C does. Ctrl-D on an empty answer
 * closes the prompts' line reader, and nothing else then waits: clack's answer would never come,
 * and the process would end there with exit 0 and nothing said. When the event loop runs dry
 * while the question waits, it is aborted instead, which clack answers with its cancel symbol.
 */
async function endable<T>(ask: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("beforeExit", abort);
  try {
    return await ask(controller.signal);
  } finally {
    process.off("beforeExit", abort);
  }
}

export function clackUi(stream: Stream): PromptUi {
  const output = promptStream(stream);
  const io = { output };
  const columns = () => output.columns || 80;
  // clack's log does not wrap, and the terminal's wrapping would put further lines at its left
  // edge, over the bar: each message is fitted to the room after the symbol.
  const fitted = (text: string) => wrapAfterLabel(text, 0, columns() - LOG_PREFIX_WIDTH);
  return {
    select: async ({ message, options }) => {
      // Chosen by position: clack's option type, conditional on the value's, takes no generic one.
      const picked = await endable((signal) =>
        prompts.select<number>({
          ...io,
          signal,
          message,
          options: options.map((option, index) => ({
            value: index,
            label: option.label,
            ...(option.hint === undefined ? {} : { hint: option.hint }),
          })),
        }),
      );
      const option = typeof picked === "number" ? options[picked] : undefined;
      return option === undefined ? CANCEL : option.value;
    },
    text: async (prompt) =>
      cancelled<string>(
        await endable((signal) =>
          prompts.text({ ...prompt, signal, output: keyCoveringStream(output) }),
        ),
      ),
    password: async ({ message, validate }) =>
      cancelled<string | undefined>(
        await endable((signal) =>
          prompts.password({
            ...io,
            signal,
            message,
            mask: "•",
            ...(validate ? { validate } : {}),
          }),
        ),
      ),
    confirm: async (prompt) =>
      cancelled<boolean>(await endable((signal) => prompts.confirm({ ...io, ...prompt, signal }))),
    intro: (title) => prompts.intro(title, io),
    outro: (message) => prompts.outro(message, io),
    cancel: (message) => prompts.cancel(message, io),
    fail({ message, where, hint }) {
      // The frame is closed with the error itself, not left open above it: `└  error: …` and
      // what follows under its text.
      const room = columns() - LOG_PREFIX_WIDTH;
      const lines = [
        besideLabel(`${style.red("error", output)}: `, wrapAfterLabel(message, 7, room)),
        ...(where && !message.includes(where)
          ? [besideLabel("at ", wrapAfterLabel(where, 3, room))]
          : []),
        ...(hint
          ? [besideLabel(`${style.yellow("hint", output)}: `, wrapAfterLabel(hint, 6, room))]
          : []),
      ].flatMap((line) => line.split("\n"));
      const body = lines.map((line, index) => (index === 0 ? line : `   ${line}`)).join("\n");
      output.write(`${style.dim("│", output)}\n${style.dim("└", output)}  ${body}\n\n`);
    },
    note: (text, title) => prompts.note(text, title, io),
    log: {
      success: (message) => prompts.log.success(fitted(message), io),
      error: (message) => prompts.log.error(fitted(message), io),
      info: (message) => prompts.log.info(fitted(message), io),
      warn: (message) => prompts.log.warn(fitted(message), io),
      step: (message) => prompts.log.step(message, io),
    },
    spinner: (text) => startSpinner(text, output, output),
    noteRoom: () => columns() - NOTE_FRAME_WIDTH,
    logRoom: () => columns() - LOG_PREFIX_WIDTH,
    choiceRoom: () => columns() - menuPadding() - RADIO_WIDTH,
    canErase: Boolean(output.isTTY),
  };
}
