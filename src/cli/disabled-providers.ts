/**
 * What a command that runs models says about providers the config disables (a setting of theirs
 * fails the schema): one warning line each, naming the provider and its first problem with its
 * dotted path and `file:line`, so that a run on another provider is not taken for a config
 * without problems. Pure.
 */
import { type Catalog, describeProblem } from "../catalog/index.js";

export function disabledProviderWarnings(catalog: Catalog): string[] {
  const byProvider = new Map<string, string[]>();
  for (const problem of catalog.problems) {
    if (!problem.schema || !problem.provider) continue;
    byProvider.set(problem.provider, [
      ...(byProvider.get(problem.provider) ?? []),
      describeProblem(problem),
    ]);
  }
  return [...byProvider].map(([provider, [first, ...others]]) => {
    const more = others.length > 0 ? ` (and ${others.length} more)` : "";
    return `provider ${provider} is disabled: ${first}${more}; fix it, then run: openclaw config validate`;
  });
}
