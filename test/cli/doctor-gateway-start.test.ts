/**
 * `openclaw doctor` against setups where `openclaw gateway` refuses to start: the doctor must
 * fail them too (exit 1), in the gateway's words, instead of "all good". Each case checks the
 * gateway really refuses, so the two cannot drift apart.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { startGateway } from "../../src/gateway/index.js";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { runCli } from "../helpers/cli.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { tempDir } from "../helpers/tmp.js";
import { closedPort, freshState, type StateDir } from "../onboard/harness.js";

interface Finding {
  check: string;
  level: string;
  message: string;
  where?: string;
  hint?: string;
}

async function doctor(state: StateDir) {
  const result = await state.run(["doctor", "--json"]);
  const report = JSON.parse(result.stdout) as { failures: number; findings: Finding[] };
  return { code: result.code, report, ledger: report.findings.filter((f) => f.check === "ledger") };
}

/** A config on a free port with a token, so that only the ledger can be wrong. */
async function configured(state: StateDir, gateway: Record<string, unknown> = {}) {
  const port = await closedPort();
  writeFileSync(
    state.configPath,
    JSON.stringify({ gateway: { port, auth: { token: "doctor-test-token-0001" }, ...gateway } }),
    { mode: 0o600 },
  );
}

async function gatewayRefusal(state: StateDir): Promise<string> {
  try {
    const gateway = await startGateway({ env: state.env, transports: {}, watch: false });
    await gateway.close(0);
    return "started";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A configured state dir whose ledger holds one row, as this version writes it. */
async function ledgerOfOneRow() {
  const state = freshState();
  await configured(state);
  const path = join(state.dir, "usage.sqlite");
  const ledger = new UsageLedger({ path });
  ledger.record(ledgerRow({ modelUsed: "moonshot/kimi-k2.5" }));
  await ledger.close();
  return { state, path };
}

describe("openclaw doctor on a ledger the gateway cannot open", () => {
  it("fails a damaged ledger file, opened read-only, and names the default path, not the setting", async () => {
    const state = freshState();
    await configured(state);
    const ledger = join(state.dir, "usage.sqlite");
    writeFileSync(ledger, randomBytes(3000));
    const { code, ledger: found } = await doctor(state);
    expect(code).toBe(1);
    expect(found).toEqual([
      jsonFinding({
        check: "ledger",
        level: "fail",
        message: `the usage ledger ${ledger} is damaged or not a SQLite database (file is not a database) (openclaw gateway would not start)`,
        hint: `move it away (mv ${ledger} ${ledger}.broken): the gateway starts a new ledger there on its next start; or set gateway.ledger.path to another file`,
      }),
    ]);
    expect(await gatewayRefusal(state)).toContain(`the usage ledger ${ledger} is damaged`);
  });

  it("fails a ledger path that is a directory, naming gateway.ledger.path when the config sets it", async () => {
    const state = freshState();
    const ledger = join(state.dir, "ledger-dir");
    mkdirSync(ledger);
    await configured(state, { ledger: { path: ledger } });
    const { code, ledger: found } = await doctor(state);
    expect(code).toBe(1);
    expect(found).toEqual([
      expect.objectContaining({
        level: "fail",
        message: `cannot open the usage ledger ${ledger}: it is a directory (openclaw gateway would not start)`,
        where: "gateway.ledger.path",
      }),
    ]);
    expect(await gatewayRefusal(state)).toBe(
      `cannot open the usage ledger ${ledger}: it is a directory`,
    );
  });

  it("is quiet about a ledger the gateway wrote", async () => {
    const state = freshState();
    await configured(state);
    const ledger = new UsageLedger({ path: join(state.dir, "usage.sqlite") });
    await ledger.ready();
    await ledger.close();
    const { code, ledger: found } = await doctor(state);
    expect(found).toEqual([]);
    expect(code).toBe(0);
  });

  it("fails a ledger a newer openclaw wrote (a higher user_version), which the gateway leaves alone", async () => {
    const { state, path } = await ledgerOfOneRow();
    const db = new Database(path);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    db.pragma("user_version = 7");
    db.close();
    const { code, ledger: found } = await doctor(state);
    expect(code).toBe(1);
    expect(found).toEqual([
      jsonFinding({
        check: "ledger",
        level: "fail",
        message: `the usage ledger ${path} was written by a newer openclaw (ledger version 7; this one knows up to 1), so this one leaves it as it is (openclaw gateway would not start)`,
        hint: "use the newer openclaw that wrote it, or set gateway.ledger.path to another file to start a new ledger there",
      }),
    ]);
    expect(await gatewayRefusal(state)).toBe(
      `the usage ledger ${path} was written by a newer openclaw (ledger version 7; this one knows up to 1), so this one leaves it as it is`,
    );
    // Left as it was: no rows of this version's layout added, the version not lowered.
    const after = new Database(path, { readonly: true });
    expect(after.pragma("user_version", { simple: true })).toBe(7);
    expect(after.prepare("SELECT COUNT(*) FROM request_rows").pluck().get()).toBe(1);
    after.close();
    // What it holds is still read, its columns being there.
    const usage = await state.run(["usage", "--json"]);
    expect(usage.code).toBe(0);
    expect(JSON.parse(usage.stdout).total.requests).toBe(1);
  });

  it("fails another program's SQLite database at the ledger's path, which the gateway refuses and leaves as it is", async () => {
    const state = freshState();
    await configured(state);
    const path = join(state.dir, "usage.sqlite");
    const db = new Database(path);
    db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    db.close();
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const refused = `the usage ledger ${path} is another program's SQLite database (tables: notes), not a ledger the gateway wrote`;
    const hint = `openclaw gateway does not write into another program's database: set gateway.ledger.path to a file of its own (openclaw config set gateway.ledger.path <file>), or move ${path} away if it is yours to move`;
    // The gateway does not start on it, and says why and what to do.
    const error = await startGateway({ env: state.env, transports: {}, watch: false }).then(
      async (gateway) => {
        await gateway.close(0);
        return undefined;
      },
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(OpenClawError);
    expect(error).toMatchObject({ code: "ledger.not_a_ledger", message: refused, hint });
    // Nothing written into it: no ledger tables beside the person's own.
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    // Doctor says so beforehand.
    const { code, ledger: found } = await doctor(state);
    expect(code).toBe(1);
    expect(found).toEqual([
      jsonFinding({
        check: "ledger",
        level: "fail",
        message: `${refused} (openclaw gateway would not start)`,
        hint,
      }),
    ]);
    // `openclaw usage` refuses it the same way.
    const usage = await state.run(["usage"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain(`error: ${refused}\n`);
    expect(usage.stderr).toContain(`hint: ${hint}`);
  });

  it("starts on an empty database with no tables, and on a ledger the first version wrote", async () => {
    const state = freshState();
    await configured(state);
    const path = join(state.dir, "usage.sqlite");
    // A ledger being set up: the file made, its journal mode set, no table yet.
    const empty = new Database(path);
    empty.pragma("journal_mode = WAL");
    empty.close();
    expect(await gatewayRefusal(state)).toBe("started");

    const other = freshState();
    await configured(other);
    const v1Path = join(other.dir, "usage.sqlite");
    const v1 = new Database(v1Path);
    v1.exec(`CREATE TABLE requests (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, request_id TEXT NOT NULL,
      trace_id TEXT, client TEXT NOT NULL, model_requested TEXT, model_used TEXT, provider TEXT,
      fallback_from TEXT, stream INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,
      latency_ms REAL NOT NULL, ttft_ms REAL, status INTEGER NOT NULL, outcome TEXT NOT NULL,
      error_class TEXT); CREATE INDEX requests_ts ON requests(ts);`);
    v1.prepare(
      "INSERT INTO requests VALUES (NULL, ?, 'old-1', NULL, '127.0.0.1', 'openclaw', 'moonshot/kimi-k2.5', 'moonshot', NULL, 1, 100, 20, 5, 0.25, 812.5, 140.25, 200, 'ok', NULL)",
    ).run(Date.now() - 60_000);
    v1.close();
    expect(await gatewayRefusal(other)).toBe("started");
    const usage = await other.run(["usage", "--json"]);
    expect(usage.code).toBe(0);
    expect(JSON.parse(usage.stdout).total.requests).toBe(1);
  });

  it("warns of a requests view without the ledger's columns, which the gateway makes again", async () => {
    const { state, path } = await ledgerOfOneRow();
    const db = new Database(path);
    db.exec(
      "DROP VIEW requests; CREATE VIEW requests AS SELECT id, ts, row ->> 1 AS request_id FROM request_rows",
    );
    db.close();
    const { code, ledger: found } = await doctor(state);
    expect(code).toBe(0);
    expect(found).toHaveLength(1);
    expect(found[0]?.level).toBe("warn");
    expect(found[0]?.message).toBe(
      `the usage ledger ${path} has no columns trace_id, client, model_requested, model_used, provider, fallback_from, stream, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms, ttft_ms, status, outcome, error_class in its requests view (changed outside openclaw?)`,
    );
    expect(found[0]?.hint).toContain("openclaw gateway makes the view again when it starts");
    expect(await gatewayRefusal(state)).toBe("started");
    expect((await doctor(state)).ledger).toEqual([]);
  });
});

/**
 * A directory nothing can be created in, even by root (which passes every permission check):
 * under /sys on Linux; for another user, a directory without write permission.
 */
function readOnlyParent(): string | undefined {
  const root = process.getuid?.() === 0;
  if (!root) {
    const state = freshState();
    const dir = join(state.dir, "locked");
    mkdirSync(dir, { mode: 0o500 });
    return dir;
  }
  try {
    closeSync(openSync("/sys/fs/.openclaw-probe", "wx"));
    rmSync("/sys/fs/.openclaw-probe", { force: true });
    return undefined;
  } catch {
    return "/sys/fs";
  }
}

const locked = readOnlyParent();

describe.runIf(locked !== undefined)("openclaw doctor on a read-only state directory", () => {
  it("fails when the first start could not save the token it creates, as the gateway fails", async () => {
    const state = freshState({ OPENCLAW_STATE_DIR: join(locked as string, "openclaw-state") });
    const result = await state.run(["doctor", "--json"], {
      OPENCLAW_STATE_DIR: join(locked as string, "openclaw-state"),
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: "gateway",
        level: "fail",
        message: expect.stringMatching(
          /^no gateway token yet, and the first start could not save the one it creates: .* is not writable/,
        ),
      }),
    );
    const refusal = await gatewayRefusal({
      ...state,
      env: { ...state.env, OPENCLAW_STATE_DIR: join(locked as string, "openclaw-state") },
    });
    expect(refusal).not.toBe("started");
  });
});

describe("openclaw doctor with no gateway token yet", () => {
  const REVEAL = "openclaw config get gateway.auth.token --reveal";
  const tokenLine = (findings: Finding[]) =>
    findings.find((f) => f.check === "gateway" && /token/.test(f.message));

  it("says the first start saves the token it creates, and the command that prints it from a plain shell (its own state dir: with OPENCLAW_STATE_DIR in front)", async () => {
    // OPENCLAW_STATE_DIR moves the config away from ~/.openclaw/openclaw.json, the file a plain
    // shell's `openclaw config get` reads.
    const state = freshState();
    writeFileSync(state.configPath, JSON.stringify({ gateway: { port: await closedPort() } }), {
      mode: 0o600,
    });
    const { code, report } = await doctor(state);
    expect(code).toBe(0);
    const token = tokenLine(report.findings);
    expect(token?.level).toBe("ok");
    // Not "prints it": a log never gets the token.
    expect(token?.message).toBe(
      `no gateway token yet: the first start creates one and saves it as gateway.auth.token (print it then with: OPENCLAW_STATE_DIR=${state.dir} ${REVEAL})`,
    );
    // What it says is what the first start does, and the command, run in a plain shell (no
    // OPENCLAW_STATE_DIR), prints that token.
    expect(await gatewayRefusal(state)).toBe("started");
    const shown = await runCli(["config", "get", "gateway.auth.token", "--reveal"], {
      env: { HOME: state.dir, OPENCLAW_STATE_DIR: state.dir },
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout.trim()).toMatch(/^\S{20,}$/);
  });

  it("names the bare command when the config is the one a plain shell reads", async () => {
    const home = tempDir("openclaw-doctor-home-");
    mkdirSync(join(home, ".openclaw"));
    writeFileSync(
      join(home, ".openclaw", "openclaw.json"),
      JSON.stringify({ gateway: { port: await closedPort() } }),
      { mode: 0o600 },
    );
    const result = await runCli(["doctor", "--json"], { env: { HOME: home } });
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    expect(tokenLine(report.findings)?.message).toBe(
      `no gateway token yet: the first start creates one and saves it as gateway.auth.token (print it then with: ${REVEAL})`,
    );
  });
});
