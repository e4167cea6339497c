/**
 * What a watched config file looks like when a change is seen: gone or empty, cut short by a
 * writer still at it, or naming (through `$include`) a file that cannot be read yet. The reload
 * waits for such a file to settle, says why it skipped, or watches the missing file.
 */
import { readFileSync, statSync } from "node:fs";
import { ConfigError, parseJson5 } from "../config/index.js";

/** How long a config file that is gone or empty gets to come back (editors delete, then write). */
export const CONFIG_SETTLE_MS = 500;

/** Why the config file cannot be a config to reload (gone, empty), or undefined when it can. */
export function configFileGone(path: string): string | undefined {
  let text: string;
  try {
    if (!statSync(path).isFile()) return undefined; // let the load say what is wrong
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "is gone" : undefined;
  }
  return text.trim() === "" ? "is empty" : undefined;
}

/**
 * Whether the config file stops in the middle (an object or list left open): a writer that
 * truncates the file and writes it in pieces is still at it. Anything else that does not parse
 * is left to the reload to report.
 */
export function configFileCutShort(path: string): boolean {
  try {
    parseJson5(readFileSync(path, "utf8"), path);
    return false;
  } catch (error) {
    return error instanceof Error && error.message.includes("is never closed: the file ends first");
  }
}

/**
 * The file a config load could not read (an `$include` naming a file not written yet), to be
 * watched until the next reload that applies: writing it is the fix, and should reload.
 */
export function unreadableFile(error: unknown): string | undefined {
  if (!(error instanceof ConfigError) || error.code !== "config.unreadable") return undefined;
  const path = (error.cause as NodeJS.ErrnoException | undefined)?.path;
  return typeof path === "string" ? path : undefined;
}
