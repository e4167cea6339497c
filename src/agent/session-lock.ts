/**
 * One run at a time per session file: `<session>.jsonl.lock`, created exclusively (`wx`) with the
 * holder's pid in it. A second run waits a little for the lock, then fails saying which pid has
 * the session. A lock whose pid is gone (a crash, a kill -9) is stale and taken over, and so is one
 * holding this process's own pid that it does not hold (left by an earlier run with that pid),
 * and one whose pid now belongs to a process that started later (on Linux the lock records its
 * run's start: `<pid> <start>`; see lock-takeover.ts).
 *
 * Two runs may find the same stale lock: only one takes it over (takeOverStale).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { OpenClawError } from "../errors.js";
import { fsError } from "../util/atomic-files.js";
import { abortableSleep } from "../util/cancellation.js";
import { refuseHomeShorthand } from "../util/home-shorthand.js";
import {
  holderMayRun,
  ownProcessStart,
  type SeenLock,
  seeLock,
  takeOverStale,
} from "../util/lock-takeover.js";
import { checkOptionNames, type OptionNames } from "../util/option-names.js";
import { checkOptionTypes, optionType } from "../util/option-types.js";
import { checkStringArguments } from "../util/string-arguments.js";

/** A session file held for one turn (see lockSession); release it when the turn is over. */
export interface SessionLock {
  /** The lock file beside the session file (its name with `.lock` added). */
  readonly file: string;
  /** Gives the session up for the next turn, the CLI's included; a second call does nothing. */
  release(): void;
}

/** Each option may be undefined, as left out, so that a program forwards its own as they are. */
export interface LockOptions {
  /** How long to wait for another run to finish with the session (default 2 s). */
  waitMs?: number | undefined;
  /** The session id, for the message. */
  sessionId?: string | undefined;
  /** Ends the wait: the lock is not taken and the signal's reason is thrown. */
  signal?: AbortSignal | undefined;
  /** Called once, when the session is found in use and the wait begins. */
  onWait?: ((pid: number) => void) | undefined;
}

const LOCK_OPTIONS = {
  waitMs: true,
  sessionId: true,
  signal: true,
  onWait: true,
} as const satisfies OptionNames<LockOptions>;

/**
 * Refuses what plain JavaScript passes without a word: a misspelled option (`waitMS`: the wait
 * would be the default 2 s) or a `waitMs` that is no number of 0 or more. `"100"` was added to
 * the clock as a string and NaN compared false, so a busy session was waited for without end.
 */
function checkLockOptions(options: LockOptions): void {
  checkOptionNames("lockSession", options, LOCK_OPTIONS);
  checkOptionTypes("lockSession", options, {
    waitMs: {
      shape:
        "a number of milliseconds, 0 or more (0: do not wait; Infinity: wait until it is free)",
      holds: (value) => typeof value === "number" && value >= 0,
    },
    onWait: optionType.function("called with the holder's pid when the wait begins"),
  });
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

/** A session lock as found: its holder's pid and start (see lock-takeover.ts), and identity. */
interface SeenSessionLock extends SeenLock {
  pid: number | undefined;
  started: string | undefined;
}

/** The lock file as found now, or undefined when there is none (released meanwhile). */
function seenLock(file: string): SeenSessionLock | undefined {
  let seen: SeenLock | undefined;
  try {
    seen = seeLock(file);
  } catch (error) {
    // A directory where the lock should be, say: the user's to remove, not a loop for ever.
    throw fsError(error, "read", file);
  }
  if (seen === undefined) return undefined;
  // `<pid>` (older runs) or `<pid> <start>`.
  const [pidText, started] = seen.text.trim().split(" ");
  const pid = Number.parseInt(pidText ?? "", 10);
  return { ...seen, pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, started };
}

/** What this run writes in a lock: its pid, then its start where the system tells it. */
function lockText(): string {
  const start = ownProcessStart();
  return `${process.pid}${start === undefined ? "" : ` ${start}`}\n`;
}

/**
 * The session is held past the wait. By this very process (another turn of a program, or a lock
 * never released) the way out is in the program, not in waiting for a pid to go.
 */
function sessionBusy(
  sessionFile: string,
  lockFile: string,
  pid: number,
  options: LockOptions,
): OpenClawError {
  const name = options.sessionId ? `session ${options.sessionId}` : `session ${sessionFile}`;
  if (pid === process.pid && held.has(lockFile)) {
    return new OpenClawError(
      "session_busy",
      `${name} is already locked by this process (pid ${pid}): another part of the program holds its lock, a turn not finished or a lock not released`,
      {
        where: sessionFile,
        hint: `await the turn that holds it, or call release() on the first lock before locking again (waitMs sets how long a second lockSession waits, ${options.waitMs ?? 2000} ms here)`,
      },
    );
  }
  return new OpenClawError(
    "session_busy",
    `${name} is in use by another openclaw run (pid ${pid})`,
    {
      where: sessionFile,
      hint: `wait for it to finish, or use another session id (a lock left by a crash is removed once pid ${pid} is gone: ${lockFile})`,
    },
  );
}

/**
 * Takes a session file's lock for one turn, as `openclaw agent` and `chat` do, so that two turns
 * of one session (or a program's and the CLI's) do not interleave their messages in it. A lock
 * another run holds is waited for (`waitMs`, 2 s by default), then refused with `session_busy`
 * naming that run's pid; call `release()` in a `finally` once the turn is written.
 */
export async function lockSession(
  sessionFile: string,
  options: LockOptions = {},
): Promise<SessionLock> {
  checkStringArguments(
    "lockSession",
    { sessionFile },
    'lockSession(sessionFile, options?), e.g. lockSession(sessionPath(stateDir, "main", "support-42"))',
  );
  checkLockOptions(options);
  refuseHomeShorthand(
    "lockSession",
    "sessionFile",
    sessionFile,
    'pass the session file\'s absolute path, as sessionPath(resolveStateDir(), "main", id) gives it',
  );
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
      writeFileSync(lockFile, lockText(), { flag: "wx", mode: 0o600 });
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
    if (pid === undefined || leftByEarlierRun || !holderMayRun(pid, seen.started)) {
      if (!takeOverStale(lockFile, seen)) await sleep(10);
      continue;
    }
    if (Date.now() >= deadline) throw sessionBusy(sessionFile, lockFile, pid, options);
    if (!waiting) {
      waiting = true;
      options.onWait?.(pid);
    }
    // Stopped by the signal, the wait rejects with its reason (as a run's does), not with the
    // timer's own AbortError.
    await abortableSleep(100, options.signal);
  }
}
