/**
 * A model or alias the person typed (`--model`, `models set <model>`, …) that names nothing is a
 * usage mistake, exit 2, as an unknown `--provider` is. The catalog says what is wrong; the
 * command line decides that it was the person's typing: a model the config names that does not
 * resolve, or a provider the config breaks, stays a failure (exit 1).
 */
import { ModelRefError } from "../catalog/index.js";
import { OpenClawError } from "../errors.js";

/** What the catalog says about text that names no model (not about the config). */
const TYPED_WRONG = new Set([
  "model.empty",
  "model.unknown",
  "model.unknown_provider",
  "model.ambiguous",
]);

/** `error` as a usage mistake when it says the model typed names nothing; else `error` itself. */
export function modelArgumentError(error: unknown): unknown {
  if (!(error instanceof ModelRefError) || !TYPED_WRONG.has(error.code) || error.exitCode === 2) {
    return error;
  }
  return new OpenClawError(error.code, error.message, {
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.where ? { where: error.where } : {}),
    cause: error,
    exitCode: 2,
  });
}
