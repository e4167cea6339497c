/**
 * A model the allowlist (`agents.defaults.models`) shuts out whose provider has no key either:
 * adding it to the allowlist alone leaves it failing at the next try, for the key. Both steps are
 * said in one error, as the gateway's answer says them (src/gateway/not-allowed.ts).
 */
import {
  type Catalog,
  ModelRefError,
  possiblyRetiredHint,
  type ResolvedModel,
  resolveModel,
} from "../catalog/index.js";
import type { OpenClawError } from "../errors.js";

/**
 * `error` with the missing key's step added when it is a `model.not_allowed` refusal of a model
 * whose provider has no key (`missingKey` says how to give one); else `error` as it is.
 */
export function withMissingKeyStep(
  error: unknown,
  catalog: Catalog,
  missingKey: (model: ResolvedModel) => OpenClawError | undefined,
): unknown {
  if (!(error instanceof ModelRefError) || error.code !== "model.not_allowed") return error;
  let model: ResolvedModel;
  try {
    model = resolveModel({ ...catalog, allowlist: undefined }, error.input);
  } catch {
    return error;
  }
  // A built-in id the provider's own list leaves out is not advised back in, key or not.
  if (possiblyRetiredHint(catalog, `${model.provider}/${model.id}`) !== undefined) return error;
  const missing = missingKey(model);
  if (missing === undefined) return error;
  const keyStep = missing.hint ?? `give ${model.provider} a key`;
  return new ModelRefError(
    error.code,
    error.input,
    `${error.reason}, and provider ${model.provider} has no API key`,
    error.suggestions,
    `${error.hint ?? "add it under agents.defaults.models"}; and give ${model.provider} a key: ${keyStep}`,
    error.suggestedByName,
  );
}
