/**
 * Keys written in the config that are the docs' placeholders (`sk-...`, `YOUR_API_KEY`): the config
 * is valid, but they are no key, as requests, onboarding and doctor's key check say it (the one
 * `isPlaceholderKey` test). `config validate` and doctor's config check both warn about each, at
 * the place to put the real key, so that the two never disagree about the same file. So for an
 * API key written as no key is (in quote marks, a `.env` line copied whole, a space inside), which
 * requests refuse by the same `checkKeyShape` test: the file is valid, its key is not.
 */
import { checkKeyShape, isPlaceholderKey } from "../auth/key-shape.js";
import { formatPath, isSecretKeyName, type PathSegment } from "../config/index.js";
import type { CatalogFinding } from "./check.js";

export function placeholderKeyFindings(
  written: unknown,
  /** The hint for a placeholder no provider uses (its key comes from elsewhere), if none uses it. */
  unusedHint: (path: readonly PathSegment[]) => string | undefined = () => undefined,
  /** Where `written` sits in the config (`config set`'s path), when it is not the whole file. */
  at: readonly PathSegment[] = [],
  /**
   * The onboard command that stores the key of the provider reading the placeholder (`openclaw
   * onboard --auth-choice moonshot-api-key`), when one fits; the bare `openclaw onboard` else.
   */
  onboardFor: (path: readonly PathSegment[]) => string | undefined = () => undefined,
): CatalogFinding[] {
  const found: CatalogFinding[] = [];
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === "string") {
      const last = path[path.length - 1];
      if (typeof last === "string" && isSecretKeyName(last) && isPlaceholderKey(value)) {
        found.push({
          level: "warning",
          path: formatPath(path),
          message: "is a placeholder from the docs, not a real key",
          hint:
            unusedHint(path) ??
            `replace it with your own key, or run: ${onboardFor(path) ?? "openclaw onboard"}`,
        });
      } else if (typeof last === "string" && API_KEY_NAME.test(last)) {
        const misshapen = misshapenKeyFinding(value);
        if (misshapen) found.push({ level: "warning", path: formatPath(path), ...misshapen });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, [...path, index]);
      });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(written, [...at]);
  return found;
}

/** An API key's name: `apiKey`, `MOONSHOT_API_KEY`, `x-api-key` (not a token or a header). */
const API_KEY_NAME = /api[-_]?key$/i;

/**
 * What is wrong with an API key written as no key is, and what to do at its place; undefined for
 * one that may be a key, a `${VAR}` reference (its variable is checked where it is read) or an
 * empty one. The spaces around a key are no mistake: it is read trimmed.
 */
function misshapenKeyFinding(value: string): { message: string; hint: string } | undefined {
  if (value.includes("${")) return undefined;
  // "other": the provider's family is not known here, and a key of the other provider is a
  // question for the provider, not a mistake in the file.
  const problem = checkKeyShape("other", value.trim());
  if (problem === undefined) return undefined;
  const message = problem.message.replace(/^the API key for other /, "");
  switch (problem.code) {
    case "key_quoted":
      return { message, hint: "remove the quote marks: they are not part of the key" };
    case "key_whitespace":
      return { message, hint: "copy the key again, without the space or line break inside it" };
    case "key_assignment": {
      const name = /^(?:export\s+)?([A-Z][A-Z0-9_]*)=/.exec(value.trim())?.[1] ?? "VAR";
      return { message, hint: `keep only the key, without the ${name}= before it` };
    }
    case "key_bearer":
      return { message, hint: 'keep only the key, without the "Bearer " before it' };
    case "key_character":
      return { message, hint: problem.hint };
    default:
      return undefined;
  }
}
