/**
 * Another program's SQLite database in WAL mode at `gateway.ledger.path` (or with a write it left
 * unfinished in its `-journal`): the gateway refuses it, and `openclaw usage` and `doctor` name
 * it, each looking at it without touching it. A read-only look left `app.db-wal` and `app.db-shm` beside a database its program had closed (the gateway
 * and doctor), and a report on one whose program stopped with its log still there copied that log
 * into the database and deleted it (usage). Built CLI, real SQLite, a real second process.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { closedPort, freshState, type StateDir } from "../onboard/harness.js";

/** The other program's directory: every file in it, with its bytes. */
function filesIn(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    // The -shm file is SQLite's shared index of the log, rebuilt by whoever reads the log.
    files[name] = name.endsWith("-shm") ? "index" : readFileSync(join(dir, name)).toString("hex");
  }
  return files;
}

async function stateWithLedgerAt(path: string): Promise<StateDir> {
  const state = freshState();
  const port = await closedPort();
  writeFileSync(
    state.configPath,
    JSON.stringify({
      gateway: { port, auth: { token: "wal-test-token-0001" }, ledger: { path } },
    }),
    { mode: 0o600 },
  );
  return state;
}

async function lookEveryWay(state: StateDir, path: string): Promise<void> {
  const refused = `the usage ledger ${path} is another program's SQLite database (tables: contacts)`;
  await expect(
    startGateway({ env: state.env, transports: {}, watch: false }).then((gateway) =>
      gateway.close(0),
    ),
  ).rejects.toMatchObject({ code: "ledger.not_a_ledger" });
  const usage = await state.run(["usage"]);
  expect({ code: usage.code, refused: usage.stderr.includes(refused) }).toEqual({
    code: 1,
    refused: true,
  });
  const doctor = await state.run(["doctor"]);
  expect({ code: doctor.code, refused: doctor.stdout.includes(refused) }).toEqual({
    code: 1,
    refused: true,
  });
}

describe("another program's WAL database at gateway.ledger.path", () => {
  it("closed by its program: gateway, usage and doctor leave no -wal or -shm beside it", async () => {
    const dir = join(freshState().dir, "other-app");
    mkdirSync(dir);
    const path = join(dir, "app.db");
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ann')");
    db.close();
    const before = filesIn(dir);
    expect(Object.keys(before)).toEqual(["app.db"]);

    await lookEveryWay(await stateWithLedgerAt(path), path);
    expect(filesIn(dir)).toEqual(before);
  });

  it.each([
    ["named", false],
    ["named by a symlink", true],
  ])(
    "stopped by its program with rows still in its log, %s: the log and the database stay as they were",
    async (_how, linked) => {
      const home = freshState().dir;
      const dir = join(home, "other-app");
      mkdirSync(dir);
      const path = join(dir, "app.db");
      // SQLite keeps the log beside the file the link names.
      const ledgerPath = linked ? join(home, "usage-link.sqlite") : path;
      if (linked) symlinkSync(path, ledgerPath);
      // The other program writes its rows into the log, then is killed before it closes.
      const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
      const killed = spawnSync(
        process.execPath,
        [
          "-e",
          `const Database = require(${JSON.stringify(sqlite)});
         const db = new Database(${JSON.stringify(path)});
         db.pragma("journal_mode = WAL");
         db.pragma("wal_autocheckpoint = 0");
         db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ann')");
         process.kill(process.pid, "SIGKILL");`,
        ],
        { encoding: "utf8" },
      );
      expect(killed.signal).toBe("SIGKILL");
      expect(existsSync(`${path}-wal`)).toBe(true);
      const before = filesIn(dir);

      await lookEveryWay(await stateWithLedgerAt(ledgerPath), ledgerPath);
      expect(filesIn(dir)).toEqual(before);
    },
  );

  it("killed by its program in the middle of a write (a -journal left): refused, the write left for its program to roll back", async () => {
    const dir = join(freshState().dir, "other-app");
    mkdirSync(dir);
    const path = join(dir, "app.db");
    // Rollback-journal mode: the rows written spill into the file, the old pages kept in the
    // journal; killed before COMMIT, the journal is what its program rolls back at its next open.
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const killed = spawnSync(
      process.execPath,
      [
        "-e",
        `const Database = require(${JSON.stringify(sqlite)});
         const db = new Database(${JSON.stringify(path)});
         db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ann')");
         db.pragma("cache_size = 1");
         db.exec("BEGIN");
         const insert = db.prepare("INSERT INTO contacts VALUES (?)");
         for (let i = 0; i < 5000; i++) insert.run("x".repeat(200));
         process.kill(process.pid, "SIGKILL");`,
      ],
      { encoding: "utf8" },
    );
    expect(killed.signal).toBe("SIGKILL");
    expect(existsSync(`${path}-journal`)).toBe(true);
    const before = filesIn(dir);
    const state = await stateWithLedgerAt(path);
    const refused = `the usage ledger ${path} has a write left unfinished in ${path}-journal by a program stopped while writing it`;

    // Before: the gateway started, rolled the write back and added its tables; usage and doctor
    // said "attempt to write a readonly database", "a bug in openclaw".
    await expect(
      startGateway({ env: state.env, transports: {}, watch: false }).then((gateway) =>
        gateway.close(0),
      ),
    ).rejects.toMatchObject({ code: "ledger.unfinished_write" });
    const usage = await state.run(["usage"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain(`error: ${refused}`);
    expect(usage.stderr).toContain(
      "hint: if it is another program's database, set gateway.ledger.path",
    );
    const doctor = await state.run(["doctor"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(refused);
    expect(filesIn(dir)).toEqual(before);
  });

  it("a damaged file with a -wal beside it is still said to be damaged, not a file that cannot be opened", async () => {
    const dir = join(freshState().dir, "other-app");
    mkdirSync(dir);
    const path = join(dir, "app.db");
    writeFileSync(path, Buffer.alloc(5000, 7));
    writeFileSync(`${path}-wal`, Buffer.alloc(100, 7));
    const usage = await (await stateWithLedgerAt(path)).run(["usage"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain(
      `error: the usage ledger ${path} is damaged or not a SQLite database`,
    );
  });
});
