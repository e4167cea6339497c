/**
 * `config set` where the config's directory may not be written (chmod 500, or owned by another
 * user): the refusal named the lock file and a bare EACCES, with the hint to check "the config's
 * directory". It now names that directory, says it is not writable for this user, and gives the
 * way out. Nothing is changed. As root every file can be written, so the CLI runs as nobody there
 * (permissionsBindUnder).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { permissionsBindUnder, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe("config set in a directory this user may not write", () => {
  it("names the directory and what to do; the config is left as it was", async () => {
    const dir = join(tempDir(), "state");
    const config = join(dir, "openclaw.json");
    const text = "{ gateway: { port: 18789 } }\n";
    mkdirSync(dir);
    writeFileSync(config, text, { mode: 0o600 });
    const user = permissionsBindUnder(join(dir, ".."));
    chmodSync(dir, 0o500);
    try {
      const result = await runCli(["config", "set", "gateway.port", "18795"], {
        env: { OPENCLAW_STATE_DIR: dir },
        ...(user ? { user } : {}),
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `error: cannot create the lock file ${config}.lock: ${dir} is not writable for this user (EACCES)\nhint: let this user write to ${dir} (ls -ld ${dir} shows its owner and mode), or point OPENCLAW_CONFIG_PATH or OPENCLAW_STATE_DIR at a place it may write; nothing was changed\n`,
      );
      expect(readFileSync(config, "utf8")).toBe(text);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
