/**
 * Keys written in the config that are the docs' placeholders (`sk-...`, `YOUR_API_KEY`): the config
 * is valid, but they are no key, as requests, onboarding and doctor's key check say it (the one
 * `isPlaceholderKey` test). `config validate` and doctor's config check both warn about each, at
 * the place to put the real key, so that the two never disagree about the same file.
 */
import { isPlaceholderKey } from "../auth/key-shape.js";
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
