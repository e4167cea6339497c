/**
 * Another program's SQLite database at `gateway.ledger.path` that this user may read but not
 * write, in a directory this user may write (a database another user made, or one made 444).
 * SQLite opens such a file read-only whatever it is asked, and a read-only look at a WAL database
 * its program had closed left app.db-wal and app.db-shm beside it (usage); the gateway and doctor
 * said "permission denied" / "read-only" and to make that program's file writable. Now usage reads
 * a copy, and each says it is another program's database, leaving its directory as it was.
 * As root every file can be written, so there the CLI runs as nobody (permissionsBindUnder).
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { permissionsBindUnder, runCli } from "../helpers/cli.js";
import { closedPort, freshState } from "../onboard/harness.js";

describe("another program's WAL database this user may read but not write", () => {
  it("is said to be another program's by usage, doctor and the gateway, and nothing is left beside it", async () => {
    const state = freshState();
    const dir = join(state.dir, "other-app");
    mkdirSync(dir);
    const path = join(dir, "app.db");
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ann')");
    db.close();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        gateway: {
          port: await closedPort(),
          auth: { token: "read-only-test-token-0001" },
          ledger: { path },
        },
      }),
      { mode: 0o600 },
    );
    const user = permissionsBindUnder(state.dir);
    // The database stays its owner's (root's, when the CLI runs as nobody), readable by all.
    if (user !== undefined) chownSync(path, 0, 0);
    chmodSync(path, user === undefined ? 0o444 : 0o644);
    const refused = `the usage ledger ${path} is another program's SQLite database (tables: contacts)`;
    const run = (args: string[]) => runCli(args, { env: state.env, user, timeoutMs: 30_000 });

    const usage = await run(["usage"]);
    expect({ code: usage.code, refused: usage.stderr.includes(refused) }).toEqual({
      code: 1,
      refused: true,
    });
    expect(readdirSync(dir)).toEqual(["app.db"]);

    const doctor = await run(["doctor"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(refused);
    expect(doctor.stdout).not.toContain(`make ${path} writable`);
    const gateway = await run(["gateway"]);
    expect(gateway.code).toBe(1);
    expect(gateway.stderr).toContain(refused);
    expect(gateway.stderr).not.toContain(`make ${path} writable`);
    expect(readdirSync(dir)).toEqual(["app.db"]);
  }, 60_000);
});
