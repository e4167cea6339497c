/**
 * `usage --last` takes a count in plain digits, as `gateway --port` takes a port: Number() read
 * "0x10" as 16 and "1e3" as 1000, so a typo listed some other number of requests without a word.
 * Each is refused as a usage error (exit 2) with the number it reads as. The built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function usage(args: string[]) {
  const dir = tempDir();
  return runCli(["usage", ...args], { env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir } });
}

describe("usage --last in other than plain digits", () => {
  it.each([
    ["0x10", 16],
    ["1e3", 1000],
    [" 5", 5],
  ])("--last %j is refused, naming the %d it reads as", async (value, read) => {
    const result = await usage(["--last", value]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: --last takes a count in plain digits (got "${value}", which reads as ${read})\nhint: write --last ${read}\n`,
    );
  });

  it("with --json, the same usage error", async () => {
    const result = await usage(["--errors", "--last", "1e1", "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: {
        code: "usage",
        message: '--last takes a count in plain digits (got "1e1", which reads as 10)',
        where: null,
        hint: "write --last 10",
      },
    });
  });

  it("plain digits still list (no ledger yet: exit 0)", async () => {
    const result = await usage(["--last", "20"]);
    expect(result.code).toBe(0);
  });
});
