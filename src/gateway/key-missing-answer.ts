/**
 * A request the gateway could not send because it has no API key for the provider (none set, or
 * only the docs' placeholder; a program's own key lookup returned none): nothing went upstream,
 * so it is no upstream's refusal (a 502) but this gateway's config to fix, as a disabled
 * provider is (a 503 no retry helps). A client is told which model and provider, and that the
 * gateway's operator must give that provider a key; one beyond loopback is told nothing more (not
 * the operator's variables, files or commands), one on the gateway's machine also where the key
 * is looked for and how to give one, which the gateway's log says too, once.
 */
import type { ProviderError } from "../providers/errors.js";
import { isKeyMissing } from "../runtime/key-missing.js";
import type { RunFailure } from "../runtime/run-failure.js";
import { printable } from "../util/printable.js";

/** The code a client reads, and the error class the ledger and /metrics keep. */
export const PROVIDER_KEY_MISSING = "provider_key_missing";

/** The provider of a ref (`moonshot/kimi-k2.5`): what comes before its first slash. */
function providerOf(ref: string): string {
  const slash = ref.indexOf("/");
  return slash > 0 ? ref.slice(0, slash) : ref;
}

/**
 * Each model of the run passed over for a missing key (a chain may pass over several before it
 * ends), the one it ended on last: ref → provider.
 */
function keylessModels(error: ProviderError, failure: RunFailure | undefined): Map<string, string> {
  const last = `${error.provider}/${error.model}`;
  const models = new Map<string, string>();
  for (const attempt of failure?.failedAttempts ?? []) {
    if (isKeyMissing(attempt) && attempt.model !== last)
      models.set(attempt.model, providerOf(attempt.model));
  }
  models.set(last, error.provider);
  return models;
}

/** What the client reads: the models and their providers, and whose it is to give them a key. */
export function keyMissingClientMessage(
  error: ProviderError,
  failure: RunFailure | undefined,
): string {
  const models = keylessModels(error, failure);
  if (models.size === 1) {
    return `${error.provider}/${error.model}: this gateway has no API key for provider "${error.provider}", so nothing was sent to it; the gateway's operator must give ${error.provider} a key`;
  }
  const named = [...models].map(([ref, provider]) => `${ref} (provider "${provider}")`);
  const providers = new Set(models.values());
  const whom = providers.size === 1 ? [...providers][0] : "one of these providers";
  return `no model this request could go to has an API key on this gateway: ${named.join(", ")}; nothing was sent to them; the gateway's operator must give ${whom} a key`;
}

/**
 * What a client on the gateway's own machine (a gateway on loopback) reads: `told`, then the
 * runtime's words, where the key is looked for and how to give one, as the person at this
 * machine, most often the operator, can act on them (the config line to open).
 */
export function keyMissingHostMessage(told: string, error: ProviderError): string {
  const hint = error.hint ? ` (hint: ${error.hint})` : "";
  return `${told}: ${error.message}${placeOf(error)}${hint}`;
}

/** Where the key is to be set, when the message does not say it already. */
function placeOf(error: ProviderError): string {
  const ref = `${error.provider}/${error.model}`;
  return error.where && error.where !== ref && !error.message.includes(error.where)
    ? ` (${error.where})`
    : "";
}

/**
 * What the gateway's log says (once per model and wording): the runtime's own words, with the
 * place to set the key and how, which the client is not told.
 */
export function keyMissingLogLine(error: ProviderError): string {
  const ref = `${error.provider}/${error.model}`;
  return `gateway: requests for ${printable(ref)} are answered 503 ${PROVIDER_KEY_MISSING}: ${whatAndHow(error)}`;
}

/**
 * The same, for a model its chain passed over for a missing key on the way to a model that was
 * sent the request (and whose failure the client was answered with): the operator still learns
 * the key is missing, and where it goes.
 */
export function keyPassedOverLogLine(error: ProviderError): string {
  const ref = `${error.provider}/${error.model}`;
  return `gateway: ${printable(ref)} is passed over in its chain, nothing is sent to it: ${whatAndHow(error)}`;
}

/** The runtime's words for a missing key, with the place to set it and how. */
function whatAndHow(error: ProviderError): string {
  const hint = error.hint ? `\n  hint: ${printable(error.hint)}` : "";
  return `${printable(`${error.message}${placeOf(error)}`)}${hint}`;
}
