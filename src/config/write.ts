/**
 * Writing config and credential files: atomic (temp file + rename in the same directory), mode
 * 0600 in a 0700 directory, the previous file kept as `.bak`. JSON is written (valid JSON5);
 * comments in a hand-written file do not survive a rewrite — the docs say so.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { OpenClawError } from "../errors.js";
import { parseJson5 } from "./read.js";
import { isPlainObject } from "./schema-dsl.js";

export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new OpenClawError(
      "fs.unwritable",
      `cannot create directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        where: dir,
        hint: "check the permissions of the state directory, or point OPENCLAW_STATE_DIR somewhere writable",
        cause: error,
      },
    );
  }
}

/** Writes `text` to a temp file beside `path` and returns the temp path (not yet renamed). */
export function writeTempFile(path: string, text: string): string {
  const dir = dirname(path);
  ensurePrivateDir(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw new OpenClawError(
      "fs.unwritable",
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        where: path,
        hint: "check the permissions of the directory, or point OPENCLAW_STATE_DIR somewhere writable",
        cause: error,
      },
    );
  }
  return temp;
}

/** Moves a prepared temp file into place, keeping the old file as `.bak`. */
export function commitTempFile(temp: string, path: string): void {
  if (existsSync(path)) copyFileSync(path, `${path}.bak`);
  renameSync(temp, path);
}

export function writeFileAtomic(path: string, text: string): void {
  commitTempFile(writeTempFile(path, text), path);
}

export function serializeConfig(value: Record<string, unknown>): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function writeConfigFile(path: string, value: Record<string, unknown>): void {
  writeFileAtomic(path, serializeConfig(value));
}

/**
 * The main config file as written (no includes merged, `${VAR}` kept), for editing. A missing file
 * is `{}`.
 */
export function readConfigFileForEdit(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const value = parseJson5(readFileSync(path, "utf8"), path);
  if (!isPlainObject(value)) {
    throw new OpenClawError(
      "config.not_object",
      `config file ${path} must hold an object {...} at the top`,
      {
        where: path,
      },
    );
  }
  return value;
}
