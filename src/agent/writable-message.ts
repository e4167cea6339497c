/**
 * What a program's session writer (the library's `openSessionWriter`) is given to append as a
 * message: one that `loadSession` would read back. A string, a role that does not exist or a
 * tool result without its call's id was written as given and left out of the history at the next
 * load, with only a warning there: the turn was lost where nobody looked. It is refused when
 * appended instead, before anything is written, with what is wrong, as a run names it.
 */
import { OpenClawError } from "../errors.js";
import { messageProblem } from "../runtime/check-request.js";

/** Throws (code `usage`, `where` the field: `message.role`) unless `message` reads back. */
export function checkWritableMessage(sessionId: string, message: unknown): void {
  const problem = messageProblem(message, "message");
  if (!problem) return;
  throw new OpenClawError(
    "usage",
    `appendMessage on session ${sessionId}: ${problem.message}; loadSession would leave it out of the history`,
    {
      where: problem.where ?? "message",
      hint: `${problem.hint ? `${problem.hint}; ` : ""}nothing was written`,
      exitCode: 2,
    },
  );
}
