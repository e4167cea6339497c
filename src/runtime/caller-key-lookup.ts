/**
 * A key a program's own `resolveKey` returned (createRuntime's, startGateway's) came from that
 * function, not from a place openclaw read: the source it gave is the program's own word. A
 * refusal of it said `put the right key in $VAULT_KEY (read when openclaw starts)`, or `in auth
 * profile "moonshot:default"; the next request uses it at once`, when nothing of openclaw's reads
 * either. It names the function, the source it gave, and what to do: have it return the right key.
 */
import { keyPlace } from "../auth/index.js";
import type { KeySource, ResolvedModel } from "../catalog/types.js";
import { ProviderError } from "../providers/errors.js";
import { noteKeyMissing } from "./key-missing.js";

/** A program's own key lookup, as a refused key's words name it. */
export interface CallerKeyLookup {
  /** `the resolveKey function given to startGateway`. */
  name: string;
  /** When it is asked again: `the next run asks it again`. */
  asksAgain: string;
}

/** Where a refused key came from: `the resolveKey function given to startGateway ($VAULT_KEY)`. */
export function callerKeyPlace(lookup: CallerKeyLookup, source: KeySource): string {
  return `${lookup.name} (its source: ${keyPlace(source)})`;
}

/** What to do about a key the program's lookup returned that the provider refused. */
export function callerRefusedKeyFix(
  lookup: CallerKeyLookup,
): (model: Pick<ResolvedModel, "provider">, source: KeySource) => string {
  return (model, source) =>
    `the key came from ${callerKeyPlace(lookup, source)}: have that function return the right key for ${model.provider}; ${lookup.asksAgain}`;
}

/**
 * A model the program's own lookup returned no key for. That function is the only lookup when one
 * is given: openclaw reads none of its own places for it (profiles, variables, the config's
 * apiKey), so naming them (`set one of: auth profile "moonshot:default", $MOONSHOT_API_KEY; or
 * run: openclaw onboard`) sent the program's user where nothing is read. `explain`: the
 * program's own words on why (createRuntime's `explainMissingKey`), when it gave one.
 */
export function callerMissingKeyError(
  model: ResolvedModel,
  lookup: CallerKeyLookup,
  explain?: (model: ResolvedModel) => string | undefined,
): ProviderError {
  const why = explain?.(model);
  const unread = [...new Set(model.keySources.map(keyPlace))];
  const notRead =
    unread.length > 0 ? `; openclaw's own places (${unread.join(", ")}) are not read` : "";
  const error = new ProviderError({
    errorClass: "auth",
    message: `${lookup.name} returned no key for ${model.ref}${why ? `: ${why}` : ""}`,
    provider: model.provider,
    model: model.id,
    where: "resolveKey",
    hint: `have that function return the key for ${model.ref} as toResolvedKey(value, source) (exported by openclaw-kimi), its source saying where your program read it: it is the only key lookup when it is given${notRead}; ${lookup.asksAgain}`,
  });
  return noteKeyMissing(error);
}
