/**
 * An install whose better-sqlite3 was never built (install scripts skipped: `npm install
 * --ignore-scripts`, pnpm before `approve-builds`) or was built for another Node: the gateway and
 * `usage` say that SQLite's module is not built and how to build it (or run without the ledger),
 * instead of its loader's dozen tried paths and a hint about the state dir's permissions.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MODULES = join(ROOT, "node_modules");

/** The package as installed, its dependencies linked, better-sqlite3 copied without its build. */
function installWithoutSqliteBuild(): string {
  const app = join(tempDir(), "openclaw-kimi");
  // Copied, not linked: the ledger finds better-sqlite3 from where its own module really is.
  cpSync(join(ROOT, "dist"), join(app, "dist"), { recursive: true });
  cpSync(join(ROOT, "bin"), join(app, "bin"), { recursive: true });
  cpSync(join(ROOT, "package.json"), join(app, "package.json"));
  const modules = join(app, "node_modules");
  mkdirSync(join(modules, "@clack"), { recursive: true });
  // A linked package finds its own dependencies where it really is; the copied better-sqlite3
  // needs its loader (bindings) beside it.
  for (const name of ["@clack/prompts", "commander", "eventsource-parser", "json5", "bindings"]) {
    symlinkSync(join(MODULES, name), join(modules, name));
  }
  const sqlite = join(modules, "better-sqlite3");
  cpSync(join(MODULES, "better-sqlite3", "lib"), join(sqlite, "lib"), { recursive: true });
  cpSync(join(MODULES, "better-sqlite3", "package.json"), join(sqlite, "package.json"));
  return app;
}

function openclaw(app: string, args: string[], state: string) {
  return spawnSync(process.execPath, [join(app, "bin", "openclaw.js"), ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: state, OPENCLAW_STATE_DIR: state, NO_COLOR: "1" },
    timeout: 30_000,
  });
}

describe("a better-sqlite3 that was never built", () => {
  it("gateway and usage say SQLite's module is not built and what to run, not its loader's paths", () => {
    const app = installWithoutSqliteBuild();
    const state = tempDir();
    const expectTold = (run: ReturnType<typeof openclaw>) => {
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
    expectTold(openclaw(app, ["gateway", "--port", "0"], state));
    // `usage` opens the ledger only when there is one (the gateway left it empty): made here by
    // this process's own, built SQLite.
    const ledger = new Database(join(state, "usage.sqlite"));
    ledger.exec("create table rows (id integer)");
    ledger.close();
    expectTold(openclaw(app, ["usage"], state));
  }, 60_000);
});
