/**
 * How a provider error's hint says to see what the key may use: the bare command, which reaches
 * the config the CLI reads. A gateway a program started puts its own fix words in its place, on
 * the error path only (src/gateway/scan-advice-words.ts), by finding it with SCAN_ADVICE_PATTERN.
 */
export function scanAdvice(provider: string, now = false): string {
  return `see what the key may ${now ? "use now" : "use"} with: openclaw models scan --provider ${provider}`;
}

/** Each scanAdvice in a hint: group 1 is "use" or "use now", group 2 the provider. */
export const SCAN_ADVICE_PATTERN =
  /see what the key may (use now|use) with: openclaw models scan --provider ([^\s;,()]+)/g;
