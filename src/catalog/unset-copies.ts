/**
 * Close matches offered for an unknown model without a built-in provider's copies (moonshot-cn's)
 * when the config sets up a provider with the same model id and its ref is offered too: the copy
 * the person can use comes alone, not after one whose provider has no key. The CLI's resolver and
 * the gateway's 404 find their matches each their own way; which of them are offered is decided
 * here, for both. Pure.
 */

/** Where an offered ref's model comes from; none for a name that is no ref (an alias). */
export interface OfferedOrigin {
  /** The model's id, without its provider. */
  modelId: string;
  /** Its provider is in the config, not a built-in one left alone. */
  configured: boolean;
}

/**
 * `offered` (refs and aliases, best first) without the refs of providers not set up whose model
 * id (in any case) a set-up provider's ref among them has too; the order is kept.
 */
export function withoutUnsetCopies(
  offered: readonly string[],
  originOf: (name: string) => OfferedOrigin | undefined,
): string[] {
  const origins = offered.map((name) => ({ name, origin: originOf(name) }));
  const configuredIds = new Set<string>();
  for (const { origin } of origins)
    if (origin?.configured) configuredIds.add(origin.modelId.toLowerCase());
  return origins
    .filter(
      ({ origin }) =>
        origin === undefined ||
        origin.configured ||
        !configuredIds.has(origin.modelId.toLowerCase()),
    )
    .map(({ name }) => name);
}
