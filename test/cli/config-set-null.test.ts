/**
 * `config set <path> null`, the way some tools clear a setting, is refused as before (exit 2,
 * nothing written), and the hint now names the command that does remove it (`config unset`),
 * where it said only to give the key "a value of the kind it takes".
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = "{\n  // my gateway\n  gateway: { port: 18789 },\n}\n";

function state(): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  writeFileSync(configPath, CONFIG);
  return { env: { OPENCLAW_STATE_DIR: dir }, configPath };
}

describe("config set … null", () => {
  it("says to remove the key with config unset; exit 2, the file as it was", async () => {
    const { env, configPath } = state();
    const result = await runCli(["config", "set", "gateway.port", "null"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: invalid config: gateway.port: expected an integer");
    expect(result.stderr).toContain(
      "hint: gateway.port cannot be null; to remove it from the config, run: openclaw config unset gateway.port; nothing was written",
    );
    expect(readFileSync(configPath, "utf8")).toBe(CONFIG);
  });

  it("--json carries the same hint, and the command it names works", async () => {
    const { env, configPath } = state();
    const result = await runCli(["config", "set", "gateway.port", "null", "--json"], { env });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.hint).toContain("openclaw config unset gateway.port");
    const unset = await runCli(["config", "unset", "gateway.port"], { env });
    expect(unset.code).toBe(0);
    expect(readFileSync(configPath, "utf8")).toContain("// my gateway");
  });

  it('the string "null", quoted, is not taken for it', async () => {
    const { env } = state();
    const result = await runCli(["config", "set", "gateway.port", '"null"'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("config unset");
  });
});
