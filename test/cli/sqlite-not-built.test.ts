/**
 * An install whose better-sqlite3 was never built (install scripts skipped: `npm install
 * --ignore-scripts`, pnpm before `approve-builds`) or was built for another Node: the gateway and
 * `usage` say that SQLite's module is not built and how to build it (or run without the ledger),
 * instead of its loader's dozen tried paths and a hint about the state dir's permissions.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { installWithoutSqliteBuild, runInstalled } from "../helpers/unbuilt-sqlite-install.js";

describe("a better-sqlite3 that was never built", () => {
  it("gateway and usage say SQLite's module is not built and what to run, not its loader's paths", () => {
    const app = installWithoutSqliteBuild();
    const state = tempDir();
    const expectTold = (run: ReturnType<typeof runInstalled>) => {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `error: cannot open the usage ledger ${join(state, "usage.sqlite")}: the SQLite module it needs (better-sqlite3) is not built for this Node (${process.version})`,
      );
      expect(run.stderr).toContain("hint: build it: npm rebuild better-sqlite3");
      expect(run.stderr).toContain("gateway.ledger.enabled false");
      // Before: the loader's list of tried paths, and a hint about permissions.
      expect(run.stderr).not.toContain("Could not locate the bindings file");
      expect(run.stderr).not.toContain("permissions");
      expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    };
    expectTold(runInstalled(app, ["gateway", "--port", "0"], state));
    // `usage` opens the ledger only when there is one (the gateway left it empty): made here by
    // this process's own, built SQLite.
    const ledger = new Database(join(state, "usage.sqlite"));
    ledger.exec("create table rows (id integer)");
    ledger.close();
    expectTold(runInstalled(app, ["usage"], state));
  }, 60_000);

  it("startGateway given a config object says how to turn the ledger off in that object, which then starts", () => {
    const app = installWithoutSqliteBuild();
    const state = tempDir();
    const entry = pathToFileURL(join(app, "dist", "index.js")).href;
    const program = `
      import { startGateway } from ${JSON.stringify(entry)};
      const env = { OPENCLAW_STATE_DIR: ${JSON.stringify(state)} };
      const gateway = { auth: { mode: "none" } };
      const told = await startGateway({ port: 0, config: { gateway }, env }).catch((e) => e);
      const off = { gateway: { ...gateway, ledger: { enabled: false } } };
      const started = await startGateway({ port: 0, config: off, env });
      await started.close();
      console.log(JSON.stringify({ code: told.code, hint: told.hint }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", program], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: state },
      timeout: 30_000,
    });
    expect(run.stderr).toBe("");
    const told = JSON.parse(run.stdout) as { code: string; hint: string };
    expect(told.code).toBe("gateway.ledger_unavailable");
    expect(told.hint).toMatch(/^build it: npm rebuild better-sqlite3/);
    // Before: "openclaw config set gateway.ledger.enabled false", which edits a file this
    // gateway does not read.
    expect(told.hint).toMatch(
      /or run without the ledger: set gateway: \{ ledger: \{ enabled: false \} \} in the config object startGateway is given$/,
    );
  }, 60_000);

  it("startGateway given an env with another state dir names that dir in the command that turns the ledger off, which then works", () => {
    const app = installWithoutSqliteBuild();
    const state = tempDir();
    const configPath = join(state, "openclaw.json");
    writeFileSync(configPath, JSON.stringify({ gateway: { auth: { mode: "none" } } }));
    const entry = pathToFileURL(join(app, "dist", "index.js")).href;
    // The program and the shell share a home whose ~/.openclaw is not the gateway's state dir.
    const shellEnv = { PATH: process.env.PATH, HOME: tempDir(), NO_COLOR: "1" };
    const start = (then: string) =>
      spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { startGateway } from ${JSON.stringify(entry)};
          const env = { OPENCLAW_STATE_DIR: ${JSON.stringify(state)} };
          ${then}`,
        ],
        { encoding: "utf8", env: shellEnv, timeout: 30_000 },
      );
    const told = start(`
      const error = await startGateway({ port: 0, env }).catch((e) => e);
      console.log(JSON.stringify({ code: error.code, hint: error.hint }));`);
    expect(told.stderr).toBe("");
    const { code, hint } = JSON.parse(told.stdout) as { code: string; hint: string };
    expect(code).toBe("gateway.ledger_unavailable");
    // Before: "openclaw config set gateway.ledger.enabled false", which edits ~/.openclaw's file.
    const command = `OPENCLAW_STATE_DIR=${state} openclaw config set gateway.ledger.enabled false`;
    expect(hint).toMatch(/^build it: npm rebuild better-sqlite3/);
    expect(hint.endsWith(`or run without the ledger: ${command}`)).toBe(true);
    // The command, pasted into the shell, turns the ledger off in the file that gateway reads.
    const bin = tempDir();
    writeFileSync(
      join(bin, "openclaw"),
      `#!/bin/sh\nexec '${process.execPath}' '${join(app, "bin", "openclaw.js")}' "$@"\n`,
    );
    chmodSync(join(bin, "openclaw"), 0o755);
    const pasted = spawnSync("/bin/sh", ["-c", command], {
      encoding: "utf8",
      env: { ...shellEnv, PATH: `${bin}:${process.env.PATH ?? ""}` },
      timeout: 30_000,
    });
    expect(pasted.status).toBe(0);
    const started = start(`
      const gateway = await startGateway({ port: 0, env });
      await gateway.close();
      console.log("started");`);
    expect(started.stderr).toBe("");
    expect(started.stdout.trim()).toBe("started");
  }, 60_000);
});
