/**
 * A config file (or an `$include`) that is a device with no end: /dev/zero says its size is 0, so
 * the size check passed and the read never finished (`config validate` hung, filling memory).
 * Reading stops past the limit and says so, naming the file; an `$include` is refused sooner, as a
 * device and not a file.
 */
import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

describe.skipIf(!existsSync("/dev/zero"))("a config file without an end", () => {
  it("named by $include (a link to /dev/zero) is refused as not a file", async () => {
    const state = tempDir();
    symlinkSync("/dev/zero", join(state, "zeros.json5"));
    writeFileSync(join(state, "openclaw.json"), '{ "$include": "./zeros.json5" }\n');
    const result = await runCli(["config", "validate"], {
      env: { OPENCLAW_STATE_DIR: state },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: ${join(state, "zeros.json5")} is a character device, not a file; $include takes a JSON5 file`,
    );
    // Told at the $include's line; a stack frame ("at fn (file:1:2)") would be a bug.
    expect(result.stderr).toContain(`  at ${join(state, "openclaw.json")}:1\n`);
    expect(result.stderr).not.toMatch(/bug in openclaw|\n\s+at .*\(/);
  });

  it("named by OPENCLAW_CONFIG_PATH is refused as too large", async () => {
    const state = tempDir();
    const result = await runCli(["config", "validate", "--json"], {
      env: { OPENCLAW_STATE_DIR: state, OPENCLAW_CONFIG_PATH: "/dev/zero" },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { valid: boolean; problems: unknown[] };
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ code: "config.too_large", file: "/dev/zero" }),
    ]);
  });
});
