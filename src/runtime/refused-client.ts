/**
 * What a request is told when it is not sent because the provider refused the client earlier
 * (Kimi Code's 403 for a User-Agent it does not serve). That refusal is about the header, not
 * the key, and not a rest: the words say which header went and where to set one the provider
 * takes, and a model that now sends another User-Agent (a fixed config) is sent at once.
 */
import type { ResolvedModel } from "../catalog/types.js";
import type { KeyRefusal } from "./cooldowns.js";

/** The User-Agent `model`'s headers set ("" for none), which is what a refused client is. */
export function configuredUserAgent(model: Pick<ResolvedModel, "headers">): string {
  const name = Object.keys(model.headers).find((header) => header.toLowerCase() === "user-agent");
  return name === undefined ? "" : (model.headers[name] ?? "");
}

/**
 * Whether the client refusal `refusal` is about what `model` sends now: a model whose User-Agent
 * changed since (the header was fixed, or it has a header of its own) is another client.
 */
export function sameRefusedClient(
  refusal: KeyRefusal | undefined,
  model: Pick<ResolvedModel, "headers">,
): boolean {
  return refusal?.userAgent === undefined || refusal.userAgent === configuredUserAgent(model);
}

/**
 * The message and hint of a model not tried because its provider refused the client it says it
 * is: `refusal.hint` is what that refusal advised (which header, where to set it).
 */
export function refusedClientSkip(
  model: ResolvedModel,
  refusal: KeyRefusal | undefined,
): { message: string; hint: string } {
  const userAgent = refusal?.userAgent ?? configuredUserAgent(model);
  const sent = userAgent === "" ? "no User-Agent" : `User-Agent "${userAgent}"`;
  return {
    message: `${model.ref} not tried: provider ${model.provider} refused this client (${sent}) on an earlier request; the same request would be refused again`,
    hint:
      refusal?.hint ??
      `set a User-Agent the provider serves in models.providers.${model.provider}.headers (or the model's own headers, which win); the next request sends it`,
  };
}
