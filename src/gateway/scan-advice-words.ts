/**
 * A provider error's hint as a program-started gateway tells it: its bare `openclaw models scan
 * --provider …` (scanAdvice) becomes the fix that reaches this gateway's config (seeWhatKeyMayUse
 * with the words made once at start: the state dir's prefix, or the config object's report). Run
 * on the error path only; with no words (the CLI's gateway), the hint is left as it is.
 */
import type { RetiredFixWords } from "../catalog/retired-object-edit.js";
import { SCAN_ADVICE_PATTERN } from "../providers/scan-advice.js";
import { seeWhatKeyMayUse } from "./model-discovery.js";

export function withFixWords(hint: string, words: RetiredFixWords | undefined): string {
  if (words === undefined || (words.prefix === undefined && words.configObject === undefined))
    return hint;
  return hint.replace(SCAN_ADVICE_PATTERN, (_all, use: string, provider: string) =>
    seeWhatKeyMayUse(provider, words, use === "use now"),
  );
}
