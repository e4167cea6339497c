/**
 * A gateway with `gateway.ledger.keepDays` pruned while the system clock ran ahead (a host whose
 * clock jumped two days before NTP set it back). Its prune recorded a cut-off still to come, and
 * the ledger keeps the latest cut-off; once the clock was right again, `openclaw usage` said rows
 * before that future hour were removed and its totals counted from then on, and `--last` that
 * older requests were not listed, beside the requests written since. It now says rows were
 * removed before the hour of the oldest row the ledger still has, which is what is true.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { PRUNED_SCHEMA, PRUNED_UPSERT } from "../../src/gateway/ledger-prune.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-clock-ahead-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("openclaw usage after a prune while the clock ran ahead", () => {
  it("says rows were removed before the oldest row's hour, not before a time still to come", async () => {
    const path = join(dir, "usage.sqlite");
    const ledger = new UsageLedger({ path });
    const now = Date.now();
    for (let i = 1; i <= 10; i++)
      ledger.record(ledgerRow({ ts: now - i * 5 * HOUR, client: "alice" }));
    await ledger.flush();
    // keepDays 1 on a clock two days ahead: every row goes, the cut-off a day from now.
    const pruned = await ledger.prune(1, now + 2 * DAY);
    expect(pruned.rows).toBe(10);
    // The clock is right again: requests are written at the real time.
    for (let i = 0; i < 3; i++) ledger.record(ledgerRow({ ts: now, client: "bob" }));
    await ledger.close();
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({ gateway: { ledger: { keepDays: 1 } } }),
    );
    const env = { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, TZ: "UTC" };
    const hour = new Date(Math.floor(now / HOUR) * HOUR).toISOString();
    const hourText = `${hour.slice(0, 10)} ${hour.slice(11, 16)}`;

    const byClient = await runCli(["usage", "--since", "7d", "--by", "client"], { env });
    expect(byClient.code).toBe(0);
    expect(byClient.stdout).toMatch(/^bob +3 /m);
    expect(byClient.stdout).toContain(
      `note: request rows before ${hourText} were removed (gateway.ledger.keepDays 1): these totals count requests from ${hourText} on`,
    );
    const json = await runCli(["usage", "--since", "7d", "--by", "client", "--json"], { env });
    expect(JSON.parse(json.stdout).rowsRemoved).toEqual({
      before: hour,
      keepDays: 1,
      countedFrom: hour,
    });

    const last = await runCli(["usage", "--last", "10", "--json"], { env });
    const listed = JSON.parse(last.stdout) as { requests: unknown[]; rowsRemoved: unknown };
    expect(listed.requests).toHaveLength(3);
    expect(listed.rowsRemoved).toEqual({ before: hour, keepDays: 1 });
  }, 60_000);

  it("keeps the time a prune stopped part way recorded, inside an hour, as it is", async () => {
    const state = mkdtempSync(join(dir, "stopped-"));
    const path = join(state, "usage.sqlite");
    const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
    const minute = 60_000;
    const ledger = new UsageLedger({ path });
    for (const at of [10, 30, 45, 50])
      ledger.record(ledgerRow({ ts: hourStart + at * minute, client: "alice" }));
    await ledger.close();
    // What a prune stopped after its first step leaves (a shutdown, a full disk): the rows up to
    // the last it removed gone, and that row's time recorded, 30 minutes into the hour.
    const db = new Database(path);
    db.prepare("DELETE FROM request_rows WHERE ts <= ?").run(hourStart + 30 * minute);
    db.exec(PRUNED_SCHEMA);
    db.prepare(PRUNED_UPSERT).run(hourStart + 30 * minute, 1);
    db.close();
    writeFileSync(
      join(state, "openclaw.json"),
      JSON.stringify({ gateway: { ledger: { keepDays: 1 } } }),
    );
    const env = { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state, TZ: "UTC" };

    const json = await runCli(["usage", "--since", "7d", "--by", "client", "--json"], { env });
    expect(json.code).toBe(0);
    // Rows from the start of that hour were removed too: counted from the hour, two are missing.
    const stoppedAt = new Date(hourStart + 30 * minute).toISOString();
    expect(JSON.parse(json.stdout).rowsRemoved).toMatchObject({ before: stoppedAt });
  }, 60_000);
});
