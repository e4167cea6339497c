/**
 * One run at a time per session file: `<session>.jsonl.lock`, created exclusively (`wx`) with the
 * holder's pid in it. A second run waits a little for the lock, then fails saying which pid has
 * the session. A lock whose pid is gone (a crash, a kill -9) is stale and taken over, and so is one
 * holding this process's own pid that it does not hold (left by an earlier run with that pid).
 *
 * Taking over is a remove then a create, and two runs may find the same stale lock: one must
 * not remove the fresh lock the other created meanwhile. So the lock is removed only by the run
 * that creates its takeover file (see takeOverStale), after it has checked that the lock is
 * still the very one found stale.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
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
  return seenLock(lockFile)?.pid;
}

/** A lock file as found: its holder's pid and what tells this file from any later one. */
interface SeenLock {
  pid: number | undefined;
  /** Inode, times and text, read through one descriptor: a new lock differs in at least one. */
  identity: string;
}

/** The lock file as found now, or undefined when there is none (released meanwhile). */
function seenLock(file: string): SeenLock | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fsError(error, "read", file);
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const text = readFileSync(fd, "utf8");
    const pid = Number.parseInt(text.trim(), 10);
    return {
      pid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
      identity: [stat.ino, stat.birthtimeNs, stat.mtimeNs, stat.ctimeNs, text].join(":"),
    };
  } catch (error) {
    // A directory where the lock should be, say: the user's to remove, not a loop for ever.
    throw fsError(error, "read", file);
  } finally {
    closeSync(fd);
  }
}

/** Whether the pid in a takeover file is a run that may still be taking over. */
function takerMayBeRunning(pid: number | undefined): boolean {
  // A takeover runs without an await, so this process's own pid there is an earlier run's.
  if (pid === undefined || pid === process.pid) return false;
  return isAlive(pid);
}

/**
 * Removes the stale lock `stale` unless another run is removing it or has already: only the run
 * that creates its takeover file (named after that very lock) may, and only after checking the
 * lock file is still it. A takeover file whose run died before finishing is passed over for the
 * next one (-1, -2, …). Returns false when another run is taking it over: try again shortly.
 */
function takeOverStale(lockFile: string, stale: SeenLock): boolean {
  const name = createHash("sha256").update(stale.identity).digest("hex").slice(0, 16);
  const takeover = (generation: number) => `${lockFile}.takeover-${name}-${generation}`;
  // Written whole before it is linked in place, so a takeover file always names its run.
  const draft = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let generation = 0; ; generation++) {
      try {
        linkSync(draft, takeover(generation));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (takerMayBeRunning(holderOf(takeover(generation)))) return false;
        continue;
      }
      if (seenLock(lockFile)?.identity === stale.identity) rmSync(lockFile, { force: true });
      // That lock is gone for good: its takeover files no longer guard anything.
      for (let each = generation; each >= 0; each--) rmSync(takeover(each), { force: true });
      return true;
    }
  } finally {
    rmSync(draft, { force: true });
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
    let seen = seenLock(lockFile);
    if (seen?.pid === undefined) {
      // Half-written (the holder is between create and write) or left empty by a crash: one
      // more look before it is taken.
      await sleep(50);
      seen = seenLock(lockFile);
    }
    if (seen === undefined) continue; // released meanwhile
    const pid = seen.pid;
    // This process's own pid in a lock it does not hold was left by an earlier run that had the
    // same pid (a killed run in a container, where each run is often pid 1 or 7): stale too.
    const leftByEarlierRun = pid === process.pid && !held.has(lockFile);
    if (pid === undefined || leftByEarlierRun || !isAlive(pid)) {
      if (!takeOverStale(lockFile, seen)) await sleep(10);
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
