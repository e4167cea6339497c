/**
 * The usage ledger's SQLite (better-sqlite3) is a native module, built by its install script. A
 * package manager that skips install scripts (`npm install --ignore-scripts`, pnpm until the build
 * is approved, npm's allowScripts) or a Node upgrade after the install leaves it unusable: its
 * loader then fails with a list of a dozen paths it tried, or a NODE_MODULE_VERSION mismatch, which
 * says nothing of the fix. This tells that case apart and says what to run.
 */
import { OpenClawError } from "../errors.js";

/** Whether `error` (or the message a worker passed on) says the native module cannot be loaded. */
export function isSqliteBindingMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : String(error);
  if (code === "ERR_DLOPEN_FAILED" && text.includes("better_sqlite3")) return true;
  return (
    text.startsWith("Could not locate the bindings file") ||
    (text.includes("better_sqlite3.node") && text.includes("NODE_MODULE_VERSION"))
  );
}

/**
 * How to run without the ledger when the config is a file: `prefix` (cli-env-prefix.ts) makes the
 * command edit that file when the shell's `openclaw` would edit another.
 */
export function ledgerOffInFile(prefix = ""): string {
  return `${prefix}openclaw config set gateway.ledger.enabled false`;
}

/**
 * The error for a ledger at `path` that cannot be opened because SQLite's module is not built.
 * `turnOff` says how to run without the ledger: a gateway started with a config object is not
 * helped by a command that edits the config file.
 */
export function sqliteBindingError(
  code: string,
  path: string,
  cause: unknown,
  where?: string,
  turnOff = ledgerOffInFile(),
): OpenClawError {
  return new OpenClawError(
    code,
    `cannot open the usage ledger ${path}: the SQLite module it needs (better-sqlite3) is not built for this Node (${process.version}); its install script did not run, or ran under another Node version`,
    {
      hint: `build it: npm rebuild better-sqlite3 where openclaw-kimi is installed (pnpm: pnpm approve-builds, then pnpm rebuild better-sqlite3); or run without the ledger: ${turnOff}`,
      ...(where ? { where } : {}),
      cause,
    },
  );
}
