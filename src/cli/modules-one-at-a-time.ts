/**
 * Decided once per run, before the CLI's modules load (bin/openclaw.js calls it first): under a
 * low open-files limit every module is read one file at a time, for every command. Node's own
 * loader opens a module graph's files concurrently, and the larger commands (agent, chat, usage,
 * doctor, gateway) failed with EMFILE on a random module under `ulimit -n` 64..80 (measured).
 */
import { readdirSync } from "node:fs";
import { register } from "node:module";
import { openFilesLimit } from "../gateway/open-files.js";

/**
 * Below this many open files, modules are read one at a time: the gateway's graph had up to 95
 * files open at once (measured), with room to grow. Above it Node's concurrent loading is kept,
 * which is faster.
 */
export const LOAD_ONE_AT_A_TIME_BELOW = 1024;

/**
 * Free descriptors the loader hooks' own thread needs to start and read. With 3 free the CLI hung
 * and with none it crashed (measured: Node holds 19 at start, `ulimit -n` 16..22); with fewer
 * than this, the hooks are left out and Node's loading fails with bin/openclaw.js's EMFILE error.
 */
const FREE_FILES_FOR_HOOKS = 12;

/** Has the modules loaded from here on read one file at a time when this process's limit is low. */
export function readModulesOneAtATimeUnderLowLimit(): void {
  const openFiles = openFilesLimit();
  // Undefined: not Linux, no limit, or not even /proc/self/limits could be opened.
  if (openFiles === undefined || openFiles >= LOAD_ONE_AT_A_TIME_BELOW) return;
  const inUse = descriptorsInUse();
  if (inUse === undefined || openFiles - inUse < FREE_FILES_FOR_HOOKS) return;
  register("./one-file-at-a-time.js", import.meta.url);
}

/** How many descriptors this process holds (inherited ones count against the limit too). */
function descriptorsInUse(): number | undefined {
  try {
    // The listing holds the directory's own descriptor, closed once read.
    return readdirSync("/proc/self/fd").length - 1;
  } catch {
    return undefined;
  }
}
