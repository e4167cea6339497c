/**
 * An install of the package whose better-sqlite3 was never built (install scripts skipped: `npm
 * install --ignore-scripts`, pnpm before `approve-builds`): the built package copied to a temporary
 * directory, its dependencies linked, better-sqlite3 copied without its native build. Needs
 * `npm run build` first (it copies dist/).
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./tmp.js";

const ROOT = join(import.meta.dirname, "..", "..");
const MODULES = join(ROOT, "node_modules");

/** The install's directory (its CLI is bin/openclaw.js in it). */
export function installWithoutSqliteBuild(): string {
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

/** `openclaw args` of the install at `app`, with `state` as its state dir and home. */
export function runInstalled(app: string, args: string[], state: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(app, "bin", "openclaw.js"), ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: state, OPENCLAW_STATE_DIR: state, NO_COLOR: "1" },
    timeout: 30_000,
  });
}
