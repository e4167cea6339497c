/**
 * Files holding a secret that other users can read, as the running gateway finds them when it
 * reads them again. An editor that saves by writing a new file and renaming it over the old one
 * (or `cp`, `cat >`, a script's own rewrite) gives the file the umask's mode (0644), not the 0600
 * openclaw wrote, while the gateway token or the key in it stays: the log says so once per file,
 * with the chmod that fixes it (as doctor says it). A file open to others already at start is left
 * to doctor (which says it too); the gateway says what changed under it while it ran. The
 * file is never chmod-ed here: it is the person's, and so is the choice.
 */
import { statSync } from "node:fs";
import { isPlaceholderKey } from "../auth/index.js";
import { isCredentialValue, type PathSegment } from "../config/index.js";
import { isRecord } from "../util/is-record.js";

/**
 * Whether a value, as written in one file, holds a key or a token (a `${VAR}` reference does not,
 * nor the docs' `sk-...` placeholder, which the spec's snippet carries).
 */
export function holdsSecrets(value: unknown, path: PathSegment[] = []): boolean {
  if (typeof value === "string") return !isPlaceholderKey(value) && isCredentialValue(path, value);
  if (Array.isArray(value))
    return value.some((item, index) => holdsSecrets(item, [...path, index]));
  if (isRecord(value))
    return Object.entries(value).some(([key, item]) => holdsSecrets(item, [...path, key]));
  return false;
}

/** A file the gateway reads, and whether it holds a secret as it is now. */
export interface ReadFile {
  /** What it is, for a person: "config", "included config", "credential store". */
  label: string;
  path: string;
  secret: boolean;
}

export interface ExposedFiles {
  /** Takes the modes of `files` as they are at start: a file open to others then is doctor's. */
  seed(paths: readonly string[]): void;
  /**
   * The log lines for `files` that hold a secret and that other users can read while they could
   * not when last seen (or were not there): each said once, and again only after it was private
   * in between.
   */
  check(files: readonly ReadFile[]): string[];
}

/** Whether `mode` lets users other than the owner in. */
const open = (mode: number) => (mode & 0o077) !== 0;
const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, "0");

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode;
  } catch {
    return undefined; // gone meanwhile: the reload says what it says of that
  }
}

export function exposedFiles(): ExposedFiles {
  /** Each file's mode when last seen. */
  const seen = new Map<string, number>();
  return {
    seed(paths) {
      for (const path of paths) {
        const mode = modeOf(path);
        if (mode !== undefined) seen.set(path, mode);
      }
    },
    check(files) {
      const lines: string[] = [];
      for (const file of files) {
        const mode = modeOf(file.path);
        if (mode === undefined) continue;
        const before = seen.get(file.path);
        seen.set(file.path, mode);
        if (!file.secret || !open(mode) || (before !== undefined && open(before))) continue;
        const was = before !== undefined ? `, was ${octal(before)}` : "";
        lines.push(
          `gateway: warning: the ${file.label} ${file.path} can be read by other users (mode ${octal(mode)}${was}) and holds secrets\n  hint: chmod 600 ${file.path} (an editor that saves a new file in its place gives it the default mode)`,
        );
      }
      return lines;
    },
  };
}
