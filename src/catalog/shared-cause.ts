/**
 * One config mistake under a provider (`baseURL` for `baseUrl`) disables it, and with it every
 * model setting that names one of its models: the default model, each fallback, each entry of
 * `agents.defaults.models`. Said once per setting, a list of findings repeats the same problem
 * many times; folded here, it is said once, at its own place, with what it affects. Every output
 * that lists findings for a person or a script (models list, models status, doctor, config
 * validate) folds them here. Pure.
 */
import { andList } from "../util/and-list.js";
import type { CatalogFinding } from "./check.js";

/**
 * `findings` without those that only follow from another one in the list (see
 * CatalogFinding.dueTo): their paths are that one's `affects`, in order. A finding whose cause is
 * not in the list (a list filtered to some paths) is kept as it is.
 */
export function foldSharedCauses<T extends CatalogFinding>(findings: readonly T[]): T[] {
  const causes = new Map<string, string[]>();
  for (const finding of findings)
    if (finding.dueTo === undefined && !causes.has(finding.path)) causes.set(finding.path, []);
  const kept: T[] = [];
  for (const finding of findings) {
    const affected = finding.dueTo === undefined ? undefined : causes.get(finding.dueTo);
    if (affected) affected.push(finding.path);
    else kept.push(finding);
  }
  const told = new Set<string>();
  return kept.map((finding) => {
    const affects = finding.dueTo === undefined ? causes.get(finding.path) : undefined;
    // Two findings at one path: the first says what the problem there affects.
    if (!affects || affects.length === 0 || told.has(finding.path)) return finding;
    told.add(finding.path);
    return { ...finding, affects: [...(finding.affects ?? []), ...affects] };
  });
}

/** `1 entry`, `2 entries`. */
function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Fallback numbers as people count them: "fallback 1", "fallbacks 1 and 3". */
function fallbackNumbers(numbers: readonly number[]): string {
  return `${numbers.length === 1 ? "fallback" : "fallbacks"} ${andList(numbers.map(String))}`;
}

const FALLBACK_PATH = /^agents\.defaults\.model\.fallbacks\[(\d+)\]$/;

/**
 * What a folded finding affects, in words ("the default model, fallback 1, and
 * agents.defaults.models (2 entries)"), or undefined when it affects nothing listed. Counts go in
 * parentheses and three parts take a comma before "and", so no number reads as the next part's.
 */
export function affectsText(finding: Pick<CatalogFinding, "affects">): string | undefined {
  const paths = finding.affects ?? [];
  if (paths.length === 0) return undefined;
  let primary = false;
  const fallbacks: number[] = [];
  let entries = 0;
  let others = 0;
  for (const path of paths) {
    const fallback = FALLBACK_PATH.exec(path);
    if (path === "agents.defaults.model" || path === "agents.defaults.model.primary")
      primary = true;
    else if (fallback) fallbacks.push(Number(fallback[1]) + 1);
    else if (path.startsWith("agents.defaults.models")) entries += 1;
    else others += 1;
  }
  const parts = [
    ...(primary ? ["the default model"] : []),
    ...(fallbacks.length > 0 ? [fallbackNumbers(fallbacks)] : []),
    ...(entries > 0 ? [`agents.defaults.models (${counted(entries, "entry", "entries")})`] : []),
    ...(others > 0 ? [counted(others, "other setting")] : []),
  ];
  if (parts.length < 3) return andList(parts);
  return `${parts.slice(0, -1).join(", ")}, and ${parts.at(-1)}`;
}

/** `text` (a finding as an output words it) followed by what the finding affects, if anything. */
export function withAffects(text: string, finding: Pick<CatalogFinding, "affects">): string {
  const affects = affectsText(finding);
  return affects === undefined ? text : `${text}; this affects ${affects}`;
}
