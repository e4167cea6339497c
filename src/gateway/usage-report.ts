/** Reads the usage ledger for `openclaw usage`: totals grouped by model, provider or day. */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { OpenClawError, UsageError } from "../errors.js";

export type UsageGrouping = "model" | "provider" | "day";

export interface UsageGroup {
  key: string;
  requests: number;
  errors: number;
  fallbacks: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  avgLatencyMs: number;
}

export interface UsageReport {
  since: string;
  by: UsageGrouping;
  ledger: string;
  groups: UsageGroup[];
  total: Omit<UsageGroup, "key">;
}

const UNITS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `7d`, `24h`, `30m`, `2w`, or a date (`2026-11-01`). Returns epoch milliseconds. */
export function parseSince(text: string, now = Date.now()): number {
  const match = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (match) {
    const unit = UNITS[(match[2] ?? "d").toLowerCase()] ?? UNITS.d ?? 0;
    return now - Number(match[1]) * unit;
  }
  const date = Date.parse(text);
  if (!Number.isNaN(date)) return date;
  throw new UsageError(
    `--since "${text}" is neither a duration nor a date`,
    "use a duration such as 30m, 24h, 7d, 2w, or a date such as 2026-11-01",
  );
}

const GROUP_SQL: Record<UsageGrouping, string> = {
  model: "COALESCE(model_used, model_requested, '(none)')",
  provider: "COALESCE(provider, '(none)')",
  day: "strftime('%Y-%m-%d', ts / 1000, 'unixepoch')",
};

export function readUsage(options: {
  ledgerPath: string;
  since: string;
  by: UsageGrouping;
  now?: number;
}): UsageReport {
  const sinceMs = parseSince(options.since, options.now);
  const empty = {
    requests: 0,
    errors: 0,
    fallbacks: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    avgLatencyMs: 0,
  };
  if (!existsSync(options.ledgerPath)) {
    return {
      since: new Date(sinceMs).toISOString(),
      by: options.by,
      ledger: options.ledgerPath,
      groups: [],
      total: empty,
    };
  }
  let db: Database.Database;
  try {
    db = new Database(options.ledgerPath, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new OpenClawError(
      "usage.ledger_unreadable",
      `cannot open the usage ledger ${options.ledgerPath}`,
      {
        hint: "check the file's permissions, or move it away to start a new ledger",
        cause: error,
      },
    );
  }
  try {
    const select = `SELECT COUNT(*) AS requests,
        SUM(CASE WHEN outcome = 'ok' THEN 0 ELSE 1 END) AS errors,
        SUM(CASE WHEN fallback_from IS NULL THEN 0 ELSE 1 END) AS fallbacks,
        SUM(prompt_tokens) AS promptTokens, SUM(completion_tokens) AS completionTokens,
        SUM(cached_tokens) AS cachedTokens, SUM(cost_usd) AS costUsd, AVG(latency_ms) AS avgLatencyMs
      FROM requests WHERE ts >= ?`;
    const groups = db
      .prepare(
        `${select.replace("SELECT", `SELECT ${GROUP_SQL[options.by]} AS key,`)} GROUP BY key ORDER BY ${options.by === "day" ? "key" : "costUsd DESC, requests DESC"}`,
      )
      .all(sinceMs) as UsageGroup[];
    const total = (db.prepare(select).get(sinceMs) ?? empty) as Omit<UsageGroup, "key">;
    const clean = <T extends Omit<UsageGroup, "key">>(row: T): T => ({
      ...row,
      errors: row.errors ?? 0,
      fallbacks: row.fallbacks ?? 0,
      promptTokens: row.promptTokens ?? 0,
      completionTokens: row.completionTokens ?? 0,
      cachedTokens: row.cachedTokens ?? 0,
      costUsd: row.costUsd ?? 0,
      avgLatencyMs: Math.round((row.avgLatencyMs ?? 0) * 10) / 10,
    });
    return {
      since: new Date(sinceMs).toISOString(),
      by: options.by,
      ledger: options.ledgerPath,
      groups: groups.map(clean),
      total: clean(total),
    };
  } finally {
    db.close();
  }
}
