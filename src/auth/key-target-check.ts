/**
 * The model a key lookup is given, checked first: plain JavaScript passes the ref string
 * "moonshot/kimi-k2.5" to `resolveKey`, which then failed with `TypeError: target.keySources is not
 * iterable`, naming neither the parameter nor what to pass instead.
 */
import { OpenClawError } from "../errors.js";
import { describeGiven } from "../util/call-options.js";
import { isRecord } from "../util/is-record.js";
import type { KeyTarget } from "./resolve.js";

/**
 * Throws (code `usage`) unless `given` has a provider id and a list of key sources, as a
 * ResolvedModel does. `call` is the function's name as the caller wrote it (`resolveKey`).
 */
export function checkKeyTarget(call: string, given: unknown): asserts given is KeyTarget {
  if (isRecord(given) && typeof given.provider === "string" && Array.isArray(given.keySources)) {
    return;
  }
  // The value itself is never echoed: a string passed here may be a key.
  throw new OpenClawError(
    "usage",
    `${call}(model) takes a resolved model ({ provider, keySources, ... }), got ${describeGiven(given)}`,
    {
      where: "model",
      hint: `pass what resolveModel returns: ${call}(resolveModel(catalog, "moonshot/kimi-k2.5"))`,
    },
  );
}
