/**
 * What the two kinds of lock file (session locks, and the locks beside config and credential
 * files) share: telling whether the process a lock names still runs, and taking over a stale
 * lock so that of several processes finding it stale at once only one removes it.
 *
 * A pid alone does not tell: after a crash the pid may be given to an unrelated process, and the
 * lock would then look held for as long as that process runs. So a lock also records when its
 * process started (on Linux, from /proc: the boot's id and the start time in clock ticks), and a
 * lock whose pid now belongs to a process that started at another time is stale. Where /proc is
 * not there, or a lock was written without a start time, the pid alone decides, as before.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";

let bootId: string | undefined | null = null;

/** This boot's id (Linux), so that a start time from before a reboot never matches. */
function currentBootId(): string | undefined {
  if (bootId === null) {
    try {
      bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

/**
 * When process `pid` started, as a token that differs between two processes that had the same
 * pid; undefined where it cannot be told (no /proc, the process is gone, or hidden from us).
 */
export function processStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ")": the fields after
  // the last ")" are state (3), …, starttime (22).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = fields[19];
  if (ticks === undefined || !/^\d+$/.test(ticks)) return undefined;
  const boot = currentBootId();
  return boot === undefined ? ticks : `${boot}/${ticks}`;
}

let ownStart: string | undefined | null = null;

/** This process's start token (see processStart), read once. */
export function ownProcessStart(): string | undefined {
  if (ownStart === null) ownStart = processStart(process.pid);
  return ownStart;
}

/**
 * Whether the process a lock names may still run: its pid exists (EPERM: it does, as another
 * user's) and, when the lock recorded a start time and this system can tell, it is the same
 * process, not a later one given the same pid.
 */
export function holderMayRun(pid: number, started: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (started === undefined) return true;
  const now = processStart(pid);
  return now === undefined || now === started;
}

/** A lock file as found: its text, and what tells this file from any later one at its path. */
export interface SeenLock {
  text: string;
  /** Inode, times and text, read through one descriptor: a new lock differs in at least one. */
  identity: string;
}

/** The lock file as found now; undefined when there is none. Other failures are thrown. */
export function seeLock(file: string): SeenLock | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const text = readFileSync(fd, "utf8");
    return {
      text,
      identity: [stat.ino, stat.birthtimeNs, stat.mtimeNs, stat.ctimeNs, text].join(":"),
    };
  } finally {
    closeSync(fd);
  }
}

/** The text a takeover file holds: who is taking over (pid and start, as a session lock). */
function takerText(): string {
  const start = ownProcessStart();
  return `${process.pid}${start === undefined ? "" : ` ${start}`}\n`;
}

/** Whether the run named in a takeover file may still be taking over. */
function takerMayRun(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  const [pidText, started] = text.trim().split(" ");
  const pid = Number(pidText);
  // A takeover runs without an await, so this process's own pid there is an earlier run's.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  return holderMayRun(pid, started);
}

/**
 * Removes the stale lock `stale` unless another process is removing it or has already. Taking
 * over is a remove then a create, and two processes may find the same stale lock: one must not
 * remove the fresh lock the other created meanwhile. So only the process that creates the lock's
 * takeover file (named after that very lock) may remove it, and only after checking the lock file
 * is still it. A takeover file whose process died before finishing is passed over for the next
 * one (-1, -2, …). Returns false when another process is taking it over: try again shortly.
 */
export function takeOverStale(lockFile: string, stale: SeenLock): boolean {
  const name = createHash("sha256").update(stale.identity).digest("hex").slice(0, 16);
  const takeover = (generation: number) => `${lockFile}.takeover-${name}-${generation}`;
  // Written whole before it is linked in place, so a takeover file always names its process.
  const draft = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(draft, takerText(), { mode: 0o600 });
  try {
    for (let generation = 0; ; generation++) {
      try {
        linkSync(draft, takeover(generation));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (takerMayRun(takeover(generation))) return false;
        continue;
      }
      if (seeLock(lockFile)?.identity === stale.identity) rmSync(lockFile, { force: true });
      // That lock is gone for good: its takeover files no longer guard anything.
      for (let each = generation; each >= 0; each--) rmSync(takeover(each), { force: true });
      return true;
    }
  } finally {
    rmSync(draft, { force: true });
  }
}
