/** Whether a file could be created or replaced where it is meant to go, without writing anything. */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileOnTheWay } from "./atomic-files.js";

/**
 * Why `file` cannot be written, in words, or undefined when it can: its nearest existing parent
 * directory must be a directory this process may write to (missing ones below it are created).
 */
export function unwritableReason(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT")
        // Which part: the file to move is what the person needs to know.
        return code === "ENOTDIR"
          ? `${fileOnTheWay(file) ?? `a part of ${dir}`} is a file, not a directory`
          : code;
    }
    if (stat) {
      if (!stat.isDirectory()) return `${dir} is a file, not a directory`;
      try {
        fs.accessSync(dir, fs.constants.W_OK);
      } catch {
        return `${dir} is not writable`;
      }
      return undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
