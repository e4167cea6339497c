/**
 * A usage ledger this user may not read (mode 000, or another user's file): `openclaw usage` said
 * only "cannot open the usage ledger <path>", without why, and `openclaw doctor` said the file "is
 * read-only", which `ls -l` contradicts. Both now say that this user may not read it. As root,
 * which reads any file, the CLI runs as `nobody` over a state dir it owns, so the file's mode
 * applies. Real files, the built CLI.
 */
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageLedger } from "../../src/gateway/ledger.js";
import { CLI } from "../helpers/cli.js";
import { ledgerRow } from "../helpers/ledger-row.js";

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), "openclaw-ledger-unreadable-"));
const ledgerPath = join(dir, "usage.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const ledger = new UsageLedger({ path: ledgerPath });
  ledger.record(ledgerRow({ requestId: "r-1" }));
  await ledger.close();
  writeFileSync(join(dir, "openclaw.json"), "{}\n", { mode: 0o600 });
  chmodSync(dir, 0o700);
  if (asRoot) {
    for (const path of [dir, ledgerPath, join(dir, "openclaw.json")])
      chownSync(path, NOBODY, NOBODY);
  }
  chmodSync(ledgerPath, 0o000);
});

/** The built CLI as a user whom the file's mode applies to. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        NO_COLOR: "1",
        OPENCLAW_STATE_DIR: dir,
        OPENCLAW_HOME: dir,
        TZ: "UTC",
      },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const CANNOT_READ = `the usage ledger ${ledgerPath} cannot be read: this user may not read it (permission denied)`;

describe("a usage ledger this user may not read", () => {
  it("usage says why it cannot open it, and what to do", async () => {
    const result = await run(["usage"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${CANNOT_READ}\n`);
    expect(result.stderr).toContain(
      `hint: give this user read access to it (ls -l ${ledgerPath} shows its owner and mode), or set gateway.ledger.path to another file`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);

    const json = await run(["usage", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: "usage.ledger_unreadable", message: CANNOT_READ },
    });
  });

  it("doctor says it cannot be read, not that it is read-only", async () => {
    const result = await run(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ ledger   ${CANNOT_READ.slice(0, 40)}`);
    expect(result.stdout.replace(/\n\s+/g, " ")).toContain(CANNOT_READ);
    expect(result.stdout).not.toContain("read-only");
  });
});
