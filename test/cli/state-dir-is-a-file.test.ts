/**
 * OPENCLAW_STATE_DIR set to a file, most often the config file (`…/openclaw.json` taken for where
 * the config is). doctor said there was no config yet and to onboard, and that the state
 * directory was private; the store, gateway and ledger findings each said to "move or remove
 * the file", the person's config; `models list` and `agent` failed on a path under it. Now every
 * command says once, before it runs, that the variable names a file and what to set instead;
 * the file is left as it was. `--help` still prints the help.
 * OPENCLAW_STATE_DIR unset and ~/.openclaw a file (a config written by hand under that name, say):
 * each command failed on its own path under it, advising to move or remove the file, and doctor
 * said there was no config yet; now the same one error, naming the path, without that advice.
 * The built CLI (`npm run build` first); no provider is asked.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = '{\n  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },\n}\n';

function configFile(): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, "openclaw.json");
  writeFileSync(file, CONFIG);
  return { dir, file };
}

describe("OPENCLAW_STATE_DIR naming a file", () => {
  it("the config file: doctor says so and to point it at the file's directory, exit 1", async () => {
    const { dir, file } = configFile();
    const result = await runCli(["doctor"], { env: { OPENCLAW_STATE_DIR: file } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: OPENCLAW_STATE_DIR=${file} is a file, not a directory: the state directory holds the config (openclaw.json), the keys, the sessions and the usage ledger\n` +
        `hint: openclaw.json looks like a config file: to use it, point OPENCLAW_STATE_DIR at the directory that holds it (export OPENCLAW_STATE_DIR=${dir}), or point it at another directory and name the file with OPENCLAW_CONFIG_PATH=${file}; the file was not changed\n`,
    );
    expect(result.stderr).not.toContain("move or remove");
    expect(readFileSync(file, "utf8")).toBe(CONFIG);
  });

  it("with --json: the failure object, its code and where, nothing on stderr", async () => {
    const { file } = configFile();
    const result = await runCli(["models", "list", "--json"], {
      env: { OPENCLAW_STATE_DIR: file },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      error: {
        code: "config.state_dir_not_directory",
        message: expect.stringContaining(`OPENCLAW_STATE_DIR=${file} is a file, not a directory`),
        where: "OPENCLAW_STATE_DIR",
        hint: expect.stringContaining("point OPENCLAW_STATE_DIR at the directory that holds it"),
      },
    });
  });

  it("a directory under a file: names the file in the way", async () => {
    const { file } = configFile();
    const under = path.join(file, "state");
    const result = await runCli(["usage"], { env: { OPENCLAW_STATE_DIR: under } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: OPENCLAW_STATE_DIR=${under} is under ${file}, a file, not a directory`,
    );
  });

  it("leaves --help alone, and a state dir that is a directory or not there yet", async () => {
    const { file } = configFile();
    const help = await runCli(["doctor", "--help"], { env: { OPENCLAW_STATE_DIR: file } });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: openclaw doctor");
    const dir = tempDir();
    mkdirSync(path.join(dir, "state"));
    for (const state of [path.join(dir, "state"), path.join(dir, "not", "yet")]) {
      const result = await runCli(["config", "file"], { env: { OPENCLAW_STATE_DIR: state } });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${path.join(state, "openclaw.json")}\n`);
    }
  });
});

describe("~/.openclaw a file, OPENCLAW_STATE_DIR unset", () => {
  const COMMANDS = [
    ["doctor"],
    ["agent", "-m", "hi"],
    ["gateway", "--port", "0"],
    ["onboard", "--auth-choice", "moonshot-api-key", "--moonshot-api-key", "sk-fake-test-key-0001"],
    ["models", "list"],
    ["usage"],
  ];

  it.each(COMMANDS.map((args) => ({ line: args.slice(0, 2).join(" "), args })))(
    "$line: says once that it is a file and how to keep the state elsewhere",
    async ({ args }) => {
      const home = tempDir();
      const file = path.join(home, ".openclaw");
      writeFileSync(file, CONFIG);
      const result = await runCli(args, { env: { HOME: home } });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `error: the state directory ${file} is a file, not a directory: the state directory holds the config (openclaw.json), the keys, the sessions and the usage ledger\n` +
          `hint: OPENCLAW_STATE_DIR is not set, so ${file} is used: to keep the state elsewhere, point OPENCLAW_STATE_DIR at a directory (export OPENCLAW_STATE_DIR=${path.join(home, ".openclaw-state")}, say; openclaw creates one that does not exist yet), and if ${file} is a config file of yours, name it with OPENCLAW_CONFIG_PATH=${file}; the file was not changed\n`,
      );
      expect(readFileSync(file, "utf8")).toBe(CONFIG);
    },
  );

  it("with --json: the failure object names the file as where", async () => {
    const home = tempDir();
    const file = path.join(home, ".openclaw");
    writeFileSync(file, CONFIG);
    const result = await runCli(["models", "list", "--json"], { env: { HOME: home } });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: "config.state_dir_not_directory",
      where: file,
    });
  });

  it("the hint it gives works: the state elsewhere, the file as the config", async () => {
    const home = tempDir();
    const file = path.join(home, ".openclaw");
    writeFileSync(file, CONFIG);
    const result = await runCli(["models", "status", "--json"], {
      env: {
        HOME: home,
        OPENCLAW_STATE_DIR: path.join(home, ".openclaw-state"),
        OPENCLAW_CONFIG_PATH: file,
      },
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      configPath: file,
      configExists: true,
      default: "moonshot/kimi-k2.5",
    });
    expect(readFileSync(file, "utf8")).toBe(CONFIG);
  });
});
