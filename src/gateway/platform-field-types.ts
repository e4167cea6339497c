/**
 * The types of two OpenAI platform fields no provider here acts on, checked as OpenAI checks them
 * on chat completions and /v1/responses: `verbosity` (`text.verbosity` on /v1/responses), the
 * answer length (its value too), and `safety_identifier`, the end-user id its abuse monitoring reads (the
 * ledger's client here when `user` is absent). Before, a wrong type was taken without a word: a
 * number for safety_identifier named no client, and a verbosity of 5 went to a provider that
 * would refuse it as if the gateway's config were wrong. Pure; nothing is read when absent.
 */
import { describe, quoted } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/**
 * A 400 naming `param` when `verbosity` is given and is not one of OpenAI's values ("low",
 * "medium", "high"); absent or null is not given. Before, any string was taken: a misspelt one
 * was noted as not sent to Moonshot (or sent on to a provider that would refuse it), where
 * OpenAI answers it with a 400.
 */
export function checkVerbosity(verbosity: unknown, param: string): void {
  if (verbosity === undefined || verbosity === null) return;
  if (verbosity === "low" || verbosity === "medium" || verbosity === "high") return;
  if (typeof verbosity === "string")
    throw badRequest(
      `${param} must be "low", "medium" or "high", got ${quoted(verbosity)}`,
      param,
      "invalid_value",
    );
  throw badRequest(
    `${param} must be a string ("low", "medium" or "high"), got ${describe(verbosity)}`,
    param,
    "invalid_type",
  );
}

/** A 400 when `safety_identifier` is given and is no string; absent or null is not given. */
export function checkSafetyIdentifier(id: unknown): void {
  if (id === undefined || id === null || typeof id === "string") return;
  throw badRequest(
    `safety_identifier must be a string (a stable id of the end user, such as a hash of their username), got ${describe(id)}`,
    "safety_identifier",
    "invalid_type",
  );
}
