/** `openclaw usage` as a user runs it, on a ledger the gateway wrote. */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type LedgerRow, UsageLedger } from "../../src/gateway/ledger.js";
import { permissionsBindUnder, runCli } from "../helpers/cli.js";
import { expectFailureSaidOnce } from "../helpers/failure-output.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { startTerminal } from "../helpers/pty.js";

// A test here runs the built CLI up to about ten times in turn. On two cores at a load average
// of 15, one run took 7-17 s (0.5 s of CPU, 0.5 s alone) and the slowest tests took 51-57 s of
// the 60 s default: a busy machine, not a hang, was failing them. The work is bounded (runCli
// kills a process after 50 s), so this limit only has to outlast it.
vi.setConfig({ testTimeout: 240_000 });

const dir = mkdtempSync(join(tmpdir(), "openclaw-usage-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A directory made read-only for the CLI about to read it: how to undo it, whom to run as. */
interface ReadOnly {
  undo: () => void;
  user?: { uid: number; gid: number };
}

/**
 * A read-only bind mount of `dir` onto itself (root with mount rights only, else undefined): the
 * state dir on a read-only file system, where SQLite cannot open a WAL ledger at all.
 */
function mountReadOnly(dir: string): ReadOnly | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync("mount", ["--bind", dir, dir], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  try {
    execFileSync("mount", ["-o", "remount,bind,ro", dir], { stdio: "ignore" });
  } catch {
    execFileSync("umount", [dir], { stdio: "ignore" });
    return undefined;
  }
  return { undo: () => execFileSync("umount", [dir], { stdio: "ignore" }) };
}

/**
 * `dir` made 555 for a user who owns it and may still write the ledger file in it (nobody, as
 * root): SQLite opens the ledger, then fails its first read.
 */
function modeReadOnly(dir: string): ReadOnly {
  const user = permissionsBindUnder(dir);
  chmodSync(dir, 0o555);
  return { undo: () => chmodSync(dir, 0o700), ...(user ? { user } : {}) };
}

function row(fields: Partial<LedgerRow>): LedgerRow {
  return ledgerRow({
    modelRequested: "moonshot/kimi-k2.5",
    modelUsed: "moonshot/kimi-k2.5",
    promptTokens: 10,
    completionTokens: 5,
    latencyMs: 4,
    ...fields,
  });
}

describe("openclaw usage", () => {
  it("shows a model name a client sent with escapes, never as terminal control", async () => {
    const ledger = new UsageLedger({ path: join(dir, "usage.sqlite") });
    ledger.record(row({}));
    // An unknown model is recorded as asked: whatever bytes the client put in `model`.
    ledger.record(
      row({
        modelRequested: "evil\u001b[31mRED\nforged line",
        modelUsed: undefined,
        status: 404,
        outcome: "error",
        errorClass: "not_found",
      }),
    );
    await ledger.close();
    const result = await runCli(["usage", "--errors"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("evil\\u001b[31mRED\\nforged line");
    expect(result.stdout).not.toContain("\u001b");
    // One line per group plus header, rule, total and the footer: no forged extra line.
    expect(result.stdout.split("\n").filter((line) => line.startsWith("forged"))).toEqual([]);

    const byClient = await runCli(["usage", "--by", "client"], {
      env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir },
    });
    expect(byClient.code).toBe(0);
    expect(byClient.stdout).toMatch(/^Client\s+Requests/);
    expect(byClient.stdout).toMatch(/\n127\.0\.0\.1\s+2\s+1\s/);
  });

  it("--by model and --by provider group requests no model was called for as one (not sent) row", async () => {
    const notSentDir = mkdtempSync(join(tmpdir(), "openclaw-usage-not-sent-"));
    try {
      const path = join(notSentDir, "usage.sqlite");
      const ledger = new UsageLedger({ path });
      ledger.record(row({ modelUsed: "kimi-code/kimi-for-coding" }));
      // Refused before any upstream call: a model cooling down asked by its alias, a name of
      // another vendor's.
      const refused = { modelUsed: undefined, promptTokens: 0, completionTokens: 0 };
      ledger.record(
        row({ ...refused, modelRequested: "Kimi Code", status: 429, outcome: "error" }),
      );
      ledger.record(row({ ...refused, modelRequested: "gpt-4o", status: 404, outcome: "error" }));
      await ledger.close();
      // An hour an older version totalled kept the name typed; it reads the same way.
      const db = new Database(path);
      db.prepare(
        "INSERT INTO usage_hourly (hour, model, provider, requests, errors, fallbacks, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms) VALUES (?, 'junk-name', '(none)', 1, 1, 0, 0, 0, 0, 0, 2)",
      ).run(Math.floor(Date.now() / 3_600_000) - 2);
      db.close();
      const env = { OPENCLAW_STATE_DIR: notSentDir, OPENCLAW_HOME: notSentDir };
      const table = await runCli(["usage", "--by", "model"], { env });
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^kimi-code\/kimi-for-coding\s+1\s+0\s/m);
      expect(table.stdout).toMatch(/^\(not sent\)\s+3\s+3\s/m);
      // Not as a row of its own (the note on the Kimi Code plan names the plan, not a model).
      expect(table.stdout).not.toMatch(/^(?:Kimi Code|gpt-4o|junk-name)/m);
      for (const by of ["model", "provider"]) {
        const json = await runCli(["usage", "--by", by, "--json"], { env });
        const groups = (JSON.parse(json.stdout) as { groups: { key: string; requests: number }[] })
          .groups;
        expect(groups.map((group) => [group.key, group.requests]).sort()).toEqual(
          [
            ["(not sent)", 3],
            [by === "model" ? "kimi-code/kimi-for-coding" : "kimi-code", 1],
          ].sort(),
        );
      }
      // --errors still names what each refused request asked for.
      const errors = await runCli(["usage", "--errors"], { env });
      expect(errors.stdout).toContain("Kimi Code");
      expect(errors.stdout).toContain("gpt-4o");
    } finally {
      rmSync(notSentDir, { recursive: true, force: true });
    }
  });

  it("on a terminal: a bold total row (not its escape codes as text), and blocks when too narrow", async () => {
    const ttyDir = mkdtempSync(join(tmpdir(), "openclaw-usage-tty-"));
    try {
      const ledger = new UsageLedger({ path: join(ttyDir, "usage.sqlite") });
      ledger.record(row({ modelUsed: "kimi-code/kimi-for-coding" }));
      await ledger.close();
      const env = { OPENCLAW_STATE_DIR: ttyDir, OPENCLAW_HOME: ttyDir };
      const wide = startTerminal(["usage"], { env });
      expect(await wide.exited).toBe(0);
      expect(wide.plain()).toMatch(/\ntotal\s+1\s/);
      expect(wide.plain()).not.toContain("\\u001b");
      // 40 columns cannot hold nine columns: each group becomes a block, its name whole.
      const narrow = startTerminal(["usage"], { env, cols: 40 });
      expect(await narrow.exited).toBe(0);
      expect(narrow.plain()).toMatch(/^Model\s+kimi-code\/kimi-for-coding\n+Requests\s+1\n/m);
      expect(narrow.plain()).toMatch(/^Model\s+total\n/m);
    } finally {
      rmSync(ttyDir, { recursive: true, force: true });
    }
  });

  it("with a config it cannot read, says so and which ledger it read instead", async () => {
    const brokenDir = mkdtempSync(join(tmpdir(), "openclaw-usage-broken-"));
    try {
      writeFileSync(join(brokenDir, "openclaw.json"), "{ gateway: { ledger: { path: 'x' } ");
      const result = await runCli(["usage"], {
        env: { OPENCLAW_STATE_DIR: brokenDir, OPENCLAW_HOME: brokenDir },
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        `warning: the config could not be read, so the default ledger ${join(brokenDir, "usage.sqlite")} is read (a gateway.ledger setting in it is not seen):\n  `,
      );
      // The config's error keeps its lines: no literal "\n" in the warning.
      expect(result.stderr).not.toContain("\\n");
      expect(result.stderr).toContain("hint: openclaw config validate shows what to fix");
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
  });

  it("reads the ledger gateway.ledger.path names when only a provider's settings are broken, as the gateway does", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "openclaw-usage-disabled-"));
    try {
      // The gateway serves such a config (the provider disabled) and writes to ledger/usage.sqlite.
      writeFileSync(
        join(stateDir, "openclaw.json"),
        "{ models: { providers: { moonshot: { baseUrl: 'not a url', models: [] } } },\n  gateway: { ledger: { path: 'ledger/usage.sqlite' } } }\n",
      );
      mkdirSync(join(stateDir, "ledger"));
      const ledger = new UsageLedger({ path: join(stateDir, "ledger", "usage.sqlite") });
      ledger.record(
        row({
          modelRequested: "kimi-code/kimi-for-coding",
          modelUsed: "kimi-code/kimi-for-coding",
        }),
      );
      await ledger.close();
      const result = await runCli(["usage", "--last", "5"], {
        env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir },
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("kimi-code/kimi-for-coding");
      expect(result.stdout).toContain(join(stateDir, "ledger", "usage.sqlite"));
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it("writes --json that a parser reads back exactly, with C1 controls escaped as well", async () => {
    const jsonDir = mkdtempSync(join(tmpdir(), "openclaw-usage-json-"));
    try {
      const ledger = new UsageLedger({ path: join(jsonDir, "usage.sqlite") });
      const sent = "csi\u009b2Jgone\u007f";
      ledger.record(row({ modelRequested: sent, modelUsed: undefined, status: 404 }));
      await ledger.close();
      const result = await runCli(["usage", "--last", "1", "--json"], {
        env: { OPENCLAW_STATE_DIR: jsonDir, OPENCLAW_HOME: jsonDir },
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("csi\\u009b2Jgone\\u007f");
      expect(result.stdout).not.toMatch(/[\u007f-\u009f]/);
      const parsed = JSON.parse(result.stdout) as { requests: { modelRequested: string }[] };
      expect(parsed.requests.map((request) => request.modelRequested)).toEqual([sent]);
    } finally {
      rmSync(jsonDir, { recursive: true, force: true });
    }
  });
});

describe("openclaw usage --json costs", () => {
  it("are printed without floating-point noise, totals and single requests alike", async () => {
    const costDir = mkdtempSync(join(tmpdir(), "openclaw-usage-cost-"));
    try {
      const ledger = new UsageLedger({ path: join(costDir, "usage.sqlite") });
      // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; 11 tokens at 0.6 USD per
      // million is 6.5999999999999995e-06.
      ledger.record(row({ costUsd: 0.1 }));
      ledger.record(row({ costUsd: 0.2 }));
      ledger.record(row({ costUsd: 11 * 0.6 * 1e-6 }));
      await ledger.close();
      const env = { OPENCLAW_STATE_DIR: costDir, OPENCLAW_HOME: costDir };
      const totals = await runCli(["usage", "--json"], { env });
      expect(totals.code).toBe(0);
      const report = JSON.parse(totals.stdout) as {
        groups: { costUsd: number }[];
        total: { costUsd: number };
      };
      expect([report.groups[0]?.costUsd, report.total.costUsd]).toEqual([0.3000066, 0.3000066]);
      expect(totals.stdout).not.toContain("0.30000660000000007");
      const listed = await runCli(["usage", "--last", "3", "--json"], { env });
      const costs = (JSON.parse(listed.stdout) as { requests: { costUsd: number }[] }).requests.map(
        (request) => request.costUsd,
      );
      expect(costs).toEqual([0.1, 0.2, 0.0000066]);
      expect(listed.stdout).toContain('"costUsd": 0.0000066,');
    } finally {
      rmSync(costDir, { recursive: true, force: true });
    }
  });
});

describe("openclaw usage on an 80-column terminal", () => {
  const narrowDir = mkdtempSync(join(tmpdir(), "openclaw-usage-80-"));
  afterAll(() => rmSync(narrowDir, { recursive: true, force: true }));
  const env = { OPENCLAW_STATE_DIR: narrowDir, OPENCLAW_HOME: narrowDir, COLUMNS: "80" };
  const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);

  it("shows totals as a table, the least needed columns left out and said so, footer included", async () => {
    const ledger = new UsageLedger({ path: join(narrowDir, "usage.sqlite") });
    for (const [index, model] of [
      "moonshot/kimi-k2-thinking-turbo",
      "moonshot/kimi-k2-turbo-preview",
      "kimi-code/kimi-for-coding",
    ].entries()) {
      ledger.record(
        row({
          ts: t0 + index * 1000,
          modelRequested: model,
          modelUsed: model,
          promptTokens: 123_456,
          completionTokens: 7_890,
          cachedTokens: 100_000,
          costUsd: 0.1234,
          latencyMs: 1234.5,
          webSearches: 2,
          traceId: `trace-${"0".repeat(30)}${index}`,
          requestId: `chatcmpl-${"a".repeat(24)}${index}`,
          ...(index === 1 ? { status: 429, outcome: "error", errorClass: "rate_limit" } : {}),
        }),
      );
    }
    await ledger.close();
    const result = await runCli(["usage", "--since", "2026-11-01"], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    // A table, not a block of lines per model: its header, then a row per model and the total.
    expect(lines[0]).toMatch(/^Model\s+Requests\s+Errors\s+Prompt\s+Completion\s+Cost$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^moonshot\/kimi-k2-thinking-turbo\s+1\s+0\s+123,456\s+7,890\s+\$/),
    );
    expect(lines[4]).toMatch(/^total\s+3\s+1\s/);
    expect(lines.slice(5).join(" ")).toContain(
      "(not shown at 80 columns: Cached, Fallbacks, Avg latency, Searches; --json has them)",
    );
    // The footer's path on a line of its own when both do not fit.
    expect(lines.at(-1)).toBe(`ledger: ${join(narrowDir, "usage.sqlite")}`);

    for (const args of [
      ["usage", "--last", "5", "--since", "2026-11-01"],
      ["usage", "--errors", "--since", "2026-11-01"],
    ]) {
      const listed = await runCli(args, { env });
      expect(listed.code).toBe(0);
      const rows = listed.stdout.trimEnd().split("\n");
      expect(
        rows.filter((line) => line.length > 80),
        args.join(" "),
      ).toEqual([]);
      expect(rows[0]).toMatch(/^Time\s+Status\s+Model(\s|$)/);
      // The requests are of one day: said once, under the table.
      expect(listed.stdout).toMatch(/^times on 2026-11-29, in local time, UTC/m);
    }
    // For failures the model and the error class stay whole; the tokens go first. The request id,
    // too wide for the room left, is left out; the latency and client, which fit, are not.
    const failed = await runCli(["usage", "--errors", "--since", "2026-11-01"], { env });
    expect(failed.stdout).toMatch(
      /^10:00:01\s+429 rate_limit\s+moonshot\/kimi-k2-turbo-preview\s+1,235 ms\s+127\.0\.0\.1$/m,
    );
    expect(failed.stdout).toContain(
      "(not shown at 80 columns: API, Cached, Tokens, Cost, Searches,",
    );
  });

  it("a ledger path that is a directory is said to be one, not a matter of permissions", async () => {
    const odd = mkdtempSync(join(tmpdir(), "openclaw-usage-dir-"));
    try {
      const { mkdirSync } = await import("node:fs");
      mkdirSync(join(odd, "usage.sqlite"));
      const result = await runCli(["usage"], {
        env: { OPENCLAW_STATE_DIR: odd, OPENCLAW_HOME: odd },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${join(odd, "usage.sqlite")}: it is a directory`);
      expect(result.stderr).not.toContain("permissions");
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  });
});

describe("openclaw usage on a ledger file that is not a ledger", () => {
  function stateWithLedger(content: string | Buffer | undefined): {
    env: Record<string, string>;
    ledger: string;
  } {
    const state = mkdtempSync(join(tmpdir(), "openclaw-usage-odd-"));
    dirs.push(state);
    const ledger = join(state, "usage.sqlite");
    if (content !== undefined) writeFileSync(ledger, content);
    return { env: { OPENCLAW_STATE_DIR: state, OPENCLAW_HOME: state }, ledger };
  }
  const dirs: string[] = [];
  afterAll(() => {
    for (const state of dirs) rmSync(state, { recursive: true, force: true });
  });

  it("names a file that is not a SQLite database and says to move it away, for totals and lists", async () => {
    const { env, ledger } = stateWithLedger("these are not the rows you are looking for\n");
    for (const args of [["usage"], ["usage", "--last", "5"], ["usage", "--json"]]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expectFailureSaidOnce(result, args.includes("--json"), {
        code: "ledger.damaged",
        message: `the usage ledger ${ledger} is damaged or not a SQLite database (file is not a database)`,
        hint: `move it away (mv ${ledger} ${ledger}.broken): the gateway starts a new ledger there on its next start`,
      });
    }
  });

  it("names another program's SQLite database as such, and says to point the ledger elsewhere, not to move it", async () => {
    const { env, ledger } = stateWithLedger(undefined);
    // Another program's database at that path: moving someone's data to .broken was the advice.
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(ledger);
    db.exec("CREATE TABLE notes (text TEXT); CREATE TABLE tags (name TEXT)");
    db.close();
    const result = await runCli(["usage"], { env });
    expect(result.code).toBe(1);
    const said = result.stderr.replace(/\s+/g, " ");
    expect(said).toContain(
      `error: the usage ledger ${ledger} is another program's SQLite database (tables: notes, tags), not a ledger the gateway wrote`,
    );
    expect(said).toContain(
      `hint: openclaw gateway does not write into another program's database: set gateway.ledger.path to a file of its own (openclaw config set gateway.ledger.path <file>), or move ${ledger} away if it is yours to move`,
    );
    expect(said).not.toContain(".broken");
  });

  it("names an empty SQLite database without the ledger's requests as not a ledger", async () => {
    const { env, ledger } = stateWithLedger(undefined);
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(ledger);
    db.pragma("user_version = 3");
    db.close();
    const result = await runCli(["usage"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: the usage ledger ${ledger} is a SQLite database without the ledger's requests: not one the gateway wrote`,
    );
  });

  it("names the columns a requests view lacks instead of calling SQLite's error a bug, for totals and lists", async () => {
    const { env, ledger } = stateWithLedger(undefined);
    const writer = new UsageLedger({ path: ledger });
    writer.record(row({}));
    await writer.close();
    const db = new Database(ledger);
    // A view made again by hand, or a newer layout: request_id kept, the rest gone.
    db.exec(
      "DROP VIEW requests; CREATE VIEW requests AS SELECT id, ts, row ->> 1 AS request_id, row ->> 5 AS model_used FROM request_rows",
    );
    db.close();
    const missing =
      "trace_id, client, model_requested, provider, fallback_from, stream, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms, status, outcome, error_class";
    for (const args of [["usage"], ["usage", "--last", "5"], ["usage", "--json"]]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expectFailureSaidOnce(result, args.includes("--json"), {
        code: "ledger.incomplete",
        message: `the usage ledger ${ledger} has no columns ${missing} in its requests view (changed outside openclaw?)`,
        hint: `openclaw gateway makes the view again when it starts (the rows are kept); or move it away (mv ${ledger} ${ledger}.broken)`,
      });
    }
    // Said as a newer openclaw's ledger when its version says so.
    const newer = new Database(ledger);
    newer.pragma("user_version = 3");
    newer.close();
    const result = await runCli(["usage"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: the usage ledger ${ledger} was written by a newer openclaw (ledger version 3; this one knows up to 1): its requests have no columns ${missing}\n`,
    );
    expect(result.stderr).not.toContain("bug");
  });

  it("says there is no ledger yet when its file is not there, rather than only no requests", async () => {
    const { env, ledger } = stateWithLedger(undefined);
    for (const args of [["usage"], ["usage", "--errors"]]) {
      const result = await runCli(args, { env: { ...env, COLUMNS: "300" } });
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 0,
        stderr: "",
      });
      expect(result.stdout).toMatch(
        new RegExp(
          `^no (failed )?gateway requests since \\S+ \\S+ \\(local time, .+?\\): no ledger yet \\(openclaw gateway creates it when it starts, then records each request sent through it; openclaw agent and chat are not recorded\\) · ${ledger}\n$`,
        ),
      );
    }
    // Once the file is there, empty, it is a ledger with no requests: not "no ledger yet".
    writeFileSync(ledger, "");
    expect((await runCli(["usage"], { env })).stdout).not.toContain("no ledger yet");
  });

  it.for([
    ["made 555", modeReadOnly],
    ["mounted read-only (where root may mount)", mountReadOnly],
  ] as const)(
    "reads a ledger in a directory %s (SQLite cannot create its -shm there) instead of calling it a bug",
    async ([, makeReadOnly], context) => {
      const { env, ledger } = stateWithLedger(undefined);
      const writer = new UsageLedger({ path: ledger });
      writer.record(row({ requestId: "r-read-only" }));
      await writer.close();
      const readOnly = makeReadOnly(join(ledger, ".."));
      // Only the mount may be out of reach (root without mount rights); 555 is always there.
      if (readOnly === undefined) return context.skip();
      const { undo, user } = readOnly;
      try {
        const totals = await runCli(["usage", "--json"], { env, user });
        expect({ code: totals.code, stderr: totals.stderr }).toEqual({ code: 0, stderr: "" });
        expect(JSON.parse(totals.stdout).total.requests).toBe(1);
        const listed = await runCli(["usage", "--last", "1"], { env, user });
        expect(listed.code).toBe(0);
        expect(listed.stdout).toContain("r-read-only");
        expect(listed.stderr).not.toContain("bug");
      } finally {
        undo();
      }
    },
  );

  it("reads an empty file as an empty ledger (the gateway sets one up as a new ledger)", async () => {
    const { env, ledger } = stateWithLedger("");
    const result = await runCli(["usage"], { env });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    // One line when it fits the terminal (100 columns here), else the ledger on a line of its own.
    expect(result.stdout).toMatch(
      new RegExp(
        `^no gateway requests since \\S+ \\S+ \\(local time, .+?\\)(?: · |\nledger: )${ledger}\n$`,
      ),
    );
    const narrow = await runCli(["usage", "--errors"], { env: { ...env, COLUMNS: "60" } });
    expect(
      narrow.stdout.split("\n").every((line) => line.length <= 60 || line.startsWith("ledger: ")),
    ).toBe(true);
    expect(narrow.stdout).toContain(`ledger: ${ledger}`);
    const listed = await runCli(["usage", "--last", "3", "--json"], { env });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { requests: unknown[] }).requests).toEqual([]);
  });

  it("refuses a gateway.ledger.path naming an unset variable, naming it, instead of reading the path as written", async () => {
    const { env } = stateWithLedger(undefined);
    writeFileSync(
      join(env.OPENCLAW_STATE_DIR as string, "openclaw.json"),
      '{ gateway: { ledger: { path: "${LEDGER_DIR}/usage.sqlite" } } }',
    );
    const result = await runCli(["usage"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: environment variable LEDGER_DIR is not set (used at gateway.ledger.path)",
    );
    expect(result.stdout).toBe("");
  });

  it("says the config turns the ledger off, rather than only that there were no requests", async () => {
    const { env, ledger } = stateWithLedger(undefined);
    const configPath = join(env.OPENCLAW_STATE_DIR as string, "openclaw.json");
    writeFileSync(configPath, "{\n  gateway: {\n    ledger: { enabled: false },\n  },\n}\n");
    const off = `note: the usage ledger is off (gateway.ledger.enabled: false, ${configPath}:3): the gateway records no requests`;
    for (const args of [["usage"], ["usage", "--last", "5"]]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code }).toEqual({ args, code: 0 });
      expect(result.stdout).toContain("no gateway requests since");
      expect(result.stderr).toContain(`${off}; ${ledger} does not exist`);
      expect(result.stderr).toContain(
        "hint: openclaw config set gateway.ledger.enabled true, then restart the gateway, to record requests",
      );
    }
    for (const args of [
      ["usage", "--json"],
      ["usage", "--errors", "--json"],
    ]) {
      const result = await runCli(args, { env });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ledger, ledgerEnabled: false });
    }

    // A ledger written before it was turned off: its rows are shown, and said to be old.
    const written = new UsageLedger({ path: ledger });
    written.record(row({}));
    await written.close();
    const table = await runCli(["usage"], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^moonshot\/kimi-k2\.5\s+1\s/m);
    expect(table.stderr).toContain(`${off}; what is shown is what ${ledger} held before`);

    // Turned on (the default), nothing is said and --json says so.
    writeFileSync(configPath, "{}\n");
    const on = await runCli(["usage", "--json"], { env });
    expect(JSON.parse(on.stdout)).toMatchObject({ ledgerEnabled: true });
    expect(on.stderr).toBe("");
  });
});

describe("openclaw usage --last and --errors", () => {
  const listDir = mkdtempSync(join(tmpdir(), "openclaw-usage-list-"));
  afterAll(() => rmSync(listDir, { recursive: true, force: true }));
  // Times print in local time: UTC here, to compare with the rows' UTC times.
  const env = { OPENCLAW_STATE_DIR: listDir, OPENCLAW_HOME: listDir, TZ: "UTC" };
  const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);

  it("lists the latest requests one by one, oldest first, with the provider's trace id", async () => {
    const ledger = new UsageLedger({ path: join(listDir, "usage.sqlite") });
    ledger.record(row({ ts: t0, requestId: "chatcmpl-first", traceId: "trace-a" }));
    ledger.record(
      row({
        ts: t0 + 1000,
        requestId: "chatcmpl-failed",
        modelRequested: "openclaw",
        modelUsed: "kimi-code/kimi-for-coding",
        fallbackFrom: "moonshot/kimi-k2.5",
        status: 502,
        outcome: "error",
        errorClass: "upstream.rate_limit",
        traceId: "trace-b",
        promptTokens: 0,
        completionTokens: 0,
      }),
    );
    ledger.record(row({ ts: t0 + 2000, requestId: "chatcmpl-last", stream: true, ttftMs: 120 }));
    await ledger.close();

    const last2 = await runCli(["usage", "--last", "2", "--since", "2026-11-01"], { env });
    expect(last2.code).toBe(0);
    const lines = last2.stdout.trim().split("\n");
    // Two requests, then the zone their times are in.
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(`times in local time, UTC · ${join(listDir, "usage.sqlite")}`);
    expect(lines[0]).toContain(
      "2026-11-29 10:00:01  502  openclaw → kimi-code/kimi-for-coding (fallback)",
    );
    expect(lines[0]).toContain("trace trace-b");
    expect(lines[0]).toContain("upstream.rate_limit");
    expect(lines[1]).toContain("chatcmpl-last");
    expect(lines[1]).toContain("(first token 120 ms)");

    const failed = await runCli(["usage", "--errors", "--since", "2026-11-01"], { env });
    expect(failed.stdout.trim().split("\n")).toEqual([
      expect.stringContaining("chatcmpl-failed"),
      expect.stringMatching(/^times in local time, UTC/),
    ]);

    const json = await runCli(["usage", "--last", "5", "--since", "2026-11-01", "--json"], {
      env,
    });
    const report = JSON.parse(json.stdout) as { requests: Array<Record<string, unknown>> };
    expect(report.requests.map((request) => request.requestId)).toEqual([
      "chatcmpl-first",
      "chatcmpl-failed",
      "chatcmpl-last",
    ]);
    expect(report.requests[1]).toMatchObject({ status: 502, fallbackFrom: "moonshot/kimi-k2.5" });
    expect(report.requests[2]).toMatchObject({ stream: true, ttftMs: 120 });
  });

  it("refuses a --last that is not a count, as a usage error", async () => {
    const result = await runCli(["usage", "--last", "many"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--last must be a whole number from 1 to 10000 (got "many")');
  });

  it("refuses a --since that is a bare number (not a date in 2001), as a usage error", async () => {
    for (const args of [
      ["usage", "--since", "7"],
      ["usage", "--since", "12", "--json"],
      ["usage", "--last", "3", "--since", "30"],
    ]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      const number = args[args.indexOf("--since") + 1];
      expectFailureSaidOnce(result, args.includes("--json"), {
        code: "usage",
        message: `--since "${number}" has no unit: write ${number}d for days`,
        hint: "use a duration such as 30m, 24h, 7d, 2w, or a date such as 2026-11-01 (local time; 2026-11-01T09:30Z for UTC)",
      });
    }
  });

  it("refuses a --since that is a Unix time with the date to write, not as a count of days", async () => {
    // 2026-11-01T09:30:15Z, in milliseconds (a ledger row's ts) and in seconds (date +%s).
    for (const [number, unit] of [
      ["1793525415000", "milliseconds"],
      ["1793525415", "seconds"],
    ] as const) {
      const result = await runCli(["usage", "--since", number], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `error: --since "${number}" looks like a Unix time in ${unit}, which --since does not take: write the date instead, 2026-11-01T09:30:15Z (UTC)\n`,
      );
      expect(result.stderr).not.toContain("for days");
    }
    // The date it advises is taken.
    const advised = await runCli(["usage", "--since", "2026-11-01T09:30:15Z"], { env });
    expect(advised.code).toBe(0);
  });

  it("refuses a --since date written with slashes or dots with the form to write", async () => {
    for (const [typed, written] of [
      ["2026/11/01", "2026-11-01"],
      ["2026.11.1", "2026-11-01"],
      ["2026/11/01T09:30", "2026-11-01T09:30"],
    ] as const) {
      const result = await runCli(["usage", "--since", typed], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `error: --since "${typed}": a date is written with dashes here: write ${written}\n`,
      );
    }
    // A date that does not exist is told as such, whatever its separators.
    const impossible = await runCli(["usage", "--since", "2026/02/30"], { env });
    expect(impossible.stderr).toContain("day 30 does not exist in February 2026");
  });

  it("refuses --since 1M (a month to most tools) instead of reporting the last minute", async () => {
    for (const args of [
      ["usage", "--since", "1M"],
      ["usage", "--since", "3M", "--json"],
    ]) {
      const result = await runCli(args, { env });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      const since = args[args.indexOf("--since") + 1] ?? "";
      expectFailureSaidOnce(result, args.includes("--json"), {
        code: "usage",
        message: `--since "${since}": M is not a unit here (m is minutes, and a month has no fixed length): write ${since.slice(0, -1)}m for minutes, or days (30d for about a month)`,
        hint: "use a duration such as 30m, 24h, 7d, 2w, or a date such as 2026-11-01 (local time; 2026-11-01T09:30Z for UTC)",
      });
    }
    // Other units still read in capitals, as before.
    const days = await runCli(["usage", "--since", "7D", "--json"], { env });
    expect(days.code).toBe(0);
  });
});

describe("openclaw usage --by api", () => {
  const apiDir = mkdtempSync(join(tmpdir(), "openclaw-usage-api-"));
  afterAll(() => rmSync(apiDir, { recursive: true, force: true }));
  const env = { OPENCLAW_STATE_DIR: apiDir, OPENCLAW_HOME: apiDir };
  const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);

  it("adds up each API, and says so when a row does not know its API", async () => {
    const ledger = new UsageLedger({ path: join(apiDir, "usage.sqlite") });
    ledger.record(row({ ts: t0, api: "chat_completions", costUsd: 0.5 }));
    ledger.record(row({ ts: t0 + 1000, api: "chat_completions", costUsd: 0.25 }));
    // An Anthropic client's request (/v1/messages).
    ledger.record(row({ ts: t0 + 1500, api: "messages", costUsd: 0.2, requestId: "msg-1" }));
    ledger.record(row({ ts: t0 + 2000, api: "responses", costUsd: 0.1, requestId: "resp-1" }));
    // As a row written before the ledger recorded the API reads back.
    ledger.record(row({ ts: t0 + 3000, api: undefined, costUsd: 0.01 }));
    await ledger.close();

    const table = await runCli(["usage", "--by", "api", "--since", "2026-11-01"], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^API\s+Requests\s+Errors/);
    expect(
      lines.filter((line) => /^(chat_completions|responses|messages|\(not recorded\)) /.test(line)),
    ).toEqual([
      expect.stringMatching(/^chat_completions\s+2\s+0\s.*\$0\.75/),
      expect.stringMatching(/^messages\s+1\s+0\s.*\$0\.20/),
      expect.stringMatching(/^responses\s+1\s+0\s.*\$0\.10/),
      expect.stringMatching(/^\(not recorded\)\s+1\s+0\s/),
    ]);

    const json = await runCli(["usage", "--by", "api", "--since", "2026-11-01", "--json"], { env });
    const report = JSON.parse(json.stdout) as {
      by: string;
      groups: { key: string; requests: number }[];
      total: { requests: number };
    };
    expect(report.by).toBe("api");
    expect(report.groups.map((group) => [group.key, group.requests])).toEqual([
      ["chat_completions", 2],
      ["messages", 1],
      ["responses", 1],
      ["(not recorded)", 1],
    ]);
    expect(report.total.requests).toBe(5);

    const listed = await runCli(["usage", "--last", "2", "--since", "2026-11-01"], { env });
    const [responsesLine, unknownLine] = listed.stdout.trim().split("\n");
    expect(responsesLine).toMatch(/ {2}responses {2}127\.0\.0\.1 {2}resp-1$/);
    expect(unknownLine).not.toMatch(/chat_completions|responses/);
    const listedJson = await runCli(["usage", "--last", "1", "--since", "2026-11-01", "--json"], {
      env,
    });
    // Not recorded: null, the key still there as on every request.
    expect(JSON.parse(listedJson.stdout).requests[0]).toMatchObject({ api: null });
    const messagesRow = await runCli(["usage", "--last", "4", "--since", "2026-11-01", "--json"], {
      env,
    });
    expect(
      (JSON.parse(messagesRow.stdout) as { requests: { requestId: string; api: string }[] })
        .requests,
    ).toContainEqual(expect.objectContaining({ requestId: "msg-1", api: "messages" }));
  });

  it("names the groupings there are when --by names none of them, and --help shows api", async () => {
    const result = await runCli(["usage", "--by", "nonsense"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--by must be one of model, provider, client, api, day (got "nonsense")',
    );
    expect(result.stderr).toContain("hint: example: openclaw usage --by provider");
    // A plural, a typo or another tool's word for one: the hint names the one meant.
    for (const [typed, meant] of [
      ["days", "day"],
      ["modle", "model"],
      ["date", "day"],
      ["user", "client"],
    ]) {
      const near = await runCli(["usage", "--by", `${typed}`], { env });
      expect(near.code).toBe(2);
      expect(near.stderr).toContain(`hint: did you mean ${meant}? openclaw usage --by ${meant}\n`);
    }
    const help = await runCli(["usage", "--help"], { env });
    expect(help.stdout).toContain("openclaw usage --since 7d --by api");
    // The API of Anthropic clients (/v1/messages) is one of the groups --by api shows.
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "chat_completions, responses, messages or completions",
    );
    // What a Cost cell of `plan` means, said where the flags are.
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      'Cost reads "plan" where a Kimi Code plan\'s quota paid instead of tokens',
    );
    // Its example names the four routes, the Anthropic one and the legacy completions too.
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "openclaw usage --since 7d --by api # /v1/chat/completions, /v1/responses, /v1/messages, /v1/completions",
    );
  });

  it("shows a Searches column when Moonshot ran web searches, and none when it did not", async () => {
    const searchDir = mkdtempSync(join(dir, "searches-"));
    const searchEnv = { OPENCLAW_STATE_DIR: searchDir, OPENCLAW_HOME: searchDir };
    const t0 = Date.UTC(2026, 10, 29, 12);
    const ledger = new UsageLedger({ path: join(searchDir, "usage.sqlite") });
    ledger.record(row({ ts: t0, requestId: "plain" }));
    await ledger.close();
    const plain = await runCli(["usage", "--since", "2026-11-01"], { env: searchEnv });
    expect(plain.stdout.split("\n")[0]).not.toContain("Searches");

    const again = new UsageLedger({ path: join(searchDir, "usage.sqlite") });
    again.record(row({ ts: t0 + 1000, requestId: "searched", webSearches: 3 }));
    await again.close();
    const table = await runCli(["usage", "--since", "2026-11-01"], { env: searchEnv });
    const [header, first] = table.stdout.split("\n");
    expect(header).toMatch(/Cost\s+Searches\s+Avg latency/);
    expect(first).toMatch(/^moonshot\/kimi-k2\.5\s+2\s.*\s3\s+\d+(\.\d+)? ms/);
    const json = await runCli(["usage", "--since", "2026-11-01", "--json"], { env: searchEnv });
    expect(JSON.parse(json.stdout).total).toMatchObject({ requests: 2, webSearches: 3 });
  });
});

describe("openclaw usage: estimates, numbers and --last --json", () => {
  const estimatesDir = mkdtempSync(join(tmpdir(), "openclaw-usage-estimates-"));
  afterAll(() => rmSync(estimatesDir, { recursive: true, force: true }));

  /** A fresh ledger holding `rows`, and the env that reads it. */
  async function ledgerOf(name: string, rows: Array<Partial<LedgerRow>>) {
    const home = join(estimatesDir, name);
    const ledger = new UsageLedger({ path: join(home, "usage.sqlite") });
    for (const fields of rows) ledger.record(row(fields));
    await ledger.close();
    return { OPENCLAW_STATE_DIR: home, OPENCLAW_HOME: home, COLUMNS: "200" };
  }
  const cutShort = {
    estimated: true,
    status: 499,
    outcome: "client_disconnect",
    errorClass: "client_disconnect",
  };
  const noUsage = { estimated: true };
  const noteOf = (stdout: string) => stdout.split("\n").find((line) => line.startsWith("~ "));

  it("tells requests cut short apart from requests that finished without usage, for 1 and for many", async () => {
    const both = await ledgerOf("both", [cutShort, noUsage, noUsage, {}]);
    // Grouped from the hourly totals (model) and from the rows (client): the same count.
    for (const by of ["model", "client"]) {
      const table = await runCli(["usage", "--by", by], { env: both });
      expect(table.code).toBe(0);
      expect(noteOf(table.stdout), by).toBe(
        "~ includes 1 request cut short before the provider reported usage and 2 that finished without the provider reporting usage: their tokens and cost are the gateway's estimate",
      );
      const json = JSON.parse(
        (await runCli(["usage", "--by", by, "--json"], { env: both })).stdout,
      );
      expect(json.total, by).toMatchObject({
        estimatedRequests: 3,
        cutShortRequests: 1,
        usageNotReportedRequests: 2,
      });
      expect(json.groups[0], by).toMatchObject({
        cutShortRequests: 1,
        usageNotReportedRequests: 2,
      });
    }

    const oneCut = await ledgerOf("one-cut", [cutShort, {}]);
    expect(noteOf((await runCli(["usage"], { env: oneCut })).stdout)).toBe(
      "~ includes 1 request cut short before the provider reported usage: its tokens and cost are the gateway's estimate",
    );
    const oneUnreported = await ledgerOf("one-unreported", [noUsage]);
    expect(noteOf((await runCli(["usage"], { env: oneUnreported })).stdout)).toBe(
      "~ includes 1 request that finished without the provider reporting usage: its tokens and cost are the gateway's estimate",
    );
    const manyCut = await ledgerOf("many-cut", [cutShort, cutShort, cutShort]);
    expect(noteOf((await runCli(["usage"], { env: manyCut })).stdout)).toBe(
      "~ includes 3 requests cut short before the provider reported usage: their tokens and cost are the gateway's estimate",
    );
  });

  it("prints the numbers of every grouping with thousands separators, as --last does; --json keeps them raw", async () => {
    const env = await ledgerOf("numbers", [
      {
        promptTokens: 1_234_567,
        completionTokens: 89_012,
        cachedTokens: 1_000_000,
        latencyMs: 12_345,
        webSearches: 1_234,
      },
    ]);
    for (const by of ["model", "provider", "day", "client", "api"]) {
      const table = await runCli(["usage", "--by", by], { env });
      expect(table.code).toBe(0);
      const total = table.stdout.split("\n").find((line) => line.startsWith("total"));
      expect(total, by).toMatch(
        /^total\s+1\s+0\s+0\s+1,234,567\s+89,012\s+1,000,000\s+\$\S+\s+1,234\s+12,345 ms$/,
      );
    }
    const json = JSON.parse((await runCli(["usage", "--json"], { env })).stdout);
    expect(json.total).toMatchObject({ promptTokens: 1_234_567, avgLatencyMs: 12_345 });
  });

  it("gives --last --json latencies to the microsecond, not as the float noise of a sum", async () => {
    // The gateway measures with performance.now(): 48.83900399999993 came out as stored.
    const env = await ledgerOf("float-latency", [
      { latencyMs: 48.83900399999993, ttftMs: 12.300000000000182 },
    ]);
    const listed = JSON.parse((await runCli(["usage", "--last", "1", "--json"], { env })).stdout);
    expect(listed.requests[0]).toMatchObject({ latencyMs: 48.839, ttftMs: 12.3 });
  });

  it("names the models whose tokens cost $0 because no prices were set, instead of a $0 that reads as free", async () => {
    const env = await ledgerOf("unpriced", [
      { modelUsed: "moonshot/kimi-k2.5", costUsd: 0 },
      { modelUsed: "deepseek/deepseek-chat", costUsd: 0 },
      { modelUsed: "moonshot/kimi-k2.6", costUsd: 0.0042 },
      // Refused before any model was called: no tokens, nothing to price.
      { modelUsed: undefined, promptTokens: 0, completionTokens: 0, status: 404, outcome: "error" },
    ]);
    const note =
      "$0 for deepseek/deepseek-chat and moonshot/kimi-k2.5: no prices were set for them (models.providers.<id>.models[].cost, USD per 1M tokens; 0 unless set), so their tokens were not priced";
    // The same note whatever the grouping, since a provider or a day mixes priced and unpriced.
    for (const by of ["model", "provider", "day"]) {
      const table = await runCli(["usage", "--by", by], { env });
      expect(table.code).toBe(0);
      expect(table.stdout.split("\n"), by).toContain(note);
      const json = JSON.parse((await runCli(["usage", "--by", by, "--json"], { env })).stdout);
      expect(json.unpricedModels, by).toEqual(["deepseek/deepseek-chat", "moonshot/kimi-k2.5"]);
    }
    // Every model priced: no note, and the key is still there, empty.
    const priced = await ledgerOf("priced", [{ modelUsed: "moonshot/kimi-k2.5", costUsd: 0.001 }]);
    const table = await runCli(["usage"], { env: priced });
    expect(table.stdout).not.toContain("no prices");
    const json = JSON.parse((await runCli(["usage", "--json"], { env: priced })).stdout);
    expect(json.unpricedModels).toEqual([]);
    expect(json.zeroPricedModels).toEqual([]);
  });

  it("says a model the config prices at 0 (the page's own cost: {input: 0, …}) is priced at 0 there, not that no price was set", async () => {
    const env = await ledgerOf("zero-priced", [
      { modelUsed: "moonshot/kimi-k2.5", costUsd: 0 },
      { modelUsed: "deepseek/deepseek-chat", costUsd: 0 },
    ]);
    const config = [
      "{",
      "  models: { providers: { moonshot: { models: [",
      '    { id: "kimi-k2.5", name: "Kimi K2.5",',
      "      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 } },",
      "  ] } } },",
      "}",
    ].join("\n");
    const configPath = join(env.OPENCLAW_STATE_DIR, "openclaw.json");
    writeFileSync(configPath, config, { mode: 0o600 });
    // Wide enough that the note, which names a temp path, is not wrapped.
    const table = await runCli(["usage"], { env: { ...env, COLUMNS: "400" } });
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines).toContain(
      `$0 for moonshot/kimi-k2.5: the config prices it at 0 (cost.input and cost.output at ${configPath}:4), so its tokens were not priced; to price its requests from now on, set cost.input and cost.output there to the provider's prices in USD per 1M tokens (requests already recorded keep their $0)`,
    );
    // The model the config does not price is still told apart.
    expect(lines).toContain(
      "$0 for deepseek/deepseek-chat: no price was set for it (models.providers.<id>.models[].cost, USD per 1M tokens; 0 unless set), so its tokens were not priced",
    );
    expect(table.stdout).not.toContain("$0 for moonshot/kimi-k2.5: no price");
    // --json tells them apart too: unpricedModels as before, the zero-priced ones with their line.
    const json = JSON.parse((await runCli(["usage", "--json"], { env })).stdout);
    expect(json.unpricedModels).toEqual(["deepseek/deepseek-chat", "moonshot/kimi-k2.5"]);
    expect(json.zeroPricedModels).toEqual([
      { model: "moonshot/kimi-k2.5", costAt: `${configPath}:4` },
    ]);
  });

  it("does not say no price was set when the config could not be read to tell", async () => {
    // The config prices the model; a later edit breaks the file: its price cannot be seen.
    const env = await ledgerOf("unread-config", [{ modelUsed: "moonshot/kimi-k2.5", costUsd: 0 }]);
    writeFileSync(join(env.OPENCLAW_STATE_DIR, "openclaw.json"), "{ gateway: ", { mode: 0o600 });
    const table = await runCli(["usage"], { env: { ...env, COLUMNS: "400" } });
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain("no price was set");
    expect(table.stdout.split("\n")).toContain(
      "$0 for moonshot/kimi-k2.5: its tokens were not priced; whether the config prices it (models.providers.<id>.models[].cost) cannot be told, as the config could not be read (openclaw config validate shows what to fix)",
    );
    expect(table.stderr).toContain("the config could not be read");
  });

  it("says a model priced after its requests were recorded was priced later, not that no price was set", async () => {
    // Recorded at $0, then the operator sets the price the note asked for.
    const env = await ledgerOf("priced-later", [
      { modelUsed: "moonshot/kimi-k2.5", promptTokens: 1000, completionTokens: 100, costUsd: 0 },
    ]);
    const config = [
      "{",
      "  models: { providers: { moonshot: { models: [",
      '    { id: "kimi-k2.5", name: "Kimi K2.5",',
      "      cost: { input: 0.6, output: 3, cacheRead: 0.1, cacheWrite: 0 } },",
      "  ] } } },",
      "}",
    ].join("\n");
    const configPath = join(env.OPENCLAW_STATE_DIR, "openclaw.json");
    writeFileSync(configPath, config, { mode: 0o600 });
    const table = await runCli(["usage"], { env: { ...env, COLUMNS: "400" } });
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")).toContain(
      `$0 for moonshot/kimi-k2.5: its requests here were recorded before the config priced it (cost at ${configPath}:4); each request keeps the cost it was recorded with, so only those sent after the price was set are priced`,
    );
    expect(table.stdout).not.toContain("no price was set");
    const json = JSON.parse((await runCli(["usage", "--json"], { env })).stdout);
    expect(json.unpricedModels).toEqual(["moonshot/kimi-k2.5"]);
    expect(json.zeroPricedModels).toEqual([]);
    expect(json.pricedLaterModels).toEqual([
      { model: "moonshot/kimi-k2.5", costAt: `${configPath}:4` },
    ]);
  });

  it("--last --json gives every field of the ledger on every request, null where it is not known", async () => {
    const env = await ledgerOf("last-json", [
      {
        requestId: "chatcmpl-fell-back",
        modelRequested: "openclaw",
        modelUsed: "kimi-code/kimi-for-coding",
        fallbackFrom: "moonshot/kimi-k2.5",
        retries: 2,
        traceId: "trace-1",
        ttftMs: 80,
      },
      {
        requestId: "chatcmpl-refused",
        modelRequested: "gpt-4o",
        modelUsed: undefined,
        status: 404,
        outcome: "error",
        errorClass: "not_found",
      },
    ]);
    const result = await runCli(["usage", "--last", "2", "--json"], { env });
    expect(result.code).toBe(0);
    const [fellBack, refused] = (
      JSON.parse(result.stdout) as { requests: Array<Record<string, unknown>> }
    ).requests;
    expect(fellBack).toMatchObject({
      requestId: "chatcmpl-fell-back",
      modelUsed: "kimi-code/kimi-for-coding",
      provider: "kimi-code",
      fallbackFrom: "moonshot/kimi-k2.5",
      retries: 2,
      traceId: "trace-1",
      errorClass: null,
    });
    expect(refused).toMatchObject({
      modelUsed: null,
      provider: null,
      fallbackFrom: null,
      traceId: null,
      ttftMs: null,
      // The test's row, like one from before the ledger counted retries, has none recorded.
      retries: null,
      errorClass: "not_found",
    });
    // The same keys on every request, whatever the ledger knew of it.
    expect(Object.keys(refused ?? {})).toEqual(Object.keys(fellBack ?? {}));
    expect(Object.keys(fellBack ?? {}).sort()).toEqual(
      [
        "api",
        "cachedTokens",
        "client",
        "completionTokens",
        "costUsd",
        "errorClass",
        "estimated",
        "fallbackFrom",
        "fellThrough",
        "latencyMs",
        "modelRequested",
        "modelUsed",
        "outcome",
        "promptTokens",
        "provider",
        "requestId",
        "retries",
        "status",
        "stream",
        "time",
        "traceId",
        "ts",
        "ttftMs",
        "webSearches",
      ].sort(),
    );
  });
});
