/**
 * A reload that fails because a file the last good config `$include`d is gone now. The config
 * reader's hint for a missing included file ("check the $include path") fits a path typed wrong,
 * not a file that was read at the last reload and has been removed since: for that one the hint
 * says so, naming the file, and that the fix is to put it back or to remove the `$include` (at
 * the file and line the error is told at). Pure.
 */
import { resolve } from "node:path";
import { ConfigError, escapeControls } from "../config/index.js";

/**
 * `error` with the hint for a file it could not find that is one of `readBefore` (the files the
 * last good config was read from), or `error` itself when it is about anything else.
 */
export function explainIncludedFileGone(error: unknown, readBefore: readonly string[]): unknown {
  if (!(error instanceof ConfigError) || error.code !== "config.unreadable") return error;
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  if (cause?.code !== "ENOENT" || typeof cause.path !== "string") return error;
  const gone = resolve(cause.path);
  // The main file's own absence is told before a reload is tried; this is an included one.
  if (error.file === undefined || resolve(error.file) === gone) return error;
  if (!readBefore.some((file) => resolve(file) === gone)) return error;
  return new ConfigError(error.code, error.message, {
    file: error.file,
    ...(error.line !== undefined ? { line: error.line } : {}),
    hint: `${escapeControls(cause.path)} was there at the last reload: put it back, or remove the $include at ${error.where}`,
    cause,
  });
}
