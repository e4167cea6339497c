/**
 * A lock beside a file (`<file>.lock`), held while a process reads, changes and replaces it, so
 * that two openclaw processes changing the same file at once do not lose each other's changes.
 * The lock file is created with O_EXCL and names its holder (pid, host, since when, and on Linux
 * when its process started). A lock whose holder is no longer running on this host (its pid gone,
 * or given to a process that started later) is taken over, by one process only when several find
 * it stale at once (lock-takeover.ts); a live holder is waited for, up to a bound, then the error
 * names it. Re-entrant within one process.
 *
 * The locks a call asks for are taken all at once or not at all, so a process never holds one of
 * them while it waits for another: stopped during a wait (Ctrl-C), it leaves none of its locks
 * behind. The wait is synchronous (withFileLocks, for the synchronous writes of `config set` and
 * the like: a Ctrl-C ends the process by the signal, as for any command not otherwise handling it)
 * or asynchronous (withFileLocksAsync, for onboarding, which says what it waits for and handles
 * Ctrl-C as elsewhere). Either way a lock is held only while synchronous code runs, so no signal
 * handler can run while one is held; an exit hook lets go of locks held when the process exits.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { OpenClawError } from "../errors.js";
import { abortableSleep } from "./cancellation.js";
import {
  holderMayRun,
  ownProcessStart,
  type SeenLock,
  seeLock,
  takeOverStale,
} from "./lock-takeover.js";
import { shellWord } from "./shell-word.js";

export interface LockOptions {
  /** How long to wait for another process's lock before giving up (default 10 s). */
  waitMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
  token: string;
  /** When the holder's process started (lock-takeover.ts), where the system tells it. */
  started?: string;
}

const DEFAULT_WAIT_MS = 10_000;
/** A lock file with no readable holder (its writer died between create and write) this old is stale. */
const UNREADABLE_STALE_MS = 5_000;

/** Lock path → how many times this process holds it (re-entrant) and its token. */
const held = new Map<string, { depth: number; token: string }>();
let exitHookInstalled = false;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readHolder(lock: string): Holder | undefined {
  try {
    return holderIn(fs.readFileSync(lock, "utf8"));
  } catch {
    return undefined;
  }
}

/** The holder a lock file's text names; undefined when it names none (half-written, damaged). */
function holderIn(text: string): Holder | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { pid, host, since, token, started } = value as Record<string, unknown>;
  if (typeof pid !== "number" || typeof host !== "string" || typeof token !== "string")
    return undefined;
  return {
    pid,
    host,
    since: typeof since === "string" ? since : "",
    token,
    ...(typeof started === "string" ? { started } : {}),
  };
}

/** Whether the holder is certainly gone: only a process on this host can be checked. */
function holderIsGone(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return ![...held.values()].some((h) => h.token === holder.token);
  return !holderMayRun(holder.pid, holder.started);
}

function ageMs(lock: string): number {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

function lockedError(file: string, lock: string, holder: Holder | undefined, waitMs: number) {
  const who = holder
    ? `another openclaw process (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ""}${holder.since ? `, since ${holder.since}` : ""})`
    : "another openclaw process";
  return new OpenClawError(
    "fs.locked",
    `${file} is being changed by ${who}; waited ${Math.round(waitMs / 1000)} s for it to finish`,
    {
      where: file,
      hint: `try again when it is done; if no such process is running, remove ${lock}; nothing was changed`,
    },
  );
}

/** The outcome of one attempt at a lock: taken (its token), or held by someone else. */
type Attempt = { token: string } | { busy: Holder | undefined };

/** One attempt at `lock`, without waiting; a stale lock is taken over first. */
function tryLock(lock: string): Attempt {
  const token = randomBytes(8).toString("hex");
  const started = ownProcessStart();
  const content = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token,
    ...(started === undefined ? {} : { started }),
  });
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, "wx", 0o600);
      fs.writeFileSync(fd, content);
      return { token };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        if (fd !== undefined) fs.rmSync(lock, { force: true });
        throw new OpenClawError("fs.unwritable", lockRefusal(lock, code, error), {
          where: lock,
          hint: `${lockRefusalFix(lock, code)}; nothing was changed`,
          cause: error,
        });
      }
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    let seen: SeenLock | undefined;
    try {
      seen = seeLock(lock);
    } catch {
      // Not a readable file (a directory, say): busy until the wait ends with what to remove.
      return { busy: undefined };
    }
    if (seen === undefined) continue; // let go of meanwhile
    const holder = holderIn(seen.text);
    if (!(holder ? holderIsGone(holder) : ageMs(lock) > UNREADABLE_STALE_MS))
      return { busy: holder };
    // Another process taking the same stale lock over: it is busy for now, tried again shortly.
    if (!takeOverStale(lock, seen)) return { busy: holder };
  }
}

interface Wanted {
  file: string;
  lock: string;
}

/** Who holds a lock this process waits for. */
export interface LockHolder {
  /** The locked file. */
  file: string;
  /** The holder's pid, when its lock file says. */
  pid?: number;
}

/**
 * Takes all of `locks` or none: when one is held by another process, those taken by this attempt
 * are let go again and the busy one is returned. So a process waiting for a lock holds none of
 * the ones it asked for meanwhile: stopping it then (Ctrl-C, which a synchronous wait cannot
 * handle) leaves no lock of its behind, and it keeps no one else waiting.
 */
function takeAll(
  locks: readonly Wanted[],
): { wanted: Wanted; holder: Holder | undefined } | undefined {
  const taken: string[] = [];
  for (const wanted of locks) {
    const mine = held.get(wanted.lock);
    if (mine) {
      mine.depth++;
      taken.push(wanted.lock);
      continue;
    }
    let attempt: Attempt;
    try {
      attempt = tryLock(wanted.lock);
    } catch (error) {
      letGo(taken);
      throw error;
    }
    if ("busy" in attempt) {
      letGo(taken);
      return { wanted, holder: attempt.busy };
    }
    installExitHook();
    held.set(wanted.lock, { depth: 1, token: attempt.token });
    taken.push(wanted.lock);
  }
  return undefined;
}

/** Lets go of locks taken by takeAll (a re-entrant one only loses a level). */
function letGo(locks: readonly string[]): void {
  for (const lock of [...locks].reverse()) {
    const mine = held.get(lock);
    if (!mine) continue;
    if (--mine.depth === 0) {
      held.delete(lock);
      release(lock, mine.token);
    }
  }
}

function wantedLocks(files: readonly string[]): Wanted[] {
  return [...new Set(files)].sort().map((file) => ({ file, lock: lockPathOf(file) }));
}

function release(lock: string, token: string): void {
  if (readHolder(lock)?.token === token) fs.rmSync(lock, { force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process ending while it holds a lock (an uncaught error, process.exit) leaves no lock behind.
  process.once("exit", () => {
    for (const [lock, { token }] of held) {
      try {
        release(lock, token);
      } catch {
        // best effort: a stale lock is taken over by the next process anyway
      }
    }
  });
}

/** The lock file of `file` (after symlinks are resolved by the caller). */
export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/**
 * Runs `fn` holding the locks of `files` (taken all at once or not at all, so two processes
 * locking the same files cannot deadlock). Files already locked by this process are not locked
 * again. Waits synchronously, holding none of `files`' locks while it waits; a Ctrl-C then ends
 * the process by the signal (no JavaScript runs during a synchronous wait) with no lock of ours
 * left. Callers that can wait asynchronously, and so handle Ctrl-C, use withFileLocksAsync.
 */
export function withFileLocks<T>(
  files: readonly string[],
  fn: () => T,
  options: LockOptions = {},
): T {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const locks = wantedLocks(files);
  for (const wait of lockAttempts(locks, waitMs)) {
    if (wait.begins) waitNotice?.(wait.begins, waitMs);
    sleep(wait.pauseMs);
  }
  try {
    return fn();
  } finally {
    letGo(locks.map((wanted) => wanted.lock));
  }
}

/**
 * Takes all of `locks` (see takeAll), trying again until it has them: each time another process
 * holds one, yields how long to pause before the next try (growing from 10 to 100 ms), with
 * `begins` (who holds it) the first time. Throws once `waitMs` have passed.
 *
 * The lock found busy is tried first next time, so that while it stays busy the others are not
 * taken and let go on every try: a Ctrl-C landing in a synchronous wait would otherwise, now and
 * then, end the process between the two and leave one of them behind.
 */
function* lockAttempts(
  locks: readonly Wanted[],
  waitMs: number,
): Generator<{ pauseMs: number; begins?: LockHolder }, void> {
  const deadline = Date.now() + waitMs;
  let pauseMs = 10;
  let told = false;
  let order = locks;
  for (;;) {
    const busy = takeAll(order);
    if (!busy) return;
    if (order[0] !== busy.wanted)
      order = [busy.wanted, ...order.filter((wanted) => wanted !== busy.wanted)];
    if (Date.now() >= deadline)
      throw lockedError(busy.wanted.file, busy.wanted.lock, busy.holder, waitMs);
    yield told ? { pauseMs } : { pauseMs, begins: holderOf(busy) };
    told = true;
    pauseMs = Math.min(pauseMs * 2, 100);
  }
}

export interface AsyncLockOptions extends LockOptions {
  /** Stops the wait: the promise rejects with the signal's reason, no lock is taken. */
  signal?: AbortSignal;
  /** Called once, when a lock is held by another process and the wait begins (else the notice
   * setLockWaitNotice set is told). */
  onWait?: (holder: LockHolder) => void;
}

/** Who holds the busy lock, as a wait is told about it. */
function holderOf(busy: { wanted: Wanted; holder: Holder | undefined }): LockHolder {
  return { file: busy.wanted.file, ...(busy.holder ? { pid: busy.holder.pid } : {}) };
}

/** Told when a wait for another process's lock begins, unless the caller asks otherwise. */
let waitNotice: ((holder: LockHolder, waitMs: number) => void) | undefined;

/**
 * Sets what a wait for another process's lock says when it begins (the CLI: a line on stderr, so
 * that a command held up by another openclaw process does not seem to hang): every synchronous
 * wait, where no JavaScript runs during the wait itself so it is said once, before it, and every
 * asynchronous one not given its own `onWait`. None by default (a library says nothing).
 */
export function setLockWaitNotice(
  notice: ((holder: LockHolder, waitMs: number) => void) | undefined,
): void {
  waitNotice = notice;
}

/**
 * As withFileLocks, but the wait for another process's lock is asynchronous, so signal handlers
 * (Ctrl-C) and `options.signal` can end it. `fn` runs synchronously once all locks are held, so
 * no lock is held across an await: the event loop never turns while this process holds one.
 */
export async function withFileLocksAsync<T>(
  files: readonly string[],
  fn: () => T,
  options: AsyncLockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const locks = wantedLocks(files);
  options.signal?.throwIfAborted();
  for (const wait of lockAttempts(locks, waitMs)) {
    if (wait.begins) {
      if (options.onWait) options.onWait(wait.begins);
      else waitNotice?.(wait.begins, waitMs);
    }
    // Rejects at once when the signal is aborted meanwhile: no further try is made.
    await abortableSleep(wait.pauseMs, options.signal);
  }
  try {
    return fn();
  } finally {
    letGo(locks.map((wanted) => wanted.lock));
  }
}

/** A directory this user may not write to, or one on a read-only mount: no file can go there. */
const UNWRITABLE_DIR_CODES = new Set(["EACCES", "EPERM", "EROFS"]);

/** Why the lock file `lock` could not be made: its directory, by name, when that is the cause. */
function lockRefusal(lock: string, code: string | undefined, error: unknown): string {
  const dir = dirname(lock);
  if (code === "EROFS")
    return `cannot create the lock file ${lock}: ${dir} is on a read-only file system`;
  if (code !== undefined && UNWRITABLE_DIR_CODES.has(code))
    return `cannot create the lock file ${lock}: ${dir} is not writable for this user (${code})`;
  return `could not create the lock file ${lock}: ${code ?? String(error)}`;
}

/** What to do about lockRefusal's cause. */
function lockRefusalFix(lock: string, code: string | undefined): string {
  const dir = dirname(lock);
  if (code !== undefined && UNWRITABLE_DIR_CODES.has(code))
    return `let this user write to ${dir} (ls -ld ${shellWord(dir)} shows its owner and mode), or point OPENCLAW_CONFIG_PATH or OPENCLAW_STATE_DIR at a place it may write`;
  return `check that ${dir} is writable`;
}
