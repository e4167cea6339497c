/**
 * A provider's hint says "configure a fallback model" without knowing the chain behind the run.
 * When fallbacks are configured (they failed too, had no API key and were never tried, or take
 * no images), the hint says so instead of asking for what is already there: the same words from
 * the CLI and the gateway. Pure.
 */
import { ProviderError } from "../providers/errors.js";
import { andList } from "../util/and-list.js";

const ASKS_FOR_FALLBACK = "configure a fallback model";

/**
 * The chain's models other than the one `error` comes from, as the run found them: `keyless`
 * those of `refs` passed over for a missing key, to which nothing was sent.
 */
export interface ChainOthers {
  refs: readonly string[];
  keyless: readonly string[];
}

/** The chain's other models split into those passed over for a missing key and those that failed. */
function splitOthers(others: ChainOthers): { keyless: string[]; failed: string[] } {
  return {
    keyless: others.refs.filter((ref) => others.keyless.includes(ref)),
    failed: others.refs.filter((ref) => !others.keyless.includes(ref)),
  };
}

/** "so nothing was sent to it" / "… to them". */
function sentNothing(keyless: readonly string[]): string {
  return `so nothing was sent to ${keyless.length === 1 ? "it" : "them"}`;
}

/**
 * What to ask for when the chain's other models did not all fail: those passed over for a
 * missing key were never tried, so they want a key, not to be replaced.
 */
function withKeylessOthers(others: ChainOthers): string | undefined {
  const { keyless, failed } = splitOthers(others);
  if (keyless.length === 0) return undefined;
  const give = `give ${andList(keyless)} an API key`;
  return failed.length === 0
    ? `${give} (${keyless.length === 1 ? "it has" : "they have"} none, ${sentNothing(keyless)})`
    : `add a fallback on another provider, or ${give} (${andList(failed)} failed too; ${andList(keyless)} had none, ${sentNothing(keyless)})`;
}

/**
 * What to ask for when the turn's image left out the fallbacks `imageSkipped`: one that takes
 * images, or a key for those of the others passed over for a missing key (they take images but
 * were never sent the request); the others that were tried failed too.
 */
function withImageSkipped(
  imageSkipped: readonly string[],
  fallbacksTried: boolean,
  others: ChainOthers | undefined,
): string {
  const named = imageSkipped.join(", ");
  const noImages = `the configured ${imageSkipped.length === 1 ? `fallback ${named} does` : `fallbacks ${named} do`} not take images`;
  const { keyless, failed } = others ? splitOthers(others) : { keyless: [], failed: [] };
  if (!fallbacksTried || keyless.length === 0)
    return `add a fallback model that takes images (${noImages}${fallbacksTried ? "; the others failed too" : ""})`;
  const failedToo = failed.length > 0 ? `; ${andList(failed)} failed too` : "";
  const none = `${andList(keyless)} ${failed.length > 0 ? "had" : keyless.length === 1 ? "has" : "have"} none`;
  return `add a fallback model that takes images, or give ${andList(keyless)} an API key (${noImages}${failedToo}; ${none}, ${sentNothing(keyless)})`;
}

/**
 * `error` with its hint fitted to the fallbacks the run had: `fallbacksTried` when the chain
 * went on past its first model, `imageSkipped` the refs of those left out because the turn has an
 * image and they take none, `others` (when known) which of the chain's other models had no key.
 * Anything else is returned as it is.
 */
export function afterFallbacks(
  error: unknown,
  fallbacksTried: boolean,
  imageSkipped: readonly string[] = [],
  others?: ChainOthers,
): unknown {
  if (!(error instanceof ProviderError)) return error;
  if (!error.hint?.includes(ASKS_FOR_FALLBACK)) return error;
  let instead: string | undefined;
  if (imageSkipped.length > 0) {
    instead = withImageSkipped(imageSkipped, fallbacksTried, others);
  } else if (fallbacksTried) {
    instead =
      (others && withKeylessOthers(others)) ??
      "add a fallback on another provider (the configured fallbacks failed too)";
  }
  if (instead === undefined) return error;
  return error.retold({
    message: error.message,
    hint: error.hint.replace(ASKS_FOR_FALLBACK, instead),
  });
}

/** How a gateway client or a program is told to ask for the default chain. */
const ASK_FOR_DEFAULT = "ask for openclaw/default";

/**
 * `error` of a run that asked for one model by name while the config's default chain has
 * fallbacks (`defaultChain`, its refs in order): a model asked for by name gets none, so its hint
 * points to the chain that has them instead of asking for one to be configured. `askForDefault`:
 * how the caller asks for that chain (a gateway client or a program sends openclaw/default; the
 * CLI says its flag). Anything else is returned as it is.
 */
export function outsideDefaultChain(
  error: unknown,
  defaultChain: readonly string[],
  askForDefault = ASK_FOR_DEFAULT,
): unknown {
  if (!(error instanceof ProviderError) || defaultChain.length < 2) return error;
  if (!error.hint?.includes(ASKS_FOR_FALLBACK)) return error;
  const [primary, ...fallbacks] = defaultChain;
  const instead = `${askForDefault} instead (${primary}, then ${andList(fallbacks)}): the configured fallbacks back the default model only, not a model asked for by name`;
  return error.retold({
    message: error.message,
    hint: error.hint.replace(ASKS_FOR_FALLBACK, instead),
  });
}
