/**
 * The refs of the same model id under another provider (`kimi-code/kimi-k2.5` →
 * `moonshot/kimi-k2.5`): Moonshot's and Kimi Code's ids are easily put under the other provider,
 * a slip no spelling match finds. Those of providers in the config come alone when there are
 * any, not also a built-in provider's copies (moonshot-cn's). The catalog finds the models with
 * the id by going through its providers, the gateway in a map it makes once per directory;
 * which of them a refusal names is decided here, for both, and so is the fact both say of it.
 * Pure.
 */

/** A model with the asked id, from any provider. */
export interface SameIdModel {
  /** Its ref, `provider/model` (provider ids are lower-case and have no "/"). */
  id: string;
  /** Its provider is in the config, not a built-in one left alone. */
  configured?: boolean;
}

/** The refs among `sameId` of providers other than `providerId`, configured ones alone if any. */
export function sameIdElsewhere(sameId: readonly SameIdModel[], providerId: string): string[] {
  const own = `${providerId.toLowerCase()}/`;
  const elsewhere = sameId.filter((model) => !model.id.toLowerCase().startsWith(own));
  const configured = elsewhere.filter((model) => model.configured === true);
  return (configured.length > 0 ? configured : elsewhere).map((model) => model.id);
}

/**
 * That the model `quotedId` (the id as a refusal quotes it) is `elsewhere`'s provider's, not
 * `providerId`'s: `"kimi-k2.5" is a model of moonshot, not of kimi-code (…)`. The CLI follows it
 * with the ref to use, the gateway with the ref to send as `model`.
 */
export function notOfThisProvider(quotedId: string, elsewhere: string, providerId: string): string {
  const owner = elsewhere.slice(0, elsewhere.indexOf("/"));
  return `${quotedId} is a model of ${owner}, not of ${providerId} (each provider has its own endpoint and key)`;
}
