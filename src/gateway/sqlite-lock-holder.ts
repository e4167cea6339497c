/**
 * Which process holds a lock on a file, as Linux lists it in /proc/locks: SQLite's locks are
 * POSIX advisory locks on the database file. Elsewhere, or when the list cannot be read, nothing
 * is known and nothing is said.
 */
import { readFileSync, statSync } from "node:fs";

/** A process holding a lock: its id and, when the system says, its name (`node`, `sqlite3`). */
export interface LockHolder {
  pid: number;
  name?: string;
}

/** The device's major and minor numbers as /proc/locks writes them (hex), from `st_dev`. */
function deviceText(dev: number): string {
  // Linux's dev_t: the minor's low 8 bits, then the major's 12, then the minor's upper 12.
  const major = (dev >>> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return `${major.toString(16).padStart(2, "0")}:${minor.toString(16).padStart(2, "0")}`;
}

/**
 * The ids of the processes other than `self` that /proc/locks says hold a lock on the file with
 * `device:inode` (`fe:00:2826447`), each once: those holding a write lock first (the one keeping
 * readers out; a reader holds a read lock), then the others, each in the order listed.
 */
export function lockHoldersIn(locks: string, fileId: string, self: number): number[] {
  const writers: number[] = [];
  const readers: number[] = [];
  for (const line of locks.split("\n")) {
    // `1: POSIX  ADVISORY  WRITE 28316 fe:00:2826447 1073741824 1073742335`; a waiter's line
    // starts `1: -> POSIX …` and holds nothing.
    const fields = line.trim().split(/\s+/);
    if (fields[1] === "->" || fields[5] !== fileId) continue;
    const pid = Number(fields[4]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === self) continue;
    const list = fields[3] === "WRITE" ? writers : readers;
    if (!list.includes(pid)) list.push(pid);
  }
  return [...writers, ...readers.filter((pid) => !writers.includes(pid))];
}

/** The first process other than this one holding a lock on `file`, if the system says. */
export function lockHolder(file: string): LockHolder | undefined {
  try {
    const { dev, ino } = statSync(file);
    const locks = readFileSync("/proc/locks", "utf8");
    const pid = lockHoldersIn(locks, `${deviceText(dev)}:${ino}`, process.pid)[0];
    if (pid === undefined) return undefined;
    // The name only (at most 15 characters): a command line may carry a secret.
    const name = processName(pid);
    return name === undefined ? { pid } : { pid, name };
  } catch {
    return undefined;
  }
}

function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
