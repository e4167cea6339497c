/**
 * A usage ledger reached through a symlink (`~/.openclaw/usage.sqlite` → a file elsewhere) whose
 * directory cannot be written. SQLite keeps the log and wants its `-shm` beside the file the link
 * names, not beside the link: usage asked whether the link's directory could be written (it
 * could) and said "cannot open the usage ledger"; with both read-only it copied `<link>-wal`
 * (none) and so counted without the rows still in the log; the gateway, also looking beside the
 * link, started on a ledger it could not write instead of naming the directory. Now each looks
 * beside the file the link names. As root the CLI runs as nobody (permissionsBindUnder).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { permissionsBindUnder, runCli } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";
import { closedPort, freshState } from "../onboard/harness.js";

let readOnlyDir: string | undefined;

afterEach(() => {
  // So that the temporary directory can be removed.
  if (readOnlyDir !== undefined) chmodSync(readOnlyDir, 0o755);
  readOnlyDir = undefined;
});

describe("a ledger reached through a symlink, in a directory that cannot be written", () => {
  it("is read with the rows still in its log, and the gateway names that directory", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      JSON.stringify({
        gateway: { port: await closedPort(), auth: { token: "symlink-test-token-0001" } },
      }),
      { mode: 0o600 },
    );
    const real = join(state.dir, "kept");
    mkdirSync(real);
    const file = join(real, "usage.sqlite");
    const writer = new UsageLedger({ path: file });
    writer.record(ledgerRow({ requestId: "r-in-file" }));
    await writer.close();
    // A gateway killed with a request still in the log: its row is in usage.sqlite-wal only.
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const killed = spawnSync(
      process.execPath,
      [
        "-e",
        `const Database = require(${JSON.stringify(sqlite)});
         const db = new Database(${JSON.stringify(file)});
         db.pragma("wal_autocheckpoint = 0");
         db.exec("UPDATE request_rows SET row = replace(row, 'r-in-file', 'r-in-log')");
         process.kill(process.pid, "SIGKILL");`,
      ],
      { encoding: "utf8" },
    );
    expect({ signal: killed.signal, stderr: killed.stderr }).toEqual({
      signal: "SIGKILL",
      stderr: "",
    });
    expect(existsSync(`${file}-wal`)).toBe(true);
    // The index of the log is rebuilt by its reader; gone, SQLite must make it beside the file.
    rmSync(`${file}-shm`, { force: true });
    symlinkSync(file, join(state.dir, "usage.sqlite"));
    const user = permissionsBindUnder(state.dir);
    chmodSync(real, 0o555);
    readOnlyDir = real;
    const run = (args: string[]) => runCli(args, { env: state.env, user, timeoutMs: 30_000 });

    const listed = await run(["usage", "--last", "5", "--json"]);
    expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: "" });
    const ids = (JSON.parse(listed.stdout) as { requests: Array<{ requestId: string }> }).requests;
    expect(ids.map((request) => request.requestId)).toEqual(["r-in-log"]);

    const gateway = await run(["gateway"]);
    expect(gateway.code).toBe(1);
    expect(gateway.stderr).toContain(
      `its directory ${real} cannot be written (permission denied); SQLite makes usage.sqlite-wal and usage.sqlite-shm beside the ledger`,
    );
  }, 60_000);
});
