/**
 * The groupings of the usage report, and the one a mistyped name most likely meant: for
 * `openclaw usage --by` and the library's `readUsageReport({ by })` alike. Kept apart from the
 * report, which loads SQLite: the CLI checks `--by` before it loads anything.
 */
import { closestMatches } from "../util/suggest.js";
import type { UsageGrouping } from "./usage-report.js";

/** Every grouping the report knows, in the order `--help` names them: leaving one out is a type error. */
const OFFERED: Record<UsageGrouping, true> = {
  model: true,
  provider: true,
  client: true,
  api: true,
  day: true,
};
export const USAGE_GROUPINGS = Object.keys(OFFERED) as UsageGrouping[];

/** What people call a grouping elsewhere (other tools, the ledger's columns). */
const CALLED_ELSEWHERE: Record<string, UsageGrouping> = {
  date: "day",
  daily: "day",
  user: "client",
  users: "client",
  endpoint: "api",
  route: "api",
  model_used: "model",
};

/** Whether `value` names a grouping as the report spells it (lower case). */
export function isUsageGrouping(value: unknown): value is UsageGrouping {
  return typeof value === "string" && (USAGE_GROUPINGS as readonly string[]).includes(value);
}

/**
 * The grouping `value` names in any case, spaces around it aside (`Model`, ` day `), as `--by`
 * takes it and so `readUsageReport({ by })`; undefined for anything else.
 */
export function usageGroupingNamed(value: unknown): UsageGrouping | undefined {
  if (typeof value !== "string") return undefined;
  const name = value.trim().toLowerCase();
  return isUsageGrouping(name) ? name : undefined;
}

/**
 * The grouping a refused name most likely meant (`days`, `modle`, `date`, `user`), or undefined:
 * then the hint is a plain example.
 */
export function groupingMeant(typed: string): UsageGrouping | undefined {
  const named = CALLED_ELSEWHERE[typed];
  if (named !== undefined) return named;
  if (typed.length < 2) return undefined;
  const [closest] = closestMatches(typed, USAGE_GROUPINGS, 1);
  return USAGE_GROUPINGS.find((grouping) => grouping === closest);
}
