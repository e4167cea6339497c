/**
 * `models list --json` and `models status --json` with the same keys whatever the config holds:
 * a field with no value is `null`, where JSON.stringify left it out, and a script had to test
 * whether `.alias`, `.contextWindow` or `.defaultProblem` was there before reading it.
 */
import type { ModelRow, ModelsStatus } from "../onboard/index.js";

/** `T` with each of `K` always there: its value, or null for none. */
type WithNulls<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> | null };

/** `value` with each of `keys` set: to what it holds, or to null when it holds nothing. */
export function withNulls<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): WithNulls<T, K> {
  const out: Record<PropertyKey, unknown> = { ...(value as Record<PropertyKey, unknown>) };
  for (const key of keys) out[key] = value[key] ?? null;
  return out as WithNulls<T, K>;
}

/** A config problem, as both commands list it: where it is written, and what to do, or null. */
function problemJson<T extends { file?: string; line?: number; hint?: string }>(problem: T) {
  return withNulls(problem, ["file", "line", "hint"]);
}

/** `models list --json`'s object. */
export function modelListJson<P extends { file?: string; line?: number; hint?: string }>(
  rows: readonly ModelRow[],
  problems: readonly P[],
) {
  return {
    models: rows.map((row) => ({
      ...withNulls(row, ["name", "contextWindow", "alias", "disabled"]),
      auth: withNulls(row.auth, ["source", "masked"]),
    })),
    problems: problems.map(problemJson),
  };
}

/** `models status --json`'s status (its probes, with --probe, are added as they are). */
export function modelsStatusJson<
  P extends ModelsStatus["problems"][number] & { file?: string; line?: number; hint?: string },
>(status: Omit<ModelsStatus, "problems"> & { problems: readonly P[] }) {
  return {
    ...withNulls(status, ["default", "defaultProblem", "defaultHint", "proxy", "proxyProblem"]),
    leftOut: status.leftOut.map((member) => withNulls(member, ["origin", "hint"])),
    keyless: status.keyless.map((member) => withNulls(member, ["origin", "hint"])),
    providers: status.providers.map((provider) => ({
      ...withNulls(provider, ["baseUrl", "active", "masked", "missingHint", "proxy"]),
      sources: provider.sources.map((source) =>
        withNulls(source, ["masked", "detail", "hint", "emptyVariable"]),
      ),
    })),
    problems: status.problems.map((problem) =>
      withNulls(problem, ["file", "line", "hint", "disabledProvider"]),
    ),
  };
}
