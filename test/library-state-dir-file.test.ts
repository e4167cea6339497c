/**
 * A library call against a state directory that is a file: openRuntime() opened, and its first
 * run failed on the credential store (auth.store_unreadable, "move or remove the file", which may
 * be the person's config); startGateway() and readUsageReport() likewise on a path under it.
 * Now each throws the CLI's error for it, config.state_dir_not_directory, before reading anything,
 * whether OPENCLAW_STATE_DIR names the file or ~/.openclaw ($OPENCLAW_HOME/.openclaw) is one.
 * In-process; no provider is asked.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OpenClawError, openRuntime, readUsageReport, startGateway } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

const CONFIG = '{ agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } }\n';
const KEY = { MOONSHOT_API_KEY: "sk-fake-test-key-0001" };

/** A home directory whose .openclaw is a config file. */
function homeWithConfigFile(): { home: string; file: string } {
  const home = tempDir();
  const file = join(home, ".openclaw");
  writeFileSync(file, CONFIG);
  return { home, file };
}

describe("the library against a state directory that is a file", () => {
  it("~/.openclaw a file: openRuntime throws the CLI's error, naming it, with its hint", () => {
    const { home, file } = homeWithConfigFile();
    const error = refusal(() => openRuntime({ env: { OPENCLAW_HOME: home, ...KEY } }));
    expect(error).toMatchObject({
      code: "config.state_dir_not_directory",
      message: `the state directory ${file} is a file, not a directory: the state directory holds the config (openclaw.json), the keys, the sessions and the usage ledger`,
      where: file,
      hint: expect.stringContaining(
        `point OPENCLAW_STATE_DIR at a directory (export OPENCLAW_STATE_DIR=${join(home, ".openclaw-state")}, say;`,
      ),
    });
    expect(error.hint).toContain(`name it with OPENCLAW_CONFIG_PATH=${file}`);
    expect(error.hint).not.toContain("move or remove");
    expect(readFileSync(file, "utf8")).toBe(CONFIG);
  });

  it("OPENCLAW_STATE_DIR a file: openRuntime, startGateway and readUsageReport throw it", async () => {
    const { file } = homeWithConfigFile();
    const env = { OPENCLAW_STATE_DIR: file, ...KEY };
    const expected = {
      code: "config.state_dir_not_directory",
      where: "OPENCLAW_STATE_DIR",
      hint: "point OPENCLAW_STATE_DIR at a directory (openclaw creates one that does not exist yet); the file was not changed",
    };
    expect(refusal(() => openRuntime({ env }))).toMatchObject(expected);
    const started = startGateway({ env, port: 0 });
    await expect(started).rejects.toBeInstanceOf(OpenClawError);
    await expect(started).rejects.toMatchObject(expected);
    await expect(readUsageReport({ env })).rejects.toMatchObject(expected);
    expect(readFileSync(file, "utf8")).toBe(CONFIG);
  });

  it("a state directory not made yet is no error", () => {
    const home = tempDir();
    const opened = openRuntime({ env: { OPENCLAW_HOME: home, ...KEY } });
    expect(opened.stateDir).toBe(join(home, ".openclaw"));
  });
});
