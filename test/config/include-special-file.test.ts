/**
 * An `$include` naming something that is not a file: a named pipe with no writer made every
 * command wait forever (opening it blocks); a socket or a device was opened too. Such a path is
 * refused at the `$include`'s line, without being opened; a symbolic link to a file still works.
 */
import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

const including = (target: string) =>
  `{\n  gateway: { port: 42604 },\n  $include: ${JSON.stringify(target)},\n}\n`;

async function validate(dir: string) {
  // The net only: a hang is killed and then fails on the exit code.
  return runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir }, timeoutMs: 20_000 });
}

describe.skipIf(process.platform === "win32")("an $include that is not a file", () => {
  it("is refused at its line when it is a named pipe with no writer", async () => {
    const dir = tempFiles({ "openclaw.json": including("./pipe.json5") });
    execFileSync("mkfifo", [join(dir, "pipe.json5")]);
    const { code, stderr } = await validate(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `error: ${join(dir, "pipe.json5")} is a named pipe, not a file; $include takes a JSON5 file\n`,
    );
    expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:3\n`);
    expect(stderr).toContain("hint: write the settings into a JSON5 file and point the $include");
  });

  it("is refused at its line when it is a socket", async () => {
    const dir = tempFiles({ "openclaw.json": including("./gateway.sock") });
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(dir, "gateway.sock"), done));
    try {
      const { code, stderr } = await validate(dir);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `error: ${join(dir, "gateway.sock")} is a socket, not a file; $include takes a JSON5 file\n`,
      );
      expect(stderr).toContain(`  at ${join(dir, "openclaw.json")}:3\n`);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it("still reads a symbolic link to a regular file", async () => {
    const dir = tempFiles({
      "openclaw.json": including("./linked.json5"),
      "real.json5": "{ gateway: { bind: 'loopback' } }\n",
    });
    symlinkSync("real.json5", join(dir, "linked.json5"));
    const { code, stdout, stderr } = await validate(dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("valid");
  });
});
