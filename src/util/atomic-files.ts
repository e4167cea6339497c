/**
 * Writing config and credential files safely: every new content goes to a temp file beside its
 * target, the previous content is kept as `.bak`, then the temp is renamed into place. Several
 * files can be committed together (all change or none does), each under its lock (file-lock.ts).
 * Directories are created 0700, files 0600.
 *
 * A target that is a symlink (a config kept with one's dotfiles) is written where the link points:
 * the link stays and the file it names gets the new content (its `.bak` and temp sit beside that
 * file). A target without write permission (chmod 400: made read-only on purpose) is refused with
 * what to do, not replaced.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { OpenClawError } from "../errors.js";
import { type AsyncLockOptions, withFileLocks, withFileLocksAsync } from "./file-lock.js";

/** One file for `commitFiles` to replace atomically, with the others or none. */
export interface FileToWrite {
  /** The file's path. */
  path: string;
  /** Its new content (UTF-8 text). */
  content: string;
  /** File mode; secrets and config both default to 0600. */
  mode?: number;
  /**
   * What the `.bak` keeps of the previous content (all of it by default): a key that the new
   * content replaces with a reference is left out, so that the `.bak` is not where it lives on.
   */
  backup?: (previous: string) => string;
}

const ERRNO_WORDS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "the path is a directory",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EEXIST: "something that is not a directory is in the way",
};

/** Why a file-system call failed, in words (Node's own message for a code without them). */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words = code === undefined ? undefined : ERRNO_WORDS[code];
  return words ?? (error instanceof Error ? error.message : String(error));
}

/** A file-system failure as a user-facing error: what failed, where, and why in words. */
export function fsError(error: unknown, action: string, where: string): OpenClawError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown";
  const blocking = blockingFile(code, action, where);
  return new OpenClawError(
    "fs.unwritable",
    `could not ${action} ${where}: ${blocking ? `${blocking} is a file, not a directory` : (ERRNO_WORDS[code] ?? code)}`,
    {
      where,
      hint: blocking
        ? `move or remove the file ${blocking} (a directory is needed there), or write somewhere else; nothing was changed`
        : "check that the state directory (OPENCLAW_STATE_DIR, default ~/.openclaw) is a writable directory; nothing was changed",
      cause: error,
    },
  );
}

/**
 * The file standing where a directory is needed: ENOTDIR, or EEXIST from a recursive mkdir (Node
 * says EEXIST when the last directory to create is a file: `sessions`, for `sessions/s.jsonl`).
 */
function blockingFile(code: string, action: string, where: string): string | undefined {
  if (code !== "ENOTDIR" && code !== "EEXIST") return undefined;
  const onTheWay = fileOnTheWay(where);
  if (onTheWay !== undefined || code !== "EEXIST" || action !== "create the directory") {
    return onTheWay;
  }
  // Creating `where` itself: it may be the file.
  try {
    return fs.statSync(where).isDirectory() ? undefined : path.resolve(where);
  } catch {
    return undefined;
  }
}

/** The first directory of `where`'s path that is a file instead (ENOTDIR: which one, to say so). */
export function fileOnTheWay(where: string): string | undefined {
  const resolved = path.resolve(where);
  const parts: string[] = [];
  for (let dir = path.dirname(resolved); dir !== path.dirname(dir); dir = path.dirname(dir))
    parts.unshift(dir);
  for (const dir of parts) {
    try {
      if (!fs.statSync(dir).isDirectory()) return dir;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function ensurePrivateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fsError(error, "create the directory", dir);
  }
}

/** Links are followed this many times at most (a loop of links is an error, as for open()). */
const MAX_LINKS = 40;

/**
 * The file a write to `file` must replace: `file` itself, or, when it is a symlink, the file the
 * link (or chain of links) names, which need not exist yet.
 */
export function writeTarget(file: string): string {
  let target = path.resolve(file);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return target;
      // Looking where the write goes is part of writing it: said as a write, not a read.
      throw fsError(error, "write", file);
    }
    if (!stat.isSymbolicLink()) return target;
    try {
      target = path.resolve(path.dirname(target), fs.readlinkSync(target));
    } catch (error) {
      throw fsError(error, "follow the link", file);
    }
  }
  throw fsError(Object.assign(new Error("too many links"), { code: "ELOOP" }), "follow", file);
}

/** Refuses to replace a file its owner made read-only (no write bit at all). */
function refuseReadOnly(file: string, target: string): void {
  let mode: number;
  try {
    mode = fs.statSync(target).mode;
  } catch {
    return; // not there yet
  }
  if ((mode & 0o222) !== 0) return;
  const shown = (mode & 0o777).toString(8).padStart(4, "0");
  const named = target === path.resolve(file) ? file : `${file} (→ ${target})`;
  throw new OpenClawError("fs.read_only", `${named} is read-only (mode ${shown}): not changed`, {
    where: file,
    hint: `it was made read-only; to let openclaw change it: chmod 600 ${target}; nothing was changed`,
  });
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fsError(error, "read", file);
  }
}

/** A hidden, unique name beside `target` for its next content. */
function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
}

function writeTemp(target: string, content: string, mode: number): string {
  const temp = tempPathFor(target);
  try {
    const fd = fs.openSync(temp, "wx", mode);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, mode); // the umask may have narrowed the mode: be explicit
  } catch (error) {
    removeQuietly(temp);
    throw fsError(error, "write", target);
  }
  return temp;
}

/**
 * Puts `content` at `backup` as a new 0600 file renamed into place. The old `.bak` is never
 * written into: one left readable by others (0644, from an older version or a copy by hand), a
 * reader holding it open, or a link to a file elsewhere would each have received the secrets.
 */
function replaceBackup(backup: string, content: string): void {
  const temp = tempPathFor(backup);
  try {
    fs.writeFileSync(temp, content, { mode: 0o600, flag: "wx" });
    fs.chmodSync(temp, 0o600); // the umask may have narrowed the mode: be explicit
    fs.renameSync(temp, backup);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // best effort: a stray temp file is harmless
  }
}

function rollback(file: string, original: string | undefined): void {
  try {
    if (original === undefined) fs.rmSync(file, { force: true });
    else fs.renameSync(writeTemp(file, original, 0o600), file);
  } catch {
    // Nothing more we can do; the .bak beside it still holds the old content.
  }
}

/** New contents written to temp files beside their targets, not yet in place. */
export interface StagedFiles {
  /** The temp file of each target, in the order given (e.g. to validate before committing). */
  readonly temps: readonly string[];
  /** Moves every temp into place (old contents kept as `.bak`); on failure puts all back. */
  commit(): void;
  /** Removes the temp files; the targets stay as they were. */
  discard(): void;
}

/**
 * Writes every file's new content to a temp file beside it (beside the file a symlink names);
 * nothing is replaced yet.
 */
export function stageFiles(given: readonly FileToWrite[]): StagedFiles {
  const files = given.map((file) => {
    const target = writeTarget(file.path);
    refuseReadOnly(file.path, target);
    return { ...file, path: target };
  });
  const temps: string[] = [];
  const originals: (string | undefined)[] = [];
  try {
    for (const file of files) {
      ensurePrivateDir(path.dirname(file.path));
      originals.push(readIfExists(file.path));
      temps.push(writeTemp(file.path, file.content, file.mode ?? 0o600));
    }
  } catch (error) {
    for (const temp of temps) removeQuietly(temp);
    throw error;
  }
  const discard = (): void => {
    for (const temp of temps) removeQuietly(temp);
  };
  const commit = (): void => {
    const done: number[] = [];
    for (const [index, file] of files.entries()) {
      const temp = temps[index] as string;
      try {
        const original = originals[index];
        if (original !== undefined) {
          const kept = file.backup ? file.backup(original) : original;
          replaceBackup(`${file.path}.bak`, kept);
        }
        fs.renameSync(temp, file.path);
        done.push(index);
      } catch (error) {
        for (const restore of done.reverse()) {
          const target = files[restore];
          if (target) rollback(target.path, originals[restore]);
        }
        for (const [rest, leftover] of temps.entries()) {
          if (!done.includes(rest)) removeQuietly(leftover);
        }
        throw fsError(error, "replace", file.path);
      }
    }
  };
  return { temps, commit, discard };
}

/**
 * Writes several files so that either all of them change or none does: if any replacement fails,
 * the files already replaced get their old content back. Each file's lock is held meanwhile; a
 * caller that read the file to compute its new content should hold the lock from before that
 * read (withFileLocks, or withWriteLocks below), or a change made in between is lost.
 */
export function commitFiles(files: readonly FileToWrite[]): void {
  withWriteLocks(
    files.map((file) => file.path),
    () => stageFiles(files).commit(),
  );
}

/**
 * Runs `fn` (typically: read a file, change it, commitFiles) holding the locks of the files a
 * write to `files` replaces (symlinks followed), so that concurrent read-change-write cycles of
 * several processes do not lose changes.
 */
export function withWriteLocks<T>(files: readonly string[], fn: () => T): T {
  const targets = files.map(writeTarget);
  for (const target of targets) ensurePrivateDir(path.dirname(target));
  return withFileLocks(targets, fn);
}

/**
 * As withWriteLocks, but a wait for another process's lock is asynchronous (see
 * withFileLocksAsync): Ctrl-C or `options.signal` can end it, and `options.onWait` says it waits.
 */
export function withWriteLocksAsync<T>(
  files: readonly string[],
  fn: () => T,
  options: AsyncLockOptions = {},
): Promise<T> {
  const targets = files.map(writeTarget);
  for (const target of targets) ensurePrivateDir(path.dirname(target));
  return withFileLocksAsync(targets, fn, options);
}

/**
 * Writes one file atomically (temp + rename), keeping a `.bak` of the old content (as `backup`
 * turns it, see FileToWrite).
 */
export function writeFileAtomic(
  file: string,
  content: string,
  mode = 0o600,
  backup?: (previous: string) => string,
): void {
  commitFiles([{ path: file, content, mode, ...(backup ? { backup } : {}) }]);
}
