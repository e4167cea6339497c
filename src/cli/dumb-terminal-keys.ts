/**
 * Node 20's readline reads a dumb terminal (TERM=dumb: Emacs' M-x shell, an editor's console)
 * with a key handler of its own that knows Enter, Ctrl-C and Ctrl-D and nothing else:
 * - Ctrl-D closes the input whatever is on the line, so a chat left with exit 0 and the text
 *   typed so far was lost. On other terminals Ctrl-D deletes the character under the cursor and
 *   only leaves on an empty line; on a dumb one the cursor is always at the line's end, where
 *   there is nothing to delete.
 * - Ctrl-U (which the chat sends itself to clear the line after Ctrl-C, and to put a line typed
 *   during an answer back at the prompt) is ignored: Ctrl-C left the text it said it cleared,
 *   sent with the next line, and a line typed during an answer showed twice.
 * - Backspace is ignored: the character it should take back stayed, on screen and in the line
 *   sent. A dumb terminal still moves its cursor back for `\b`, so the character is rubbed out
 *   over the cells it takes (two for a Chinese one).
 */
import type { Interface } from "node:readline";
import { displayWidth } from "./display-width.js";

interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

type KeyHandler = (text: string | undefined, key: Key | undefined) => void;

/** Readline's key handler: on a dumb terminal an own property of the interface (not in Node's types). */
interface DumbKeyHandler {
  _ttyWrite?: KeyHandler;
  cursor: number;
}

/** Makes Ctrl-D, Ctrl-U and Backspace on a dumb terminal do what they do on other terminals. */
export function editLikeOtherTerminals(rl: Interface, output: NodeJS.WritableStream): void {
  const handler = rl as unknown as DumbKeyHandler;
  const dumbHandler = Object.hasOwn(rl, "_ttyWrite") ? handler._ttyWrite : undefined;
  if (process.env.TERM !== "dumb" || typeof dumbHandler !== "function") return;
  handler._ttyWrite = (text, key) => {
    if (key?.ctrl && key.name === "d" && rl.line !== "") return;
    if (key?.ctrl && key.name === "u") {
      (rl as { line: string }).line = "";
      handler.cursor = 0;
      return;
    }
    if (key?.name === "backspace" && !key.ctrl && !key.meta) {
      const characters = Array.from(rl.line);
      const last = characters.pop();
      if (last === undefined) return;
      (rl as { line: string }).line = characters.join("");
      handler.cursor = rl.line.length;
      const cells = displayWidth(last);
      output.write(`${"\b".repeat(cells)}${" ".repeat(cells)}${"\b".repeat(cells)}`);
      return;
    }
    dumbHandler.call(rl, text, key);
  };
}
