/**
 * startGateway's `resolveKey` is the program's own code: what it throws is the program's mistake,
 * not the gateway's. It is told as such (which callback, for which model, its message and what to
 * do) instead of the anonymous 500 and stack trace of an internal error.
 */
import type { KeyResolver } from "../auth/types.js";
import { OpenClawError } from "../errors.js";

/** The code of the error a throwing `resolveKey` becomes; its `cause` is what it threw. */
export const CALLER_KEY_LOOKUP_FAILED = "gateway.resolve_key_threw";

/** `resolveKey` (the caller's), whose throw becomes an OpenClawError naming it. */
export function callerKeyResolver(resolveKey: KeyResolver): KeyResolver {
  return (model) => {
    try {
      return resolveKey(model);
    } catch (error) {
      const said = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new OpenClawError(
        CALLER_KEY_LOOKUP_FAILED,
        `the resolveKey function given to startGateway threw for ${model.ref}: ${said}`,
        {
          where: model.ref,
          hint: "fix that function: it is to return the model's key (toResolvedKey(value, source)) or undefined when it has none, never throw; it is called for each model at start, on each reload of the config and on each request",
          cause: error,
        },
      );
    }
  };
}
