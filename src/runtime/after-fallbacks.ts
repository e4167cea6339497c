/**
 * A provider's hint says "configure a fallback model" without knowing the chain behind the run.
 * When fallbacks are configured (they failed too, or take no images and were never tried), the
 * hint says so instead of asking for what is already there: the same words from the CLI and the
 * gateway. Pure.
 */
import { ProviderError } from "../providers/errors.js";

const ASKS_FOR_FALLBACK = "configure a fallback model";

/**
 * `error` with its hint fitted to the fallbacks the run had: `fallbacksTried` when some were
 * tried and failed, `imageSkipped` the refs of those left out because the turn has an image and
 * they take none. Anything else is returned as it is.
 */
export function afterFallbacks(
  error: unknown,
  fallbacksTried: boolean,
  imageSkipped: readonly string[] = [],
): unknown {
  if (!(error instanceof ProviderError)) return error;
  if (!error.hint?.includes(ASKS_FOR_FALLBACK)) return error;
  let instead: string | undefined;
  if (imageSkipped.length > 0) {
    const named = imageSkipped.join(", ");
    instead = `add a fallback model that takes images (the configured ${imageSkipped.length === 1 ? `fallback ${named} does` : `fallbacks ${named} do`} not take images${fallbacksTried ? "; the others failed too" : ""})`;
  } else if (fallbacksTried) {
    instead = "add a fallback on another provider (the configured fallbacks failed too)";
  }
  if (instead === undefined) return error;
  return error.retold({
    message: error.message,
    hint: error.hint.replace(ASKS_FOR_FALLBACK, instead),
  });
}
