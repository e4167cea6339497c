/**
 * What the person enters at `openclaw chat`'s prompt on a terminal, an entry at a time. Bracketed
 * paste mode is turned on, so that the terminal marks what is pasted: several lines pasted at
 * once (a text to translate, a stack trace, a poem) are one entry, sent by the Enter pressed after
 * the paste, as one turn. Without it each pasted line was a turn of its own, answered and paid
 * for separately. Lines typed and entered one by one are each an entry, as before.
 */
import type { Interface } from "node:readline";

/** Asks the terminal to mark pastes with ESC[200~ … ESC[201~ (xterm's bracketed paste mode). */
const PASTE_MODE_ON = "\u001b[?2004h";
const PASTE_MODE_OFF = "\u001b[?2004l";

export interface ChatEntries extends AsyncIterable<string> {
  /** Lines pasted and not yet sent: Enter was not pressed after the paste yet. */
  readonly pending: readonly string[];
  /** Forgets the pasted lines not yet sent (Ctrl-C clears them as it clears a typed line). */
  discardPending(): void;
  /** Called with each entry as it is entered, before the chat gets to it. */
  onEntry(listener: (entry: string) => void): void;
  /** Turns bracketed paste mode off again (also done when the process exits). */
  close(): void;
}

interface Keypress {
  name?: string;
}

export function chatEntries(
  rl: Interface,
  input: NodeJS.ReadStream,
  terminal: NodeJS.WriteStream,
): ChatEntries {
  const queue: string[] = [];
  const listeners: ((entry: string) => void)[] = [];
  let pending: string[] = [];
  let pasting = false;
  let ended = false;
  let wake: (() => void) | undefined;
  // The prompt to put back once the pasted lines are sent: while they wait, the line being
  // edited is one under them, where readline must not redraw the prompt on a key press.
  let prompt: string | undefined;

  const push = (entry: string) => {
    for (const listener of listeners) listener(entry);
    queue.push(entry);
    wake?.();
    wake = undefined;
  };
  const restorePrompt = () => {
    if (prompt !== undefined) rl.setPrompt(prompt);
    prompt = undefined;
  };
  const onKeypress = (_text: string | undefined, key: Keypress | undefined) => {
    if (key?.name === "paste-start") pasting = true;
    else if (key?.name === "paste-end") pasting = false;
  };
  const onLine = (line: string) => {
    if (pasting) {
      prompt ??= rl.getPrompt();
      rl.setPrompt("");
      pending.push(line);
      return;
    }
    // A paste that ended with its own line break leaves nothing after it: Enter sends the paste.
    const entry =
      pending.length > 0 && line === "" ? pending.join("\n") : [...pending, line].join("\n");
    pending = [];
    restorePrompt();
    push(entry);
  };
  // A dumb terminal (Emacs' shell, a CI log) would print the mode's escape as text.
  const pasteMode = process.env.TERM !== "dumb";
  const disable = () => {
    if (pasteMode && terminal.isTTY) terminal.write(PASTE_MODE_OFF);
  };
  // Readline handles each key first (it was created before): the paste marks it ignores.
  input.on("keypress", onKeypress);
  rl.on("line", onLine);
  rl.once("close", () => {
    // Ctrl-D after a paste not yet sent: what was pasted is still sent, as lines piped in are.
    if (pending.length > 0) {
      const entry = pending.join("\n");
      pending = [];
      push(entry);
    }
    ended = true;
    wake?.();
    wake = undefined;
  });
  if (pasteMode) terminal.write(PASTE_MODE_ON);
  // Left on, the mode would wrap the shell's next pastes in marks it may not understand.
  process.once("exit", disable);

  return {
    get pending() {
      return pending;
    },
    discardPending() {
      pending = [];
      restorePrompt();
    },
    onEntry(listener) {
      listeners.push(listener);
    },
    close() {
      input.off("keypress", onKeypress);
      rl.off("line", onLine);
      process.off("exit", disable);
      disable();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
