/**
 * startGateway's `resolveKey` is the program's own code: what it throws is the program's mistake,
 * not the gateway's. It is told as such (which callback, for which model, its message and what to
 * do) instead of the anonymous 500 and stack trace of an internal error.
 */
import type { KeyResolver } from "../auth/types.js";
import { ResolveKeyError } from "../errors.js";
import { type KeyLookupWords, keyResultError } from "../util/caller-key-result.js";
import { thrownWords } from "./caller-callbacks.js";

/** The code of the error a throwing `resolveKey` becomes; its `cause` is what it threw. */
export const CALLER_KEY_LOOKUP_FAILED = "gateway.resolve_key_threw";

/** How messages name startGateway's `resolveKey` (also the gateway's refused-key hints). */
export const GATEWAY_RESOLVE_KEY_NAME = "the resolveKey function given to startGateway";

const GATEWAY_KEY_LOOKUP: KeyLookupWords = {
  lookup: GATEWAY_RESOLVE_KEY_NAME,
  calledWhen: "for each model at start, on each reload of the config and on each request",
};

/** `resolveKey` (the caller's), whose throw becomes an OpenClawError naming it. */
export function callerKeyResolver(resolveKey: KeyResolver): KeyResolver {
  return (model) => {
    let found: ReturnType<KeyResolver>;
    try {
      found = resolveKey(model);
    } catch (error) {
      throw new ResolveKeyError(CALLER_KEY_LOOKUP_FAILED, {
        message: `${GATEWAY_KEY_LOOKUP.lookup} threw for ${model.ref}: ${thrownWords(error)}`,
        hint: `fix that function: it is to return the model's key (toResolvedKey(value, source)) or undefined when it has none, never throw; it is called ${GATEWAY_KEY_LOOKUP.calledWhen}`,
        provider: model.provider,
        model: model.id,
        cause: error,
      });
    }
    // What is no key (a string, null, an `async` function's promise) is refused here, named,
    // instead of failing deep inside the gateway as a TypeError or an anonymous 500.
    // Its code is createRuntime's for the same return, not this throw's.
    const refused = keyResultError(found, model, GATEWAY_KEY_LOOKUP);
    if (refused) throw refused;
    return found;
  };
}
