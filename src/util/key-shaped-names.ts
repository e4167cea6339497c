/**
 * Names that are pasted keys (a provider's name, an alias's ref, a header's name), masked where
 * they are shown. Kept out of src/config so that what every CLI output goes through
 * (`--version` included) loads no config code.
 */

/**
 * A key pasted where a name goes (a provider's key under models.providers, an alias's ref, a
 * header's name): its prefix and a run of at least eight letters, digits, `-` or `_` after it.
 * A `.`, `/`, `"` or `]` ends it, so that the rest of a dotted path or ref stays readable.
 */
const KEY_SHAPED_NAME = /(?<![A-Za-z0-9])(sk-kimi-|sk-|ak-|msk-)[A-Za-z0-9][A-Za-z0-9_-]{7,}/g;

/**
 * `text` (a message, a dotted path, a model ref) with every key-shaped name in it shown as its
 * prefix and `***` (`models.providers.sk-kimi-***.baseUrl`), as the usage ledger keeps a key a
 * client sent. Values are masked where they are described; this is for names, which messages
 * quote as they are. A masked name (`sk-…9876`, `sk-***`) is left as it is.
 */
export function maskKeyShapedNames(text: string): string {
  // Every prefix ends in "k-": text without it (nearly every model ref, on each gateway answer
  // and ledger row) is returned without running the regex.
  if (!text.includes("k-")) return text;
  return text.replace(KEY_SHAPED_NAME, "$1***");
}

/** Whether `text` holds a name maskKeyShapedNames would mask. */
export function hasKeyShapedName(text: string): boolean {
  KEY_SHAPED_NAME.lastIndex = 0;
  const found = KEY_SHAPED_NAME.test(text);
  KEY_SHAPED_NAME.lastIndex = 0;
  return found;
}

/**
 * `text` with every key-shaped run covered by `•` after its prefix (`sk-••••••••`), one for each
 * character: what a prompt draws keeps its width, so the prompt's own count of the lines it drew
 * (to redraw them) stays right.
 */
export function coverKeyShapedRuns(text: string): string {
  if (!text.includes("k-")) return text;
  return text.replace(
    KEY_SHAPED_NAME,
    (run, prefix: string) => `${prefix}${"•".repeat(run.length - prefix.length)}`,
  );
}
