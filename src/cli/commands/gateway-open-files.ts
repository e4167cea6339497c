/**
 * The open-files limit the gateway needs to start, checked before its modules are loaded, so that
 * a limit too low for it is one clear error instead of an EMFILE naming a random module file.
 * (Under a low limit that is still enough, bin/openclaw.js has already had every module read one
 * file at a time: see ../modules-one-at-a-time.ts.)
 */
import { OpenClawError } from "../../errors.js";
import {
  belowGatewayFloor,
  GATEWAY_MIN_OPEN_FILES,
  RAISE_OPEN_FILES_HINT,
} from "../../gateway/open-files.js";

/**
 * Refuses a limit under GATEWAY_MIN_OPEN_FILES. `openFiles` undefined (not Linux, or no limit):
 * nothing to check.
 */
export function refuseOpenFilesLimitBelowGatewayFloor(openFiles: number | undefined): void {
  if (belowGatewayFloor(openFiles)) {
    throw new OpenClawError(
      "gateway.open_files_limit",
      `this process may open ${openFiles} files (ulimit -n), and the gateway needs at least ${GATEWAY_MIN_OPEN_FILES} to start`,
      { hint: RAISE_OPEN_FILES_HINT },
    );
  }
}
