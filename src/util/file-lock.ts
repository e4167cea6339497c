/**
 * A lock beside a file (`<file>.lock`), held while a process reads, changes and replaces it, so
 * that two openclaw processes changing the same file at once do not lose each other's changes.
 * The lock file is created with O_EXCL and names its holder (pid, host, since when). A lock whose
 * holder is no longer running on this host is taken over; a live holder is waited for, up to a
 * bound, then the error names it. Re-entrant within one process. Synchronous, like the writes it
 * guards.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { hostname } from "node:os";
import { OpenClawError } from "../errors.js";

export interface LockOptions {
  /** How long to wait for another process's lock before giving up (default 10 s). */
  waitMs?: number;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
  token: string;
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
    const value: unknown = JSON.parse(fs.readFileSync(lock, "utf8"));
    if (typeof value !== "object" || value === null) return undefined;
    const { pid, host, since, token } = value as Record<string, unknown>;
    if (typeof pid !== "number" || typeof host !== "string" || typeof token !== "string")
      return undefined;
    return { pid, host, since: typeof since === "string" ? since : "", token };
  } catch {
    return undefined;
  }
}

/** Whether the holder is certainly gone: only a process on this host can be checked. */
function holderIsGone(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return ![...held.values()].some((h) => h.token === holder.token);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function ageMs(lock: string): number {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes a stale lock. It is first renamed to a private name, so that of two processes taking
 * over the same stale lock only one removes it; if what was renamed turns out to be a fresh lock
 * (another process took over first), it is put back.
 */
function takeOver(lock: string, stale: Holder | undefined): void {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString("hex")}.stale`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return; // gone already: someone else took it over
  }
  const moved = readHolder(aside);
  if (stale !== undefined && moved !== undefined && moved.token !== stale.token) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // Another lock is in place already; the one moved aside lost its file, its holder's
      // release finds nothing to remove. Rare (three processes racing a stale lock).
    }
  }
  fs.rmSync(aside, { force: true });
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

function acquire(file: string, lock: string, waitMs: number): string {
  const token = randomBytes(8).toString("hex");
  const content = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token,
  });
  const deadline = Date.now() + waitMs;
  let pause = 10;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, "wx", 0o600);
      fs.writeFileSync(fd, content);
      return token;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        if (fd !== undefined) fs.rmSync(lock, { force: true });
        throw new OpenClawError(
          "fs.unwritable",
          `could not create the lock file ${lock}: ${code ?? String(error)}`,
          {
            where: lock,
            hint: "check that the config's directory is writable; nothing was changed",
            cause: error,
          },
        );
      }
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    const holder = readHolder(lock);
    if (holder ? holderIsGone(holder) : ageMs(lock) > UNREADABLE_STALE_MS) {
      takeOver(lock, holder);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(file, lock, holder, waitMs);
    sleep(pause);
    pause = Math.min(pause * 2, 100);
  }
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
 * Runs `fn` holding the locks of `files` (taken in a fixed order, so two processes locking the
 * same files cannot deadlock). Files already locked by this process are not locked again.
 */
export function withFileLocks<T>(
  files: readonly string[],
  fn: () => T,
  options: LockOptions = {},
): T {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const locks = [...new Set(files)].sort().map((file) => ({ file, lock: lockPathOf(file) }));
  const taken: string[] = [];
  try {
    for (const { file, lock } of locks) {
      const mine = held.get(lock);
      if (mine) mine.depth++;
      else {
        installExitHook();
        held.set(lock, { depth: 1, token: acquire(file, lock, waitMs) });
      }
      taken.push(lock);
    }
    return fn();
  } finally {
    for (const lock of taken.reverse()) {
      const mine = held.get(lock);
      if (!mine) continue;
      if (--mine.depth === 0) {
        held.delete(lock);
        release(lock, mine.token);
      }
    }
  }
}
