/**
 * The transport that calls a model's wire API: the caller's own for that api, else the built-in
 * one; an api no transport speaks is the failure of that model (its setting named), so the run
 * moves on to the next model.
 */
import type { ApiKind, ResolvedModel } from "../catalog/types.js";
import { OpenClawError } from "../errors.js";
import { ProviderError } from "../providers/errors.js";
import { getTransport as builtinTransport } from "../providers/index.js";
import type { Transport } from "../providers/types.js";

/** The transport of `model`'s api, or the failure that says which setting asks for none. */
export function transportFor(
  model: ResolvedModel,
  transports: Partial<Record<ApiKind, Transport>> | undefined,
): Transport | ProviderError {
  const own = transports?.[model.api];
  if (own) return own;
  try {
    return builtinTransport(model.api);
  } catch (error) {
    if (!(error instanceof OpenClawError) || error.code !== "provider.unsupported_api") throw error;
    // Not the provider's answer: this gateway cannot call that api (yet).
    return new ProviderError({
      errorClass: "not_found",
      message: `${model.ref}: api "${model.api}" is not supported yet (models.providers.${model.provider}.api)`,
      provider: model.provider,
      model: model.id,
      ...(error.hint ? { hint: error.hint } : {}),
    });
  }
}
