import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { OpenClawError } from "../errors.js";

export interface FileToWrite {
  path: string;
  content: string;
  /** File mode; secrets and config both default to 0600. */
  mode?: number;
}

function fsError(error: unknown, action: string, where: string): OpenClawError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "unknown";
  const reason: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOTDIR: "a part of the path is a file, not a directory",
    EISDIR: "the path is a directory",
    EROFS: "the file system is read-only",
    ENOSPC: "the disk is full",
  };
  return new OpenClawError(
    "fs.write_failed",
    `could not ${action} ${where}: ${reason[code] ?? code}`,
    {
      where,
      hint: "check that the state directory (OPENCLAW_STATE_DIR, default ~/.openclaw) is a writable directory; nothing was changed",
      cause: error,
    },
  );
}

function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fsError(error, "create the directory", dir);
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function writeTemp(target: string, content: string, mode: number): string {
  const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = fs.openSync(temp, "wx", mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(temp, mode); // umask may have narrowed or widened nothing, but be explicit
  return temp;
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // best effort: a stray temp file is harmless
  }
}

/**
 * Writes several files so that either all of them change or none does: every new content goes
 * to a temp file beside its target first, the old contents are kept as `.bak`, then the temps
 * are renamed into place; if any rename fails, the files already replaced get their old content
 * back. Directories are created 0700, files 0600.
 */
export function commitFiles(files: FileToWrite[]): void {
  const temps: (string | undefined)[] = [];
  const originals: (string | undefined)[] = [];
  try {
    for (const file of files) {
      ensureDir(path.dirname(file.path));
      let original: string | undefined;
      try {
        original = readIfExists(file.path);
      } catch (error) {
        throw fsError(error, "read", file.path);
      }
      originals.push(original);
      try {
        temps.push(writeTemp(file.path, file.content, file.mode ?? 0o600));
      } catch (error) {
        throw fsError(error, "write", file.path);
      }
    }
  } catch (error) {
    for (const temp of temps) if (temp) removeQuietly(temp);
    throw error;
  }

  const done: number[] = [];
  for (const [index, file] of files.entries()) {
    const temp = temps[index] as string;
    try {
      const original = originals[index];
      if (original !== undefined) {
        fs.writeFileSync(`${file.path}.bak`, original, { mode: 0o600 });
        fs.chmodSync(`${file.path}.bak`, 0o600);
      }
      fs.renameSync(temp, file.path);
      done.push(index);
    } catch (error) {
      for (const restore of done.reverse()) rollback(files[restore]?.path, originals[restore]);
      for (const [rest, leftover] of temps.entries())
        if (!done.includes(rest) && leftover) removeQuietly(leftover);
      throw fsError(error, "replace", file.path);
    }
  }
}

function rollback(file: string | undefined, original: string | undefined): void {
  if (!file) return;
  try {
    if (original === undefined) fs.rmSync(file, { force: true });
    else {
      const temp = writeTemp(file, original, 0o600);
      fs.renameSync(temp, file);
    }
  } catch {
    // Nothing more we can do; the .bak beside it still holds the old content.
  }
}

/** Writes one file atomically (temp + rename), keeping a `.bak` of the old content. */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  commitFiles([{ path: file, content, mode }]);
}
