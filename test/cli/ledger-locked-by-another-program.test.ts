/**
 * Another program's SQLite database at `gateway.ledger.path`, locked by that program longer than
 * a look waits (5 s). The look gave up without a word: the gateway went on to open the file for
 * writing, and once the lock was let go it added the ledger's tables to that program's database
 * and turned it to WAL mode; usage said "database is locked", "a bug in openclaw". Now each
 * refuses, naming the program holding the lock where the system says (Linux's /proc/locks).
 * Built CLI, real SQLite, the lock held by a real second process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { closedPort, freshState } from "../onboard/harness.js";

let holder: ChildProcess | undefined;

afterEach(() => {
  holder?.kill("SIGKILL");
  holder = undefined;
});

/**
 * A process that opens `path` (rollback journal), takes an exclusive lock and writes a row in it,
 * then holds it until told on stdin (at most a minute, should the test die first).
 */
async function holdLock(
  path: string,
): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const Database = require(${JSON.stringify(sqlite)});
       const db = new Database(${JSON.stringify(path)});
       db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ann')");
       db.exec("BEGIN EXCLUSIVE");
       db.exec("INSERT INTO contacts VALUES ('bob')");
       const release = () => { db.exec("COMMIT"); db.close(); process.exit(0); };
       process.stdin.on("data", release);
       setTimeout(release, 60_000);
       console.log("held");`,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (chunk.includes("held")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    child,
    release: async () => {
      child.stdin?.write("release\n");
      await exited;
    },
  };
}

describe("another program's database locked past the wait at gateway.ledger.path", () => {
  it("is refused by gateway, usage and doctor, naming the program, and never written", async () => {
    const state = freshState();
    const dir = join(state.dir, "other-app");
    mkdirSync(dir);
    const path = join(dir, "app.db");
    writeFileSync(
      state.configPath,
      JSON.stringify({
        gateway: {
          port: await closedPort(),
          auth: { token: "lock-test-token-0001" },
          ledger: { path },
        },
      }),
      { mode: 0o600 },
    );
    const held = await holdLock(path);
    holder = held.child;
    const locked = `the usage ledger ${path} is locked by another program`;
    const named = `(node, pid ${held.child.pid})`;

    // Run side by side: each waits its 5 s on the lock.
    const usage = state.run(["usage"]);
    const doctor = state.run(["doctor"]);
    const gateway = startGateway({ env: state.env, transports: {}, watch: false }).then((started) =>
      started.close(0),
    );
    await expect(gateway).rejects.toMatchObject({ code: "ledger.busy" });
    await expect(gateway).rejects.toThrow(locked);
    const [usageResult, doctorResult] = await Promise.all([usage, doctor]);
    expect(usageResult.code).toBe(1);
    expect(usageResult.stderr).toContain(`error: ${locked}`);
    expect(usageResult.stderr).toContain(
      "hint: if it is another program's database, set gateway.ledger.path to a file of its own",
    );
    expect(doctorResult.code).toBe(1);
    expect(doctorResult.stdout).toContain(locked);
    // Where the system tells the holder (Linux), it is named; the name only, not its command line.
    if (existsSync("/proc/locks")) expect(usageResult.stderr).toContain(`${locked} ${named}`);

    // Let go, the other program's database has its own table and rows, none of the ledger's.
    await held.release();
    const db = new Database(path, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master").pluck().all();
    const journalMode = db.pragma("journal_mode", { simple: true });
    db.close();
    expect({ tables, journalMode }).toEqual({ tables: ["contacts"], journalMode: "delete" });
  }, 60_000);
});
