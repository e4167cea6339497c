/**
 * startGateway's `resolveKey` is the program's own code: what it throws is the program's mistake,
 * not the gateway's. It is told as such (which callback, for which model, its message and what to
 * do) instead of the anonymous 500 and stack trace of an internal error.
 */
import type { KeyResolver } from "../auth/types.js";
import { OpenClawError } from "../errors.js";
import { isPromiseLike, thrownWords } from "./caller-callbacks.js";

/** The code of the error a throwing `resolveKey` becomes; its `cause` is what it threw. */
export const CALLER_KEY_LOOKUP_FAILED = "gateway.resolve_key_threw";

/** `resolveKey` (the caller's), whose throw becomes an OpenClawError naming it. */
export function callerKeyResolver(resolveKey: KeyResolver): KeyResolver {
  return (model) => {
    let found: ReturnType<KeyResolver>;
    try {
      found = resolveKey(model);
    } catch (error) {
      throw new OpenClawError(
        CALLER_KEY_LOOKUP_FAILED,
        `the resolveKey function given to startGateway threw for ${model.ref}: ${thrownWords(error)}`,
        {
          where: model.ref,
          hint: "fix that function: it is to return the model's key (toResolvedKey(value, source)) or undefined when it has none, never throw; it is called for each model at start, on each reload of the config and on each request",
          cause: error,
        },
      );
    }
    // An `async` function's promise is no key (the gateway looks keys up as it builds a request,
    // without waiting): its rejection, left alone, would end the process as an unhandled one.
    const returned: unknown = found;
    if (isPromiseLike(returned)) {
      returned.then(undefined, () => {});
      throw new OpenClawError(
        CALLER_KEY_LOOKUP_FAILED,
        `the resolveKey function given to startGateway returned a promise for ${model.ref}, not its key`,
        {
          where: model.ref,
          hint: "it is called without waiting (for each model at start, on each reload of the config and on each request): have the keys at hand before startGateway (or in a cache you refresh yourself) and return the model's key itself (toResolvedKey(value, source)), or undefined when it has none",
        },
      );
    }
    return found;
  };
}
