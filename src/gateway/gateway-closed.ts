/**
 * What a program's call on a gateway it closed says: `reload()` after `close()` or `stopNow()`
 * reloads nothing (no server serves what it would read), as a session writer's `append` after
 * its `close()` throws `session_closed`.
 */
import { OpenClawError } from "../errors.js";

/** The error `reload()` throws once `close()` or `stopNow()` was called on the gateway at `url`. */
export function gatewayClosedError(url: string, call: string): OpenClawError {
  return new OpenClawError("gateway.closed", `${call} on the gateway at ${url}: it is closed`, {
    where: call,
    hint: "a closed gateway serves nothing and reloads nothing: call startGateway again for one that serves the config as it is now",
  });
}
