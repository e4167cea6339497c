/**
 * `gateway.ledger.keepDays`: the ledger removes request rows older than that, and `openclaw
 * usage` by model, provider and day still gives the same totals over the pruned days (the hourly
 * totals stay); views that need the rows (by client, `--last`) say from when rows are gone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-keep-days-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A ledger with a request every 20 minutes over the last 10 days, from two clients and models. */
async function seededLedger(name: string) {
  const home = join(dir, name);
  const path = join(home, "usage.sqlite");
  const ledger = new UsageLedger({ path });
  const now = Date.now();
  let n = 0;
  for (let ts = now - 10 * DAY; ts < now - 60_000; ts += 20 * 60_000, n++) {
    const model = n % 3 === 0 ? "kimi-code/kimi-for-coding" : "moonshot/kimi-k2.5";
    ledger.record(
      ledgerRow({
        ts,
        client: n % 2 === 0 ? "alice" : "bob",
        modelRequested: model,
        modelUsed: model,
        promptTokens: 1000 + n,
        completionTokens: 10 + (n % 7),
        cachedTokens: n % 5,
        costUsd: 0.001 * (1 + (n % 4)),
        outcome: n % 11 === 0 ? "error" : "ok",
        status: n % 11 === 0 ? 502 : 200,
      }),
    );
  }
  await ledger.ready();
  await ledger.flush();
  return { ledger, path, env: { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, COLUMNS: "200" } };
}

const rowsIn = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM request_rows").pluck().get() as number;
  } finally {
    db.close();
  }
};

async function usageJson(env: Record<string, string>, args: string[]) {
  const run = await runCli(["usage", ...args, "--json"], { env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe("gateway.ledger.keepDays", () => {
  it("removes old rows while usage by model, provider and day totals stay what they were", async () => {
    const { ledger, path, env } = await seededLedger("totals");
    const tz = { ...env, TZ: "UTC" };
    const views = [
      ["--since", "2026-01-01", "--by", "model"],
      ["--since", "2026-01-01", "--by", "provider"],
      ["--since", "2026-01-01", "--by", "day"],
      ["--since", "14d", "--by", "model"],
    ];
    const before = [];
    for (const view of views) before.push(await usageJson(tz, view));
    const held = rowsIn(path);

    const pruned = await ledger.prune(3);
    await ledger.close();
    expect(pruned.rows).toBeGreaterThan(400);
    expect(rowsIn(path)).toBe(held - pruned.rows);

    for (const [i, view] of views.entries()) {
      const after = await usageJson(tz, view);
      expect(after.groups, view.join(" ")).toEqual(before[i].groups);
      expect(after.total, view.join(" ")).toEqual(before[i].total);
      // The hourly totals answer for the removed hours: nothing to note.
      expect(after.rowsRemoved?.countedFrom ?? null, view.join(" ")).toBeNull();
    }
    const text = await runCli(["usage", "--since", "2026-01-01"], { env: tz });
    expect(text.stdout).not.toContain("were removed");
  });

  it("says by client and with --last that rows before the cut were removed", async () => {
    const { ledger, path, env } = await seededLedger("rows");
    const pruned = await ledger.prune(3);
    await ledger.close();
    expect(pruned.rows).toBeGreaterThan(0);
    const cut = new Date(pruned.before).toISOString();

    const byClient = await usageJson(env, ["--since", "14d", "--by", "client"]);
    expect(byClient.rowsRemoved).toEqual({ before: cut, keepDays: 3, countedFrom: cut });
    const text = await runCli(["usage", "--since", "14d", "--by", "client"], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.replace(/\s+/g, " ")).toMatch(
      /note: request rows before \d{4}-\d\d-\d\d \d\d:\d\d were removed \(gateway\.ledger\.keepDays 3\): these totals count requests from \d{4}-\d\d-\d\d \d\d:\d\d on, not from --since/,
    );

    const last = await usageJson(env, ["--last", "5000", "--since", "14d"]);
    expect(last.requests.length).toBe(rowsIn(path));
    expect(last.rowsRemoved).toEqual({ before: cut, keepDays: 3 });
    const lastText = await runCli(["usage", "--last", "5000", "--since", "14d"], { env });
    expect(lastText.stdout.replace(/\s+/g, " ")).toContain(
      "(gateway.ledger.keepDays 3): older requests are not listed",
    );
    // A full list, or one inside the kept days, has nothing to say.
    expect((await usageJson(env, ["--last", "5", "--since", "14d"])).rowsRemoved).toBeNull();
    expect((await usageJson(env, ["--last", "5000", "--since", "2d"])).rowsRemoved).toBeNull();
  });
});

describe("a --since near the cut-off of a keepDays prune", () => {
  it("counts each request once: a removed hour from its end, the kept hour whole", async () => {
    const { ledger, env } = await seededLedger("since-at-cut");
    const now = Date.now();
    const cut = Math.floor((now - 3 * DAY) / HOUR) * HOUR;
    const iso = (ms: number) => new Date(ms).toISOString();
    const views = {
      fromCut: ["--since", iso(cut), "--by", "model"],
      insideKeptHour: ["--since", iso(cut + 30 * 60_000), "--by", "client"],
      keptHourByModel: ["--since", iso(cut + 30 * 60_000), "--by", "model"],
    };
    const before: Record<string, { total: unknown; groups: unknown }> = {};
    for (const [name, view] of Object.entries(views)) before[name] = await usageJson(env, view);
    const pruned = await ledger.prune(3, now);
    await ledger.close();
    expect(pruned.before).toBe(cut);

    // Inside the hour before the cut (its rows gone): counted from the cut, as --since the cut.
    const inside = await usageJson(env, ["--since", iso(cut - 30 * 60_000), "--by", "model"]);
    expect(inside.total).toEqual(before.fromCut?.total);
    expect(inside.rowsRemoved).toEqual({ before: iso(cut), keepDays: 3, countedFrom: iso(cut) });
    // From the cut on, and inside the hour it starts (kept whole), nothing is missing.
    for (const [name, view] of Object.entries(views)) {
      const after = await usageJson(env, view);
      expect(after.total, name).toEqual(before[name]?.total);
      expect(after.groups, name).toEqual(before[name]?.groups);
      expect(after.rowsRemoved, name).toBeNull();
    }
  });
});

describe("a keepDays prune of a ledger the first version wrote", () => {
  it("keeps its rows' hourly totals, made when the gateway took it over", async () => {
    const home = join(dir, "first-version");
    mkdirSync(home, { recursive: true });
    const path = join(home, "usage.sqlite");
    const env = { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, COLUMNS: "200", TZ: "UTC" };
    const v1 = new Database(path);
    v1.exec(`CREATE TABLE requests (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, request_id TEXT NOT NULL,
      trace_id TEXT, client TEXT NOT NULL, model_requested TEXT, model_used TEXT, provider TEXT,
      fallback_from TEXT, stream INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
      latency_ms REAL NOT NULL, ttft_ms REAL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
      error_class TEXT); CREATE INDEX requests_ts ON requests(ts);`);
    const insert = v1.prepare(
      "INSERT INTO requests VALUES (NULL, ?, ?, NULL, '127.0.0.1', 'openclaw', 'moonshot/kimi-k2.5', 'moonshot', NULL, 1, ?, 20, 5, 0.25, 800, 140, 200, ?, NULL)",
    );
    const now = Date.now();
    for (let i = 0; i < 240; i++) {
      insert.run(now - 10 * DAY + i * HOUR, `old-${i}`, 100 + i, i % 9 === 0 ? "error" : "ok");
    }
    v1.close();
    const views = [
      ["--since", "30d", "--by", "model"],
      ["--since", "30d", "--by", "day"],
    ];
    const before = [];
    for (const view of views) before.push(await usageJson(env, view));
    expect(before[0].total.requests).toBe(240);

    const ledger = new UsageLedger({ path });
    const pruned = await ledger.prune(3, now);
    await ledger.close();
    expect(pruned.rows).toBeGreaterThan(150);
    expect(rowsIn(path)).toBe(240 - pruned.rows);
    for (const [i, view] of views.entries()) {
      const after = await usageJson(env, view);
      expect(after.total, view.join(" ")).toEqual(before[i].total);
      expect(after.groups, view.join(" ")).toEqual(before[i].groups);
    }
  });
});

describe("a keepDays prune the gateway's shutdown stops part way", () => {
  it("tells the rows it removed, and usage claims no row gone that is still there", async () => {
    const home = join(dir, "stopped");
    const path = join(home, "usage.sqlite");
    const env = { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, COLUMNS: "200" };
    const ledger = new UsageLedger({ path, maxBatch: 100_000 });
    const now = Date.now();
    // Six transactions' worth of rows 40 days old, and a few 10 days old.
    for (let i = 0; i < 30_000; i++) {
      ledger.record(ledgerRow({ ts: now - 40 * DAY + i, client: i % 2 ? "alice" : "bob" }));
    }
    for (let i = 0; i < 20; i++) ledger.record(ledgerRow({ ts: now - 10 * DAY + i }));
    await ledger.ready();
    await ledger.flush();
    const pruning = ledger.prune(1, now);
    await ledger.close();
    const pruned = await pruning;
    const left = rowsIn(path);
    // Stopped part way: the count told (the log line, /metrics) is the rows that went.
    expect(left).toBeGreaterThan(20);
    expect(pruned.rows).toBe(30_020 - left);

    const byClient = await usageJson(env, ["--since", "60d", "--by", "client"]);
    expect(byClient.total.requests).toBe(left);
    const db = new Database(path, { readonly: true });
    const oldest = db.prepare("SELECT min(ts) FROM request_rows").pluck().get() as number;
    db.close();
    // The note's "counted from" is no later than the oldest row the totals count.
    expect(Date.parse(byClient.rowsRemoved.countedFrom)).toBeLessThanOrEqual(oldest);
    expect(Date.parse(byClient.rowsRemoved.before)).toBeLessThanOrEqual(oldest);
  });
});

describe("gateway.ledger.keepDays in the config", () => {
  it("is refused unless a whole number of days, naming the file, line and key", async () => {
    const home = join(dir, "config");
    const configPath = join(home, "openclaw.json");
    mkdirSync(home, { recursive: true });
    writeFileSync(configPath, "{\n  gateway: {\n    ledger: { keepDays: 0.5 },\n  },\n}\n");
    const run = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, OPENCLAW_CONFIG_PATH: configPath },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: invalid config: gateway.ledger.keepDays: expected an integer from 1 to 100000, found the number 0.5 (${configPath}:3)`,
    );
  });
});
