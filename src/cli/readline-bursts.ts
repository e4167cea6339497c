/**
 * Node 20's readline takes the characters that arrive in one read (an input method committing a
 * phrase such as 关于, a word pasted on one line) on a fast path made for pastes at the end of
 * the line: each is appended to the END of the line, wherever the cursor is, and written where
 * the cursor is. A phrase committed in the middle of a Chinese sentence was then sent out of
 * order (我想问一于个问题关 for 我想问关于一个问题) while the screen showed something else. And the
 * fast path does not note the row the cursor ends on, so the next redraw of a line that wrapped
 * during it left a copy of the line's first row on the screen.
 */
import type { Interface } from "node:readline";

/** Readline's own record of the row its cursor is on (not in Node's types). */
interface CursorRows {
  prevRows?: number;
}

/**
 * Keeps `rl`'s fast path to characters added at the end of the line (a long paste stays fast),
 * puts the others in at the cursor, and notes the row a burst ended on.
 */
export function insertBurstsAtCursor(rl: Interface): void {
  // Readline clears this flag for every character of a read but its last, and sets it again.
  let lastOfRead = true;
  Object.defineProperty(rl, "isCompletionEnabled", {
    configurable: true,
    get: () => lastOfRead || rl.cursor < rl.line.length,
    set: (value: boolean) => {
      // The burst before the last character went onto the screen as is: its row is now the
      // cursor's, as readline's next redraw must know to go back to the line's start.
      if (value && !lastOfRead) (rl as Interface & CursorRows).prevRows = rl.getCursorPos().rows;
      lastOfRead = value;
    },
  });
}
