/**
 * A gateway with `gateway.ledger.keepDays` removes the ledger's older request rows at start, says
 * once per prune how many went, counts them on /metrics, and applies a reload that changes it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { type LedgerFileLost, UsageLedger } from "../../src/gateway/ledger.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { eventually, GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), "openclaw-gw-keep-days-"));
let env: GatewayEnv | undefined;
afterAll(async () => {
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowsIn = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM request_rows").pluck().get() as number;
  } finally {
    db.close();
  }
};

describe("a gateway with gateway.ledger.keepDays", () => {
  it("removes older rows at start and on a reload that lowers it, and says how many", async () => {
    const path = join(dir, "usage.sqlite");
    const seed = new UsageLedger({ path });
    const now = Date.now();
    // 1,500 rows ten days old, 10 two days old, 5 from the last hour.
    for (let i = 0; i < 1500; i++) seed.record(ledgerRow({ ts: now - 10 * DAY + i * 1000 }));
    for (let i = 0; i < 10; i++) seed.record(ledgerRow({ ts: now - 2 * DAY + i * 1000 }));
    for (let i = 0; i < 5; i++) seed.record(ledgerRow({ ts: now - 60_000 + i * 1000 }));
    await seed.close();

    const lines: string[] = [];
    env = await startGatewayEnv({
      gateway: { ledger: { path, keepDays: 3 } },
      start: { log: (line) => lines.push(line) },
    });
    const pruneLines = () => lines.filter((line) => line.includes("usage ledger: removed"));
    await eventually(() => pruneLines().length === 1, 5000, "the prune's log line");
    expect(pruneLines()[0]).toMatch(
      /^gateway: usage ledger: removed 1,500 rows from before \d{4}-\d\d-\d\dT\d\d:00Z \(gateway\.ledger\.keepDays 3\); their hourly totals stay/,
    );
    expect(rowsIn(path)).toBe(15);
    const metrics = async () =>
      (
        await (
          await fetch(`${env?.gateway.url}/metrics`, {
            headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
          })
        ).text()
      )
        .split("\n")
        .find((line) => line.startsWith("openclaw_gateway_ledger_rows_pruned_total"));
    expect(await metrics()).toBe("openclaw_gateway_ledger_rows_pruned_total 1500");

    // A reload that changes nothing of keepDays prunes nothing more (and says nothing).
    const config = JSON.parse(readFileSync(env.configPath, "utf8"));
    expect(env.gateway.reload()).toBe(true);
    config.gateway.ledger.keepDays = 1;
    writeFileSync(env.configPath, JSON.stringify(config));
    expect(env.gateway.reload()).toBe(true);
    await eventually(() => pruneLines().length === 2, 5000, "the reload's prune");
    expect(pruneLines()[1]).toContain("removed 10 rows from before");
    expect(pruneLines()[1]).toContain("(gateway.ledger.keepDays 1)");
    expect(rowsIn(path)).toBe(5);
    expect(await metrics()).toBe("openclaw_gateway_ledger_rows_pruned_total 1510");
  });

  it("still keeps every row when the file is overwritten in place after a prune", async () => {
    // The writer trusts a copy of a damaged file only when it holds every row it should: the
    // rows a prune removed must not count as missing.
    const path = join(dir, "overwritten.sqlite");
    const ledger = new UsageLedger({ path });
    const now = Date.now();
    for (let i = 0; i < 100; i++) ledger.record(ledgerRow({ ts: now - 10 * DAY + i }));
    for (let i = 0; i < 10; i++) ledger.record(ledgerRow({ ts: now - 1000 + i }));
    await ledger.ready();
    await ledger.flush();
    const lost: LedgerFileLost[] = [];
    ledger.onFileLost = (event) => lost.push(event);
    expect((await ledger.prune(3)).rows).toBe(100);
    writeFileSync(path, Buffer.alloc(statSync(path).size, 7), { flag: "r+" });
    ledger.record(ledgerRow({ ts: now }));
    await ledger.flush();
    await ledger.close();
    expect(lost.map(({ problem, kept }) => ({ problem, kept }))).toEqual([
      { problem: "overwritten", kept: true },
    ]);
    expect(rowsIn(path)).toBe(11);
  });
  it("lets a keepDays raised while a prune runs keep the rows it now keeps", async () => {
    // A reload that raises keepDays (1 set by mistake, then 30) while the first prune is under
    // way: the rows the new setting keeps stay, and usage's note does not claim them gone.
    const path = join(dir, "raised.sqlite");
    const ledger = new UsageLedger({ path });
    const now = Date.now();
    for (let i = 0; i < 50; i++) ledger.record(ledgerRow({ ts: now - 40 * DAY + i }));
    for (let i = 0; i < 20; i++) ledger.record(ledgerRow({ ts: now - 10 * DAY + i }));
    for (let i = 0; i < 5; i++) ledger.record(ledgerRow({ ts: now - 1000 + i }));
    await ledger.ready();
    await ledger.flush();
    const first = ledger.prune(1, now);
    const raised = ledger.prune(30, now);
    const [a, b] = await Promise.all([first, raised]);
    await ledger.close();
    expect(rowsIn(path)).toBe(25);
    expect(a).toEqual(b);
    expect(b).toMatchObject({ rows: 50, keepDays: 30 });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT before, keep_days FROM ledger_pruned").get()).toEqual({
        before: b.before,
        keep_days: 30,
      });
    } finally {
      db.close();
    }
  });
  it("keeps the hour the limit falls in whole, and removes the hours before it", async () => {
    // The guide: "in whole hours (the hour the limit falls in is kept whole …)".
    const path = join(dir, "boundary.sqlite");
    const ledger = new UsageLedger({ path });
    const HOUR = 3_600_000;
    // Half past an hour: the limit, 3 days back, is at half past too.
    const now = Math.floor(Date.now() / HOUR) * HOUR + HOUR / 2;
    const limit = now - 3 * DAY;
    const hourStart = limit - HOUR / 2;
    const kept = [hourStart, limit - 60_000, limit, limit + 60_000];
    const gone = [hourStart - 1, hourStart - HOUR];
    for (const ts of [...kept, ...gone]) ledger.record(ledgerRow({ ts }));
    await ledger.ready();
    await ledger.flush();
    const pruned = await ledger.prune(3, now);
    await ledger.close();
    expect(pruned).toMatchObject({ rows: 2, before: hourStart });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT ts FROM request_rows ORDER BY ts").pluck().all()).toEqual(kept);
    } finally {
      db.close();
    }
  });
  it("stops a prune under way when a reload takes keepDays out", async () => {
    // keepDays 1 set by mistake on a large ledger, taken out again at once: the rows the prune
    // has not reached yet stay.
    const path = join(dir, "taken-out.sqlite");
    const seed = new UsageLedger({ path, maxBatch: 100_000 });
    const now = Date.now();
    for (let i = 0; i < 100_000; i++) seed.record(ledgerRow({ ts: now - 40 * DAY + i }));
    await seed.close();
    const lines: string[] = [];
    const gateway = await startGatewayEnv({
      gateway: { ledger: { path, keepDays: 1 } },
      start: { log: (line) => lines.push(line) },
    });
    try {
      const config = JSON.parse(readFileSync(gateway.configPath, "utf8"));
      delete config.gateway.ledger.keepDays;
      writeFileSync(gateway.configPath, JSON.stringify(config));
      expect(gateway.gateway.reload()).toBe(true);
      const pruneLines = () => lines.filter((line) => line.includes("usage ledger: removed"));
      await eventually(() => pruneLines().length === 1, 5000, "the prune's log line");
      const removed = Number(
        /removed ([\d,]+) rows/.exec(pruneLines()[0] ?? "")?.[1]?.replace(/,/g, ""),
      );
      const left = rowsIn(path);
      expect(left).toBeGreaterThan(0);
      expect(removed).toBe(100_000 - left);
    } finally {
      await gateway.close();
    }
    expect(rowsIn(path)).toBeGreaterThan(0);
  });
});
