/**
 * The built CLI (`npm run build` first) in a real pseudo-terminal (node-pty): read the screen,
 * wait for text, type like a person.
 */
import * as pty from "node-pty";
import { CLI } from "./cli.js";
import { shownText } from "./screen-shown.js";

export { shownText };

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes is the point
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\r/g;

export const ENTER = "\r";
export const DOWN = "\u001b[B";
export const CTRL_C = "\u0003";

export interface TerminalOptions {
  /** Environment on top of PATH, HOME and TERM (the developer's own keys never leak in). */
  env?: Record<string, string>;
  cwd?: string;
  /** Run this shell command line instead of the CLI (e.g. to redirect stdout to a file). */
  shell?: string;
  /** Terminal width (default 120). */
  cols?: number;
}

export interface Terminal {
  /** Everything the terminal showed, escapes included. */
  screen(): string;
  /** The screen without terminal escapes and carriage returns. */
  plain(): string;
  /**
   * Each line as it is left on the screen (see shownText): a carriage return (or a move to column
   * 1, as readline redraws its line) goes back to the line's start, so what is written after it
   * covers what was there (a spinner's frames, each drawn over the last); a move up redraws an
   * earlier line, and an erase clears what it erases. `plain()` keeps every frame, joined.
   */
  shown(): string;
  /**
   * Waits until `pattern` shows after `from` (default: the end of the previous match) and
   * returns the position just after it.
   */
  waitFor(pattern: string | RegExp, from?: number, timeoutMs?: number): Promise<number>;
  write(keys: string): void;
  /** Types a character at a time. */
  typeSlowly(text: string): Promise<void>;
  /** Resizes the terminal to `cols` columns, as dragging its window does (SIGWINCH to the process). */
  resize(cols: number): void;
  /** Resolves to the exit code. */
  exited: Promise<number>;
  /** Resolves to how the process ended: its exit code, or the number of the signal that ended it. */
  ended: Promise<{ code: number; signal: number }>;
  kill(): void;
  /**
   * Closes the terminal, as closing its window does: the kernel hangs it up (SIGHUP to the
   * process, and every later read or write of it fails).
   */
  hangUp(): void;
}

/** node-pty closes a terminal's master side in `destroy()`, which its typings leave out. */
interface ClosableTerminal {
  destroy(): void;
}

/** Runs `openclaw <args>` (or `options.shell` through /bin/sh) in a 120×40 xterm (or `cols` wide). */
export function startTerminal(args: string[], options: TerminalOptions = {}): Terminal {
  const [file, argv] =
    options.shell === undefined
      ? [process.execPath, [CLI, ...args]]
      : ["/bin/sh", ["-c", options.shell]];
  const child = pty.spawn(file, argv, {
    // node-pty sets TERM to the terminal's name: a TERM given in `env` (dumb) names it.
    name: options.env?.TERM ?? "xterm-256color",
    cols: options.cols ?? 120,
    rows: 40,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      TERM: "xterm-256color",
      ...options.env,
    },
  });
  let screen = "";
  let cursor = 0;
  child.onData((data) => {
    screen += data;
  });
  const ended = new Promise<{ code: number; signal: number }>((resolve) =>
    child.onExit(({ exitCode, signal }) => resolve({ code: exitCode, signal: signal ?? 0 })),
  );
  const exited = ended.then(({ code }) => code);
  const plain = () => screen.replace(ESCAPES, "");
  return {
    screen: () => screen,
    plain,
    shown: () => shownText(screen),
    // Long enough for a CLI that checks a key over the network on a loaded 2-core machine: only
    // a hang should reach it (then the screen so far is in the error).
    async waitFor(pattern, from = cursor, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = plain();
        const rest = text.slice(from);
        const match =
          typeof pattern === "string"
            ? { index: rest.indexOf(pattern), length: pattern.length }
            : (() => {
                const found = pattern.exec(rest);
                return { index: found?.index ?? -1, length: found?.[0].length ?? 0 };
              })();
        if (match.index >= 0) {
          cursor = from + match.index + match.length;
          return cursor;
        }
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${text}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    write(keys) {
      child.write(keys);
    },
    async typeSlowly(text) {
      for (const char of text) {
        child.write(char);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    resize: (cols) => child.resize(cols, 40),
    exited,
    ended,
    kill: () => child.kill(),
    hangUp: () => (child as unknown as ClosableTerminal).destroy(),
  };
}

/** Runs `openclaw <args>` in a terminal to the end: exit code and the raw screen. */
export async function runInTerminal(
  args: string[],
  options: TerminalOptions = {},
): Promise<{ code: number; screen: string }> {
  const term = startTerminal(args, options);
  const code = await term.exited;
  return { code, screen: term.screen() };
}
