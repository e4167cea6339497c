/**
 * The open-files limit the gateway needs to start, checked before its modules are loaded, so that
 * a limit too low for it is one clear error instead of an EMFILE naming a random module file.
 */
import { register } from "node:module";
import { OpenClawError } from "../../errors.js";
import {
  belowGatewayFloor,
  GATEWAY_MIN_OPEN_FILES,
  RAISE_OPEN_FILES_HINT,
} from "../../gateway/open-files.js";

/**
 * Below this many open files, the gateway's modules are read one at a time: Node's loader had
 * up to 95 files open at once to load them (measured), with room to grow. Above it, Node's own
 * concurrent loading is kept, which is faster.
 */
const LOAD_ONE_AT_A_TIME_BELOW = 1024;

/**
 * Refuses a limit under GATEWAY_MIN_OPEN_FILES, and under LOAD_ONE_AT_A_TIME_BELOW has the
 * modules loaded from here on read one file at a time. `openFiles` undefined (not Linux, or no
 * limit): nothing to check.
 */
export function prepareForOpenFilesLimit(openFiles: number | undefined): void {
  if (openFiles === undefined) return;
  if (belowGatewayFloor(openFiles)) {
    throw new OpenClawError(
      "gateway.open_files_limit",
      `this process may open ${openFiles} files (ulimit -n), and the gateway needs at least ${GATEWAY_MIN_OPEN_FILES} to start`,
      { hint: RAISE_OPEN_FILES_HINT },
    );
  }
  if (openFiles < LOAD_ONE_AT_A_TIME_BELOW) register("./one-file-at-a-time.js", import.meta.url);
}
