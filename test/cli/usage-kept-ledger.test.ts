/**
 * When another file took the ledger's path while the gateway ran, the gateway wrote on to
 * `usage.sqlite.kept-<time>` beside it. `openclaw usage` read the file at the path alone and said
 * nothing of the other: the requests written there were silently missing from the totals. Now it
 * names the kept ledger on stderr, with how to count it, and `--json` lists it in `keptLedgers`.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-kept-"));
const ledger = join(dir, "usage.sqlite");
const kept = join(dir, "usage.sqlite.kept-2026-12-01T17-42-16");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeLedger(path: string, requests: number): Promise<void> {
  const writer = new UsageLedger({ path });
  for (let i = 0; i < requests; i++) writer.record(ledgerRow({ ts: Date.now() - 60_000 }));
  await writer.close();
}

beforeAll(async () => {
  await writeLedger(ledger, 2);
  await writeLedger(kept, 3);
});

const env = { OPENCLAW_STATE_DIR: dir, TZ: "UTC" };

describe("openclaw usage beside a kept ledger", () => {
  it("the totals say on stderr that the kept ledger's requests are not counted, and how to count them", async () => {
    const result = await runCli(["usage"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^total +2 /m);
    expect(result.stderr).toBe(
      `note: ${kept} beside the ledger holds requests the gateway wrote there while another file had taken ${ledger}; this report does not count them\nhint: to count them, set gateway.ledger.path to ${kept} and restart the gateway; or, with the gateway stopped, move ${ledger} aside (the file that took its place) before moving the kept one there\n`,
    );
  });

  it("--last says it too, and --json lists it in keptLedgers", async () => {
    const listed = await runCli(["usage", "--last", "5"], { env });
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain(`note: ${kept} beside the ledger holds requests`);
    const totals = await runCli(["usage", "--json"], { env });
    expect(JSON.parse(totals.stdout)).toMatchObject({
      total: { requests: 2 },
      keptLedgers: [kept],
    });
    expect(totals.stderr).toBe("");
    const requests = await runCli(["usage", "--last", "5", "--json"], { env });
    expect(JSON.parse(requests.stdout)).toMatchObject({ keptLedgers: [kept] });
  });

  it("without one, --json says keptLedgers: [] and stderr stays quiet", async () => {
    const alone = mkdtempSync(join(tmpdir(), "openclaw-usage-alone-"));
    try {
      await writeLedger(join(alone, "usage.sqlite"), 1);
      const env = { OPENCLAW_STATE_DIR: alone };
      const text = await runCli(["usage"], { env });
      expect(text.stderr).toBe("");
      const json = await runCli(["usage", "--json"], { env });
      expect(JSON.parse(json.stdout)).toMatchObject({ keptLedgers: [] });
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it("when the file that took the ledger's path is no ledger, the error's hint names the kept ledger too", async () => {
    // `cp other.sqlite usage.sqlite` while the gateway ran: it wrote on to the kept ledger, and
    // the report's error said only to move the copy away, not where the requests had gone.
    const copied = join(dir, "copied");
    mkdirSync(copied);
    const keptThere = join(copied, "usage.sqlite.kept-2026-12-02T02-05-19");
    const other = new Database(join(copied, "usage.sqlite"));
    other.exec("CREATE TABLE notes (text TEXT)");
    other.close();
    await writeLedger(keptThere, 1);
    const env = { OPENCLAW_STATE_DIR: copied };
    const text = await runCli(["usage"], { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("another program's SQLite database (tables: notes)");
    expect(text.stderr.replace(/\s+/g, " ")).toContain(
      `the gateway wrote its requests to ${keptThere} while another file had taken ${join(copied, "usage.sqlite")}: to count them, set gateway.ledger.path to ${keptThere}`,
    );
    const json = await runCli(["usage", "--last", "5", "--json"], { env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "ledger.not_a_ledger", hint: expect.stringContaining(keptThere) },
    });
  });
  it("with nothing left at the ledger's path, one note says so and how to count the kept one (not 'no ledger yet')", async () => {
    // The copy that took the path was moved aside, as the note says to: "no ledger yet" (as if no
    // gateway had run) then stood beside a note telling one to move aside a file no longer there.
    const moved = join(dir, "moved");
    mkdirSync(moved);
    const keptThere = join(moved, "usage.sqlite.kept-2026-12-02T03-10-00");
    await writeLedger(keptThere, 1);
    const env = { OPENCLAW_STATE_DIR: moved, TZ: "UTC", COLUMNS: "400" };
    const path = join(moved, "usage.sqlite");
    for (const args of [["usage"], ["usage", "--last", "5"]]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^no gateway requests since /);
      expect(result.stdout).not.toContain("no ledger yet");
      expect(result.stderr).toBe(
        `note: no file at ${path} now; ${keptThere} beside it holds requests the gateway wrote there while another file had taken that path; this report does not count them\nhint: to count them, with the gateway stopped, move ${keptThere} to ${path}; or set gateway.ledger.path to ${keptThere} and restart the gateway\n`,
      );
    }
  });
});
