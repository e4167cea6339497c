/**
 * The session's lock for `agent` and `chat`, saying on stderr while another openclaw run holds
 * it (two runs at once would interleave their turns in the file); `signal` ends the wait.
 */
import { lockSession, type SessionLock } from "../../agent/index.js";
import { style } from "../output.js";

export function lockSessionSayingWait(
  file: string,
  sessionId: string,
  signal: AbortSignal,
): Promise<SessionLock> {
  return lockSession(file, {
    sessionId,
    signal,
    onWait: (pid) =>
      process.stderr.write(
        `${style.dim(`session ${sessionId} is in use by another openclaw run (pid ${pid}): waiting for it…`, process.stderr)}\n`,
      ),
  });
}
