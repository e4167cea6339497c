import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * `OPENCLAW_STATE_DIR=$DIR openclaw …` with $DIR unset sets the variable to "": the default
 * state directory (~/.openclaw, the real one) is used, as OpenClaw does, and the CLI says so
 * once rather than read and write there without a word. HOME and OPENCLAW_HOME point into a
 * temp dir so that this test's ~/.openclaw is its own.
 */
describe("a location variable set but empty", () => {
  it("is treated as unset, and the CLI says so once on stderr", async () => {
    const home = tempDir();
    const result = await runCli(["config", "file"], {
      env: { HOME: home, OPENCLAW_HOME: home, OPENCLAW_STATE_DIR: "" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${join(home, ".openclaw", "openclaw.json")}\n`);
    const notes = result.stderr.split("\n").filter((line) => line.includes("OPENCLAW_STATE_DIR"));
    expect(notes).toEqual([
      `note: OPENCLAW_STATE_DIR is set but empty, so the default state directory ${join(home, ".openclaw")} is used; unset the variable or give it a directory`,
    ]);
    expect(existsSync(join(home, ".openclaw"))).toBe(false);
  });

  it("names each blank one, OPENCLAW_CONFIG_PATH and OPENCLAW_HOME too, and keeps --json's stdout one object", async () => {
    const home = tempDir();
    const state = tempDir();
    const result = await runCli(["config", "file", "--json"], {
      env: { HOME: home, OPENCLAW_HOME: " ", OPENCLAW_STATE_DIR: state, OPENCLAW_CONFIG_PATH: "" },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ path: join(state, "openclaw.json") });
    expect(result.stderr).toContain(
      `note: OPENCLAW_CONFIG_PATH is set but empty, so the default config file ${join(state, "openclaw.json")} is used; unset the variable or give it a file`,
    );
    expect(result.stderr).toContain(
      `note: OPENCLAW_HOME is set but empty, so the home directory ${home} is used; unset the variable or give it a directory`,
    );
  });

  it("says nothing when the variables are unset or set", async () => {
    const state = tempDir();
    const result = await runCli(["config", "file"], { env: { OPENCLAW_STATE_DIR: state } });
    expect(result.stderr).not.toContain("is set but empty");
  });
});
