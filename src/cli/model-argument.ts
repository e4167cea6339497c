/**
 * A model or alias the person typed (`--model`, `models set <model>`, …) that names nothing is a
 * usage mistake, exit 2, as an unknown `--provider` is. The catalog says what is wrong; the
 * command line decides that it was the person's typing: a model the config names that does not
 * resolve, or a provider the config breaks, stays a failure (exit 1).
 */
import { ModelRefError, namesDefaultChain } from "../catalog/index.js";
import { fullWidthInName } from "../config/index.js";
import { OpenClawError } from "../errors.js";
import { curlyQuotesKeptHint, insideCurlyQuotes } from "../util/curly-quotes.js";
import { shellModelWord } from "../util/shell-word.js";

/** What the catalog says about text that names no model (not about the config). */
const TYPED_WRONG = new Set([
  "model.empty",
  "model.unknown",
  "model.unknown_provider",
  "model.ambiguous",
]);

/**
 * `error` as a usage mistake when it says the model typed names nothing; else `error` itself.
 * `typed` is the text as given: in curly quotes (a Chinese input method's), the hint says that
 * the quotes became part of the name; with a full-width character (`moonshot／kimi-k2.5`), which
 * one, and the name in ASCII.
 */
export function modelArgumentError(error: unknown, typed?: string): unknown {
  if (!(error instanceof ModelRefError) || !TYPED_WRONG.has(error.code) || error.exitCode === 2) {
    return error;
  }
  // Nothing typed, or the default chain asked for (`openclaw`): a member the config names that
  // resolves to nothing is the config's problem, exit 1, as `agent` without --model says it.
  if (typed === undefined || namesDefaultChain(typed)) return error;
  const meant = typed === undefined ? undefined : insideCurlyQuotes(typed.trim());
  const fullWidth = typed === undefined ? undefined : fullWidthInName(typed.trim());
  const hint =
    meant !== undefined
      ? curlyQuotesKeptHint(typed ?? "", meant)
      : fullWidth !== undefined
        ? `${fullWidth.said}: give ${JSON.stringify(fullWidth.meant)}`
        : error.hint;
  // The `at` line says a place to fix: a config's (an alias naming nothing) stays; the name just
  // typed, which the message says already, is no place to go to (nor was it shown when the
  // closest match happened to contain it).
  const place = error.whereIsElsewhere ? error.where : undefined;
  return new OpenClawError(error.code, error.message, {
    ...(hint ? { hint } : {}),
    ...(place ? { where: place } : {}),
    cause: error,
    exitCode: 2,
  });
}

/**
 * How a person asks the CLI for a model by name, in a hint: its flag (`--model moonshot/kimi-k2.5`),
 * the ref one shell word however it is written (`--model "lab/kimi k2"`).
 */
export const MODEL_FLAG = (ref: string): string => `--model ${shellModelWord(ref)}`;
