/**
 * readUsageReport, the library's `openclaw usage --json`: after real requests through a gateway
 * in front of the simulator, its totals are the command's for the same state dir and options (by
 * model, provider and day; a duration and a date for `since`), read while the gateway runs and
 * writes (the ledger in WAL mode). Its mistakes are the program's to fix, said as OpenClawErrors
 * with a hint, never a raw SQLite error: a `since` or `by` it cannot take, a file that is no database,
 * a ledger of a newer layout. No ledger yet is an empty report, as the command's. The file is
 * closed after each read, a failed one too. A gateway started with a config object is read with
 * that object: the ledger it names. Imported from the built package entry.
 */
import { readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./gateway/harness.js";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

type Library = typeof import("../src/index.js");
const library = pathToFileURL(join(import.meta.dirname, "../dist/index.js")).href;
let readUsageReport: Library["readUsageReport"];
let isOpenClawError: Library["isOpenClawError"];
let startGateway: Library["startGateway"];

let env: GatewayEnv;
beforeAll(async () => {
  ({ readUsageReport, isOpenClawError, startGateway } = (await import(library)) as Library);
  env = await startGatewayEnv({
    editConfig(config) {
      // A price, so that costs are not all 0.
      const models = config.models as { providers: Record<string, { models: object[] }> };
      for (const model of models.providers.moonshot?.models ?? [])
        Object.assign(model, { cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 } });
    },
  });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

/** One chat request through the gateway with the official client. */
async function ask(model: string): Promise<void> {
  await env.client(GATEWAY_TOKEN).chat.completions.create({
    model,
    messages: [{ role: "user", content: "Hi" }],
  });
}

/** `openclaw usage --json` with these flags, on the gateway's state dir. */
async function cliReport(args: string[]): Promise<Record<string, unknown>> {
  const run = await runCli(["usage", "--json", ...args], {
    env: { OPENCLAW_STATE_DIR: env.stateDir },
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** Until the ledger holds `count` requests (rows are written a moment after each answer). */
async function untilRecorded(count: number): Promise<void> {
  await env.gateway.ledger?.flush();
  const report = await readUsageReport({ env: { OPENCLAW_STATE_DIR: env.stateDir } });
  expect(report.total.requests).toBe(count);
}

/** The report without what names the moment it was made (a duration counts back from now). */
function withoutNow(report: object): unknown {
  const { since: _since, ...rest } = report as { since: string; groups: object[] };
  return {
    ...rest,
    groups: rest.groups.map(({ from: _from, ...group }: { from?: string }) => group),
  };
}

describe("readUsageReport after requests through a gateway", () => {
  it("gives the totals openclaw usage --json prints, by model, provider and day", async () => {
    await ask("moonshot/kimi-k2.5");
    await ask("moonshot/kimi-k2.5");
    await ask("kimi-code/kimi-for-coding");
    await untilRecorded(3);
    const state = { OPENCLAW_STATE_DIR: env.stateDir };
    for (const by of ["model", "provider", "day"] as const) {
      const [ours, printed] = [
        await readUsageReport({ env: state, by }),
        await cliReport(["--by", by]),
      ];
      expect(withoutNow(ours)).toEqual(withoutNow(printed));
      expect(ours.by).toBe(by);
    }
    const byModel = await readUsageReport({ env: state });
    expect(byModel.groups.map((group) => [group.key, group.requests])).toEqual([
      ["moonshot/kimi-k2.5", 2],
      ["kimi-code/kimi-for-coding", 1],
    ]);
    expect(byModel.total.costUsd).toBeGreaterThan(0);
    // A date as `since`: the same moment for both, so the whole object is the same.
    const today = new Date();
    const date = [today.getFullYear(), today.getMonth() + 1, today.getDate()]
      .map((n) => String(n).padStart(2, "0"))
      .join("-");
    expect(await readUsageReport({ env: state, since: date, by: "provider" })).toEqual(
      await cliReport(["--since", date, "--by", "provider"]),
    );
    expect(await readUsageReport({ env: state, since: "30m", by: undefined })).toMatchObject({
      by: "model",
      total: { requests: 3 },
    });
  }, 240_000);

  it("reads while the gateway writes: every read succeeds and counts only what was written", async () => {
    const state = { OPENCLAW_STATE_DIR: env.stateDir };
    const before = (await readUsageReport({ env: state })).total.requests;
    // The gateway's own writer (a thread of this process) keeps the ledger open: no more than it.
    const openByGateway = ledgerFilesOpen(env.gateway.ledgerPath ?? "");
    const counts: number[] = [];
    let sending = true;
    const sent = (async () => {
      for (let i = 0; i < 12; i += 1) await ask("moonshot/kimi-k2.5");
      sending = false;
    })();
    while (sending) {
      counts.push((await readUsageReport({ env: state })).total.requests);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await sent;
    await env.gateway.ledger?.flush();
    counts.push((await readUsageReport({ env: state })).total.requests);
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(before + 12);
    expect(ledgerFilesOpen(env.gateway.ledgerPath ?? "")).toBe(openByGateway);
  }, 240_000);
});

describe("readUsageReport for a gateway started with a config object", () => {
  it("reads the ledger that object names, and refuses an object that is not a config", async () => {
    const state = tempDir();
    const ledger = join(state, "ledgers", "app.sqlite");
    const config = {
      gateway: { auth: { mode: "none" as const }, ledger: { path: ledger } },
      models: {
        providers: {
          moonshot: { baseUrl: env.sim.moonshotBaseUrl, apiKey: env.sim.keys.moonshot },
        },
      },
    };
    const gateway = await startGateway({
      port: 0,
      watch: false,
      env: { OPENCLAW_STATE_DIR: state },
      config,
    });
    try {
      const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [{ role: "user", content: "Hi" }],
        }),
      });
      expect(answer.status).toBe(200);
      await answer.text();
      await gateway.ledger?.flush();
      const report = await readUsageReport({ env: { OPENCLAW_STATE_DIR: state }, config });
      expect([report.ledger, report.total.requests, report.ledgerEnabled]).toEqual([
        ledger,
        1,
        true,
      ]);
      // Without the object, the state dir's own ledger, which no gateway wrote.
      const withoutConfig = await readUsageReport({ env: { OPENCLAW_STATE_DIR: state } });
      expect([withoutConfig.ledger, withoutConfig.total.requests]).toEqual([
        join(state, "usage.sqlite"),
        0,
      ]);
    } finally {
      await gateway.close();
    }
    const error = await rejection(
      readUsageReport({
        env: { OPENCLAW_STATE_DIR: state },
        config: { gateway: { port: "eighty" } },
      }),
    );
    expect(
      isOpenClawError(error) && [error.code.startsWith("config."), error.hint !== undefined],
    ).toEqual([true, true]);
  }, 120_000);
});

/** How many descriptors of this process are open on `path` (Linux's /proc). */
function ledgerFilesOpen(path: string): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

/** What a call rejected with. */
async function rejection(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("readUsageReport's mistakes", () => {
  it("a since it cannot read names the option, with the forms it takes", async () => {
    const error = await rejection(
      readUsageReport({ env: { OPENCLAW_STATE_DIR: tempDir() }, since: "7x" }),
    );
    expect(isOpenClawError(error) && error.toJSON()).toEqual({
      code: "usage",
      message: 'since "7x" is neither a duration nor a date',
      where: "since",
      hint: "use a duration such as 30m, 24h, 7d, 2w, or a date such as 2026-11-01 (local time; 2026-11-01T09:30Z for UTC)",
    });
  });

  it("every refused since is said in the option's own word, never the command's --since", async () => {
    const state = { OPENCLAW_STATE_DIR: tempDir() };
    // 2026-11-01T09:30:15Z as `date +%s` prints it: a Unix time, which since does not take.
    const cases: Array<[string, string]> = [
      [
        "1793525415",
        'since "1793525415" looks like a Unix time in seconds, which since does not take: write the date instead, 2026-11-01T09:30:15Z (UTC)',
      ],
      ["7", 'since "7" has no unit: write 7d for days (or 7h, 7m, 7w)'],
      ["1M", 'since "1M": M is not a unit here'],
      ["7 days", 'since "7 days": units are one letter: write 7d'],
      ["2026/11/01", 'since "2026/11/01": a date is written with dashes here: write 2026-11-01'],
      ["1h30m", 'since "1h30m": write 90m (a duration is one number and one unit)'],
      ["24h ago", 'since "24h ago": a duration already counts back from now: write 24h'],
      ["2026-02-30", 'since "2026-02-30": day 30 does not exist in February 2026'],
      ["0d", 'since "0d" counts back no time at all'],
      ["2999-01-01", 'since "2999-01-01" is in the future ('],
    ];
    for (const [since, said] of cases) {
      const error = await rejection(readUsageReport({ env: state, since }));
      expect(isOpenClawError(error) && [error.code, error.where], since).toEqual([
        "usage",
        "since",
      ]);
      if (!isOpenClawError(error)) continue;
      expect(error.message.startsWith(said), `${since}: ${error.message}`).toBe(true);
      expect(`${error.message} ${error.hint}`, since).not.toContain("--since");
    }
  });

  it("a since in the future, or no text at all, is said of the option too", async () => {
    const state = { OPENCLAW_STATE_DIR: tempDir() };
    const future = await rejection(readUsageReport({ env: state, since: "2999-01-01" }));
    expect(isOpenClawError(future) && [future.code, future.where]).toEqual(["usage", "since"]);
    expect(isOpenClawError(future) && future.message).toMatch(
      /^since "2999-01-01" is in the future \(/,
    );
    // Null is no text either: refused, not read as left out (the last 7 days).
    for (const [since, got] of [
      [7, "number"],
      [null, "null"],
    ] as const) {
      const notText = await rejection(
        readUsageReport({ env: state, since: since as unknown as string }),
      );
      expect(isOpenClawError(notText) && notText.toJSON()).toEqual({
        code: "usage",
        message: `readUsageReport's since must be a string such as "7d" or "2026-11-01" (got ${got})`,
        where: "since",
        hint: 'write the duration or date as text: readUsageReport({ since: "7d" })',
      });
    }
  });

  it("an unknown by lists the groupings and the one it most likely meant", async () => {
    const error = await rejection(
      readUsageReport({ env: { OPENCLAW_STATE_DIR: tempDir() }, by: "modle" as "model" }),
    );
    expect(isOpenClawError(error) && error.toJSON()).toEqual({
      code: "usage",
      message:
        'readUsageReport\'s by must be one of model, provider, client, api, day (got "modle")',
      where: "by",
      hint: 'did you mean model? readUsageReport({ by: "model" })',
    });
  });

  it("takes by in any case, as openclaw usage --by does", async () => {
    // Before, "Model" was refused here ("by must be one of model, …") while --by Model worked.
    const state = { OPENCLAW_STATE_DIR: env.stateDir };
    for (const by of ["Model", "PROVIDER", " Day "]) {
      const report = await readUsageReport({ env: state, by: by as "model" });
      expect(report.by).toBe(by.trim().toLowerCase());
      expect(withoutNow(report)).toEqual(withoutNow(await cliReport(["--by", by])));
    }
  }, 120_000);

  it("a state dir no gateway has started in is an empty report, as openclaw usage --json's", async () => {
    const state = tempDir();
    const report = await readUsageReport({ env: { OPENCLAW_STATE_DIR: state }, by: "day" });
    expect(report.groups).toEqual([]);
    expect(report.total.requests).toBe(0);
    expect(report.ledger).toBe(join(state, "usage.sqlite"));
    const run = await runCli(["usage", "--json", "--by", "day"], {
      env: { OPENCLAW_STATE_DIR: state },
    });
    expect(withoutNow(report)).toEqual(withoutNow(JSON.parse(run.stdout) as object));
  }, 120_000);

  it("a ledger file that is no database is said with what to do, not as SQLite's error", async () => {
    const state = tempDir();
    const ledger = join(state, "usage.sqlite");
    writeFileSync(ledger, "these are notes, not a database\n".repeat(200));
    const error = await rejection(readUsageReport({ env: { OPENCLAW_STATE_DIR: state } }));
    expect(isOpenClawError(error)).toBe(true);
    if (!isOpenClawError(error)) return;
    // SQLite's reason is quoted in the project's own error; its error class and code are not.
    expect(error.code).toBe("ledger.damaged");
    expect(error.name).toBe("OpenClawError");
    expect(error.message).toContain(ledger);
    expect(error.hint).toBeTruthy();
    expect(`${error.message} ${error.hint}`).not.toMatch(/SQLITE_/);
    expect(ledgerFilesOpen(ledger)).toBe(0);
  });

  it("another program's database, and a ledger of a newer layout without the columns read, each say so; the file is closed after", async () => {
    const state = tempDir();
    const ledger = join(state, "usage.sqlite");
    const other = new Database(ledger);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
    other.close();
    const notLedger = await rejection(readUsageReport({ env: { OPENCLAW_STATE_DIR: state } }));
    expect(isOpenClawError(notLedger) && [notLedger.code, notLedger.hint !== undefined]).toEqual([
      "ledger.not_a_ledger",
      true,
    ]);
    expect(ledgerFilesOpen(ledger)).toBe(0);

    const newerState = tempDir();
    const newer = new Database(join(newerState, "usage.sqlite"));
    newer.exec("CREATE TABLE requests (id INTEGER PRIMARY KEY, ts INTEGER)");
    newer.pragma("user_version = 99");
    newer.close();
    const error = await rejection(readUsageReport({ env: { OPENCLAW_STATE_DIR: newerState } }));
    expect(isOpenClawError(error)).toBe(true);
    if (!isOpenClawError(error)) return;
    expect(error.code).toBe("ledger.newer");
    expect(error.message).toContain("99");
    expect(error.hint).toBeTruthy();
    expect(error.message).not.toMatch(/SQLITE_|no such column/);
    expect(ledgerFilesOpen(join(newerState, "usage.sqlite"))).toBe(0);
  });
});
