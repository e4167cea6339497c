/**
 * `--version` with `--json` (before or after it, `-V` too) prints one JSON object a script can
 * parse, the package's name and version, as every other --json output is an object; alone, or
 * with `--json` after `--`, it prints the bare version as before.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

function run(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, HOME: dir } });
}

describe("openclaw --version --json", () => {
  for (const args of [
    ["--version", "--json"],
    ["-V", "--json"],
    ["--json", "--version"],
    ["--json", "-V"],
  ]) {
    it(`${args.join(" ")}: {"name","version"} on stdout, exit 0`, async () => {
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ name: pkg.name, version: pkg.version });
    });
  }

  it("without --json (or with it after --), the bare version", async () => {
    expect((await run(["--version"])).stdout).toBe(`${pkg.version}\n`);
    expect((await run(["-V"])).stdout).toBe(`${pkg.version}\n`);
    expect((await run(["config", "get", "--version", "--", "--json"])).stdout).toBe(
      `${pkg.version}\n`,
    );
  });
});
