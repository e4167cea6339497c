/**
 * The echo of a line read with the terminal's own echo off (raw mode) on a dumb terminal, so that
 * a key pasted at a question that is not the key prompt (a URL, a model id) is shown covered
 * (`sk-••••`), as the capable terminal's prompt draws it, and not left in the scrollback. Only
 * backspace moves the cursor (every terminal has it): to take a character back, and to cover the
 * characters typed before the line took a key's shape.
 */
import { execFileSync } from "node:child_process";

const BACK = "\b";

/**
 * What to write to turn `shown` (on the screen now) into `wanted`: back over what differs, then
 * the rest. Characters (code points) are counted, one cell each as the line's are taken to be.
 */
export function echoChange(shown: string, wanted: string): string {
  const from = [...shown];
  const to = [...wanted];
  let same = 0;
  while (same < from.length && same < to.length && from[same] === to[same]) same++;
  const gone = from.length - same;
  const added = to.slice(same).join("");
  // Characters left over past the new end are blanked, then the cursor is brought back.
  const extra = Math.max(0, gone - (to.length - same));
  return `${BACK.repeat(gone)}${added}${" ".repeat(extra)}${BACK.repeat(extra)}`;
}

/**
 * Whether the terminal on `fd` echoes what is typed (its `stty` says `echo`). Emacs' M-x shell
 * turns echo off and shows its own input line: echoing there would show the line twice. Unknown
 * (no stty): false, so that nothing is shown twice; the line is then read as before.
 */
export function terminalEchoes(fd: number): boolean {
  try {
    const settings = execFileSync("stty", ["-a"], {
      stdio: [fd, "pipe", "ignore"],
      encoding: "utf8",
      timeout: 2000,
    });
    return /(?:^|\s)echo(?:\s|$)/.test(settings);
  } catch {
    return false;
  }
}
