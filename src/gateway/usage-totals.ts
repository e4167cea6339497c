/**
 * The usage ledger's totals as `openclaw usage --json` prints them and the library's
 * `readUsageReport` returns them: one reading for both, so a program gets the figures the command
 * prints. Where the ledger is follows the config as the gateway reads it (gateway.ledger), and
 * which models a plan paid for or the config prices follows the config too; the words for people
 * (the table, its notes) stay in the CLI.
 */
import { type Billing, billingOf, planBilledModels } from "../auth/plan-billed-models.js";
import {
  type CacheReadPriced,
  cacheReadPricedInConfig,
  pricedInConfig,
  zeroPricedInConfig,
} from "../config/cost-places.js";
import {
  type Env,
  formatOrigin,
  type LoadedConfig,
  loadConfig,
  loadConfigObject,
  locateConfigValue,
  type OpenClawConfig,
  resolveConfigPath,
  resolveStateDir,
} from "../config/index.js";
import { refuseStateDirFile } from "../config/state-dir-file.js";
import { type OpenClawErrorJson, UsageError } from "../errors.js";
import { jsonError } from "../util/error-json.js";
import { localClock, localDay, zoneNote } from "../util/local-time.js";
import { roundUsd } from "../util/usd.js";
import { keptLedgers, readingBesideKeptLedgers } from "./ledger-kept.js";
import { configuredLedgerPath, ledgerLocation } from "./ledger-location.js";
import { readCachedTokensPricedAtZero } from "./usage-cache-read.js";
import {
  parseSince,
  type RowsRemovedNote,
  readUsage,
  type SinceName,
  type UsageGroup,
  type UsageGrouping,
  type UsageReport,
} from "./usage-report.js";
import { NOT_SENT } from "./usage-rollup.js";

/** Which ledger a report reads, and what the config says of it. */
export interface LedgerSetting {
  path: string;
  /** Where the config says `gateway.ledger.enabled: false` (file:line), when it does. */
  offAt: string | undefined;
  /** Why the config could not be read, when it could not (the default ledger is read then). */
  configError: unknown;
  /** The config, when it could be read: what it prices each model at. */
  loaded?: LoadedConfig;
}

/**
 * The ledger the gateway started with the same `env` (and `config` object, if any) writes. A
 * config file that cannot be read does not stop a report: the default place is read, and
 * `configError` says why (the config may have put the ledger elsewhere). A config object that is
 * not valid is thrown: it is the program's own, given on purpose.
 */
export function ledgerSetting(source: {
  env: Env;
  config?: OpenClawConfig | Record<string, unknown> | undefined;
}): LedgerSetting {
  const { env } = source;
  const stateDir = resolveStateDir(env);
  refuseStateDirFile(env);
  let loaded: LoadedConfig;
  try {
    // A provider the schema refuses is disabled, not the whole config: the gateway reads its
    // ledger setting from such a config, and so must the report, or it reads another file.
    loaded =
      source.config === undefined
        ? loadConfig({ path: resolveConfigPath(env), env, providerProblems: "disable" })
        : loadConfigObject(source.config, { env, providerProblems: "disable" });
  } catch (error) {
    if (source.config !== undefined) throw error;
    return { path: ledgerLocation({}, stateDir), offAt: undefined, configError: error };
  }
  // A gateway.ledger.path naming an unset variable is an error: the ledger it means is unknown.
  const path = configuredLedgerPath(loaded, stateDir);
  if (loaded.config.gateway?.ledger?.enabled !== false)
    return { path, offAt: undefined, configError: undefined, loaded };
  const origin =
    source.config === undefined
      ? locateConfigValue(loaded.path, ["gateway", "ledger", "enabled"])
      : undefined;
  return {
    path,
    offAt: origin
      ? formatOrigin(origin)
      : source.config === undefined
        ? loaded.path
        : "gateway.ledger.enabled",
    configError: undefined,
    loaded,
  };
}

/**
 * A `since` after now (a year mistyped, say): no request can be that recent, and "no requests"
 * would read as a ledger that recorded nothing. The message calls `text` by `name` (see
 * parseSince).
 */
export function refuseFutureSince(
  text: string,
  sinceMs: number,
  now: number,
  name: SinceName,
): void {
  if (sinceMs <= now) return;
  throw new UsageError(
    `${name} "${text}" is in the future (${localClock(sinceMs, true)}; it is now ${localClock(now, true)}, ${zoneNote(now)}): no request is that recent`,
    "give a date before now, or a duration such as 7d (the last 7 days)",
  );
}

/** A group of the totals: its counts, with how it was billed. */
export interface UsageTotalsGroup extends Omit<UsageGroup, "models"> {
  /**
   * `"tokens"` (priced per token), `"plan"` (a Kimi Code plan's quota paid: `costUsd` 0 is no
   * money spent, not a missing price) or `"mixed"` (both).
   */
  billing: Billing;
  /** By day only: whether the report starts inside this day (the first one). */
  partial?: boolean;
  /** By day only, on the partial day: the ISO time it is counted from. */
  from?: string;
}

/** A model and where the config writes its `cost` (`file:line`). */
export interface ModelCostPlace {
  /** `provider/model`. */
  model: string;
  /** `file:line` of its `cost`, or the config file when the line cannot be found. */
  costAt: string;
}

/** A model priced for cache reads now whose cached tokens were recorded at $0 before. */
export interface CacheReadPricedLater {
  /** `provider/model`. */
  model: string;
  /** Where its `cost` is; null when not known. */
  costAt: string | null;
  /** The cached tokens recorded at $0. */
  cachedTokens: number;
}

/**
 * The usage report as `openclaw usage --json` prints it (see the guide's `openclaw usage`
 * section): totals per group since `since`, their sum, and what the config says of them.
 */
export interface UsageTotals {
  /** Where the report starts, ISO 8601 in UTC. */
  since: string;
  /** What `groups` are keyed by. */
  by: UsageGrouping;
  /** The ledger file read. */
  ledger: string;
  /** One per model, provider, client, API or local day; empty when there is nothing. */
  groups: UsageTotalsGroup[];
  /** The sums of every group. */
  total: Omit<UsageGroup, "key" | "models"> & {
    /**
     * How the whole report was billed: `"tokens"` (priced per token), `"plan"` (a Kimi Code plan's
     * quota paid: `costUsd` 0 is no money spent) or `"mixed"` (both).
     */
    billing: Billing;
  };
  /** Rows `gateway.ledger.keepDays` removed in the range; null when none were. */
  rowsRemoved: RowsRemovedNote | null;
  /** False when the config turns the ledger off (`gateway.ledger.enabled: false`). */
  ledgerEnabled: boolean;
  /** Why the config could not be read (the default ledger was read then); null when it was. */
  configError: OpenClawErrorJson | null;
  /** The zone local days and times are in (`Asia/Tokyo (UTC+09:00)`). */
  timeZone: string;
  /** The models whose tokens cost $0: no price, or a price of 0. */
  unpricedModels: string[];
  /** Of those, the ones the config prices at 0, and where. */
  zeroPricedModels: ModelCostPlace[];
  /** Of those, the ones the config prices now: their requests were recorded before it did. */
  pricedLaterModels: ModelCostPlace[];
  /** Models whose cached tokens were recorded at $0 before the config priced cache reads. */
  cacheReadPricedLaterModels: CacheReadPricedLater[];
  /** The models a Kimi Code plan's quota paid for. */
  planBilledModels: string[];
  /** Ledgers the gateway wrote beside this one while another file had its path (not counted). */
  keptLedgers: string[];
}

/** How each group, and the whole report, was billed (see billingByGroup). */
export interface GroupBilling {
  models: string[];
  ofGroup: (groupModels: readonly string[]) => Billing;
  total: Billing;
}

/** The totals, and what the CLI's table and notes are made from. */
export interface UsageTotalsRead {
  totals: UsageTotals;
  report: UsageReport;
  /** The same range by model: which models are unpriced or on a plan. */
  byModel: UsageReport;
  sinceMs: number;
  /** With `by: "day"`, the first day when the report starts inside it. */
  partialDay: string | undefined;
  unpriced: string[];
  /** Of `unpriced`, the models priced per token (not on a plan). */
  perToken: string[];
  billing: GroupBilling;
  cacheReadPriced: Map<string, CacheReadPriced>;
  cachedAtZero: Map<string, number>;
}

/**
 * Reads the totals of `setting`'s ledger since `since`, grouped `by`. Throws UsageError for a
 * `since` that is no duration or date, or is in the future (its message calls it `sinceName`),
 * and OpenClawError for a ledger that cannot be read; no ledger yet is an empty report.
 */
export function readUsageTotals(input: {
  setting: LedgerSetting;
  since: string;
  by: UsageGrouping;
  now: number;
  sinceName: SinceName;
}): UsageTotalsRead {
  const { setting, since, by, now, sinceName } = input;
  refuseFutureSince(since, parseSince(since, now, sinceName), now, sinceName);
  const report = readingBesideKeptLedgers(setting.path, () =>
    readUsage({ ledgerPath: setting.path, since, by, now, sinceName }),
  );
  const sinceMs = Date.parse(report.since);
  // With --by day, a --since inside a day (the default 7d: now's time of day, 7 days back)
  // starts the first day part way: its row says from when, or it reads as a whole day's.
  const partialDay = by === "day" && !isLocalMidnight(sinceMs) ? localDay(sinceMs) : undefined;
  const byModel =
    by === "model"
      ? report
      : readUsage({ ledgerPath: setting.path, since, by: "model", now, sinceName });
  const unpriced = unpricedModels(byModel);
  const billing = billingByGroup(byModel, setting.loaded);
  // Priced per token: the notes on $0 leave out the models a plan pays for (they have no price).
  const perToken = unpriced.filter((model) => !billing.models.includes(model));
  // Cached tokens of rows recorded before the config priced cache reads: $0 in the cost shown.
  const cacheReadPriced = cacheReadPricedInConfig(
    setting.loaded,
    byModel.groups.filter((group) => !perToken.includes(group.key)),
  );
  const cachedAtZero = readCachedTokensPricedAtZero(setting.path, sinceMs, cacheReadPriced);
  // `since` is ISO with its Z; days (by day) are this machine's local days, in `timeZone`.
  const totals: UsageTotals = {
    ...report,
    // A group's models are how its billing is told, not a field of its own.
    groups: report.groups.map(({ models, ...group }) => ({
      ...group,
      costUsd: roundUsd(group.costUsd),
      billing: billing.ofGroup(models),
      ...(by === "day" ? dayCoverage(group.key, partialDay, report.since) : {}),
    })),
    total: { ...report.total, costUsd: roundUsd(report.total.costUsd), billing: billing.total },
    ledgerEnabled: setting.offAt === undefined,
    configError: setting.configError === undefined ? null : jsonError(setting.configError),
    timeZone: zoneNote(sinceMs, now).replace(/^local time, /, ""),
    unpricedModels: unpriced,
    // Which of those the config prices at 0 on purpose or by copying (the page's snippet), and
    // where: the text note tells them apart, so a program can too. A key of its own, so
    // `unpricedModels` keeps meaning every $0 model with tokens.
    zeroPricedModels: [...zeroPricedInConfig(setting.loaded, unpriced)].map(([model, costAt]) => ({
      model,
      costAt,
    })),
    // Which of those the config prices now: their requests were recorded before it did, and
    // each keeps the cost it was recorded with.
    pricedLaterModels: [...pricedInConfig(setting.loaded, perToken)].map(([model, costAt]) => ({
      model,
      costAt,
    })),
    // The models priced with their cache reads now whose cached tokens here were recorded
    // before that price, at $0, and how many.
    cacheReadPricedLaterModels: [...cachedAtZero].map(([model, cachedTokens]) => ({
      model,
      costAt: cacheReadPriced.get(model)?.place ?? null,
      cachedTokens,
    })),
    planBilledModels: billing.models,
    keptLedgers: keptLedgers(setting.path),
  };
  return {
    totals,
    report,
    byModel,
    sinceMs,
    partialDay,
    unpriced,
    perToken,
    billing,
    cacheReadPriced,
    cachedAtZero,
  };
}

/**
 * The models whose requests used tokens yet cost $0: no prices were set for them (a model's
 * `cost` is 0 unless the config sets it, as onboarding writes it), which a `$0` alone would let
 * pass for free.
 */
function unpricedModels(byModel: UsageReport): string[] {
  return byModel.groups
    .filter(
      (group) =>
        group.key !== NOT_SENT &&
        group.costUsd === 0 &&
        group.promptTokens + group.completionTokens > 0,
    )
    .map((group) => group.key);
}

/**
 * Which requests of the report a plan's quota paid (see plan-billed-models.ts), from its models:
 * a model at a Kimi Code provider whose requests cost $0 over the report (one the config prices
 * above 0 keeps its dollars). `models` lists them; a group's billing follows from the models that
 * answered or spent tokens in it (a model, a provider, a day, a client or an API alike), and the
 * whole report's: a Kimi Code attempt refused without a token (its key refused, then a fallback
 * answered) used no quota, and makes nothing `plan`.
 */
function billingByGroup(byModel: UsageReport, loaded: LoadedConfig | undefined): GroupBilling {
  // A model's group lists the model only when it was used (see UsageGroup.models).
  const used = byModel.groups.filter((group) => group.models.length > 0);
  const models = planBilledModels(
    used.filter((group) => group.costUsd === 0).map((group) => group.key),
    loaded,
  );
  const onPlan = new Set(models);
  return {
    models,
    ofGroup: (groupModels) =>
      billingOf(groupModels.filter((model) => onPlan.has(model)).length, groupModels.length),
    total: billingOf(onPlan.size, used.length),
  };
}

/** Whether `ts` is a local midnight, where a day of `--by day` starts whole. */
function isLocalMidnight(ts: number): boolean {
  const date = new Date(ts);
  return (
    date.getHours() === 0 &&
    date.getMinutes() === 0 &&
    date.getSeconds() === 0 &&
    date.getMilliseconds() === 0
  );
}

/**
 * A day's word in the totals by day: `partial` (the report starts inside it) and, for that day,
 * `from`, the ISO time it is counted from.
 */
function dayCoverage(
  day: string,
  partialDay: string | undefined,
  since: string,
): { partial: boolean; from?: string } {
  return day === partialDay ? { partial: true, from: since } : { partial: false };
}
