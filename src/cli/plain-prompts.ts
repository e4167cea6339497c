/**
 * Prompts asked line by line, for a dumb terminal (TERM=dumb): a question, numbered choices, an
 * answer typed on its own line. Nothing moves the cursor but a backspace, nothing is drawn with
 * box characters, nothing is coloured; Emacs' input line is used as it is. Where the terminal would echo (its
 * `stty` says `echo`), a line is read with echo off and echoed here, taking back a character
 * (backspace), the word (Ctrl-W) and the line (Ctrl-U) as the terminal's editing does.
 * The key is read with echo off, so it is never shown; other answers are echoed by openclaw where
 * the terminal would echo them, so that a key pasted at the wrong question is shown covered.
 */
import { coverKeyShapedRuns } from "../util/key-shaped-names.js";
import { echoChange, terminalEchoes } from "./covered-echo.js";
import { besideLabel, wrapAfterLabel } from "./output.js";
import { type Answer, CANCEL, type PromptUi, type Validate } from "./prompt-ui.js";

type Input = NodeJS.ReadStream;
type Output = NodeJS.WriteStream;

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const CTRL_U = "\u0015";
const CTRL_W = "\u0017";
const BACKSPACES = new Set(["\u007f", "\b"]);

/** The columns written before a menu's choice, `  1) ` (a menu of up to nine). */
const CHOICE_NUMBER_WIDTH = 5;

/** The descriptor of a terminal's input stream (process.stdin's is 0). */
function fdOf(input: Input): number {
  const fd: unknown = (input as { fd?: unknown }).fd;
  return typeof fd === "number" ? fd : 0;
}

/**
 * Reads the input a line (or, for a secret, a character) at a time. What arrives beyond the
 * line asked for (a paste of several answers) is kept for the next question.
 */
class Reader {
  private pending = "";
  /** Whether the terminal echoes a line itself (its `stty` says so). */
  private readonly echoes: boolean = false;

  /** A line that is not a secret is echoed here, covered, not by the terminal. */
  get echoesItself(): boolean {
    return this.input.isTTY === true && this.echoes === true;
  }
  constructor(
    private readonly input: Input,
    private readonly output: Output,
  ) {
    // Asked before the first question, so that nothing comes between a prompt and raw mode.
    if (input.isTTY === true) this.echoes = terminalEchoes(fdOf(input));
  }

  /**
   * The next line, without its line break; CANCEL for Ctrl-C (the terminal sends SIGINT) or the
   * end of the input. `secret`: echo off (raw mode), the line kept out of sight. Any other line,
   * on a terminal that would echo it: echo off too, and echoed here with a key-shaped run
   * covered (a key pasted at the wrong question). `prompt` is written once echo is off: an answer
   * pasted the moment the question shows is never echoed by the terminal.
   */
  line(prompt: string, secret: boolean): Promise<Answer<string>> {
    const { input } = this;
    const tty = input.isTTY === true;
    const covering = !secret && tty && this.echoes === true;
    const raw = (secret && tty) || covering;
    let shown = "";
    const show = (typed: string) => {
      if (!covering) return;
      const wanted = coverKeyShapedRuns(typed);
      const change = echoChange(shown, wanted);
      if (change) this.output.write(change);
      shown = wanted;
    };
    return new Promise((resolve) => {
      let typed = "";
      const finish = (answer: Answer<string>) => {
        input.off("data", onData);
        input.off("end", onEnd);
        process.off("SIGINT", onEnd);
        if (raw) input.setRawMode(false);
        input.pause();
        resolve(answer);
      };
      // A secret is taken a character at a time: echo is off, so the terminal edits nothing.
      const take = (): boolean => {
        while (this.pending.length > 0) {
          const char = this.pending[0] ?? "";
          this.pending = this.pending.slice(1);
          if (char === "\r" || char === "\n") {
            // A CR LF pair is one line break.
            if (char === "\r" && this.pending.startsWith("\n"))
              this.pending = this.pending.slice(1);
            show(typed);
            finish(typed);
            return true;
          }
          if (char === CTRL_C || (char === CTRL_D && typed === "")) {
            finish(CANCEL);
            return true;
          }
          if (!raw) typed += char;
          else if (BACKSPACES.has(char)) typed = [...typed].slice(0, -1).join("");
          else if (char === CTRL_U) typed = "";
          // The word before the cursor, as the terminal's own line editing takes it back.
          else if (char === CTRL_W) typed = typed.replace(/\S+\s*$|\s+$/, "");
          else if (char >= " ") typed += char;
        }
        show(typed);
        return false;
      };
      const onData = (chunk: Buffer | string) => {
        this.pending += chunk.toString();
        take();
      };
      const onEnd = () => finish(CANCEL);
      if (raw) input.setRawMode(true);
      this.output.write(prompt);
      if (take()) return;
      input.on("data", onData);
      input.once("end", onEnd);
      process.once("SIGINT", onEnd);
      input.resume();
    });
  }
}

export function plainUi(input: Input, output: Output): PromptUi {
  const reader = new Reader(input, output);
  const columns = () => output.columns || 80;
  const write = (text: string) => output.write(text);
  const labelled = (label: string, text: string) =>
    write(`${besideLabel(label, wrapAfterLabel(text, label.length, columns()))}\n`);

  /** Asks until `accept` takes the answer (it writes why not, and returns undefined). */
  async function ask<T>(
    question: string,
    accept: (answer: string) => T | undefined,
    secret = false,
  ): Promise<Answer<T>> {
    for (;;) {
      const answer = await reader.line(question, secret);
      // Echo is off for a secret (and for a line echoed covered): the Enter the person typed did
      // not end the line.
      if (secret || reader.echoesItself) write("\n");
      if (answer === CANCEL) {
        if (!secret && !reader.echoesItself) write("\n");
        return CANCEL;
      }
      const taken = accept(answer);
      if (taken !== undefined) return taken;
    }
  }
  const refused = (problem: string) => {
    labelled("  ", problem);
    return undefined;
  };
  const checked = (validate: Validate | undefined, value: string | undefined) => validate?.(value);

  return {
    select: async ({ message, options }) => {
      write(`\n${message}\n`);
      options.forEach((option, index) => {
        write(`  ${index + 1}) ${option.label}${option.hint ? ` (${option.hint})` : ""}\n`);
      });
      return ask(`Enter 1-${options.length} [1]: `, (answer) => {
        const trimmed = answer.trim();
        const picked = options[trimmed === "" ? 0 : Number(trimmed) - 1];
        if (picked && (trimmed === "" || /^\d+$/.test(trimmed))) return { value: picked.value };
        return refused(`enter a number from 1 to ${options.length}`);
      }).then((answer) => (answer === CANCEL ? CANCEL : answer.value));
    },
    text: async ({ message, placeholder, defaultValue, validate }) => {
      const shown = defaultValue
        ? ` [${defaultValue}]`
        : placeholder
          ? ` (e.g. ${placeholder})`
          : "";
      write("\n");
      return ask(`${message}${shown}: `, (answer) => {
        const value = answer === "" ? undefined : answer;
        const problem = checked(validate, value);
        if (problem) return refused(problem);
        return value ?? defaultValue ?? "";
      });
    },
    password: async ({ message, validate }) => {
      write("\n");
      // Worded as a password prompt: Emacs' M-x shell (a TERM=dumb terminal) shows what is typed
      // in its buffer and keeps it in its input history unless the prompt reads like a password's
      // ("Password for …:", its comint-password-prompt-regexp); then it reads it unseen.
      return ask(
        `Password for the ${message}, not shown: `,
        (answer) => {
          const value = answer === "" ? undefined : answer;
          const problem = checked(validate, value);
          if (problem) return refused(problem);
          return { value };
        },
        true,
      ).then((answer) => (answer === CANCEL ? CANCEL : answer.value));
    },
    confirm: async ({ message, initialValue = true }) => {
      write("\n");
      return ask(`${message} ${initialValue ? "[Y/n]" : "[y/N]"}: `, (answer) => {
        const word = answer.trim().toLowerCase();
        if (word === "") return initialValue;
        if (word === "y" || word === "yes") return true;
        if (word === "n" || word === "no") return false;
        return refused("answer y (yes) or n (no)");
      });
    },
    intro: (title) => write(`${title}\n`),
    outro: (message) => write(`\n${message}\n`),
    cancel: (message) => write(`\n${message}\n`),
    fail({ message, where, hint }) {
      write("\n");
      labelled("error: ", message);
      if (where && !message.includes(where)) labelled("  at ", where);
      if (hint) labelled("hint: ", hint);
    },
    note: (text, title) => {
      write(`\n${title}:\n${text.replace(/^/gm, "  ")}\n`);
    },
    log: {
      success: (message) => labelled("ok: ", message),
      error: (message) => labelled("error: ", message),
      info: (message) => labelled("", message),
      warn: (message) => labelled("warning: ", message),
      step: (message) => write(`\n${message}\n`),
    },
    spinner: (text) => {
      // No frames to redraw: the wait is said once.
      write(`\n${text}\n`);
      return { stop() {} };
    },
    noteRoom: () => columns() - 2,
    logRoom: () => columns(),
    choiceRoom: () => columns() - CHOICE_NUMBER_WIDTH,
    canErase: false,
  };
}
