/**
 * One run at a time per session file: `<session>.jsonl.lock`, created exclusively (`wx`) with the
 * holder's pid in it. A second run waits a little for the lock, then fails saying which pid has
 * the session. A lock whose pid is gone (a crash, a kill -9) is stale and taken over, and so is one
 * holding this process's own pid that it does not hold (left by an earlier run with that pid).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { OpenClawError } from "../errors.js";
import { fsError } from "../util/atomic-files.js";

export interface SessionLock {
  readonly file: string;
  release(): void;
}

export interface LockOptions {
  /** How long to wait for another run to finish with the session (default 2 s). */
  waitMs?: number;
  /** The session id, for the message. */
  sessionId?: string;
  /** Ends the wait: the lock is not taken and the signal's reason is thrown. */
  signal?: AbortSignal;
  /** Called once, when the session is found in use and the wait begins. */
  onWait?: (pid: number) => void;
}

const held = new Set<string>();
let exitHookInstalled = false;

/** Locks that outlive their run (process.exit on a second Ctrl-C) are removed on exit. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const file of held) rmSync(file, { force: true });
  });
}

function holderOf(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function lockSession(
  sessionFile: string,
  options: LockOptions = {},
): Promise<SessionLock> {
  // Absolute: which locks this process holds is asked by name, however the caller wrote it.
  const lockFile = path.resolve(`${sessionFile}.lock`);
  try {
    mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
  } catch (error) {
    // A file where the sessions directory should be is the user's to move, not a bug.
    throw fsError(error, "write", sessionFile);
  }
  const deadline = Date.now() + (options.waitMs ?? 2000);
  let waiting = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: "wx", mode: 0o600 });
      held.add(lockFile);
      installExitHook();
      let released = false;
      return {
        file: lockFile,
        release() {
          if (released) return;
          released = true;
          held.delete(lockFile);
          rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let pid = holderOf(lockFile);
    if (pid === undefined) {
      // Half-written (the holder is between create and write) or left empty by a crash: one
      // more look before it is taken.
      await sleep(50);
      pid = holderOf(lockFile);
    }
    // This process's own pid in a lock it does not hold was left by an earlier run that had the
    // same pid (a killed run in a container, where each run is often pid 1 or 7): stale too.
    const leftByEarlierRun = pid === process.pid && !held.has(lockFile);
    if (pid === undefined || leftByEarlierRun || !isAlive(pid)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const name = options.sessionId ? `session ${options.sessionId}` : `session ${sessionFile}`;
      throw new OpenClawError(
        "session_busy",
        `${name} is in use by another openclaw run (pid ${pid})`,
        {
          where: sessionFile,
          hint: `wait for it to finish, or use another session id (a lock left by a crash is removed once pid ${pid} is gone: ${lockFile})`,
        },
      );
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(pid);
    }
    await sleep(100, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}
