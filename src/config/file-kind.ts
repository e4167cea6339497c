/** What a path on disk is, when it is something a config file must not be. */
import { statSync } from "node:fs";

/**
 * "a named pipe", "a socket", "a character device" or "a block device" for such a path (symbolic
 * links followed); undefined for a regular file, a directory, or a path that cannot be looked at,
 * which reading reports in its own words. Looks without opening: opening a named pipe with no
 * writer waits forever.
 */
export function specialFileKind(path: string): string | undefined {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stat) return undefined;
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return undefined;
}
